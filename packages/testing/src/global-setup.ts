import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate, openOrm, startEmbeddedPostgres, type EmbeddedPostgres } from '@par/server';

declare module 'vitest' {
  export interface ProvidedContext {
    parDb: { adminUrl: string; template: string };
  }
}

/**
 * One PostgreSQL per test run: the embedded one in a throw-away directory, or the server named by
 * DATABASE_URL (which needs CREATEDB). A template database is migrated once; every test file
 * clones it (CREATE DATABASE … TEMPLATE, ≈ 50 ms), so suites never share data.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgres | null = null;
  let dir: string | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    // Not mkdtemp's 0700 alone: as root, PostgreSQL runs as the 'postgres' user and must enter it.
    dir = await mkdtemp(path.join(os.tmpdir(), 'par-test-'));
    await chmod(dir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: dir, fsync: false, database: 'postgres' });
    adminUrl = embedded.adminUrl;
  }
  const template = `par_template_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${admin.escapeIdentifier(template)}`);
  const orm = await openOrm(withDatabase(adminUrl, template));
  await migrate(orm);
  await orm.close(true);
  project.provide('parDb', { adminUrl, template });

  return async () => {
    if (embedded) {
      await admin.end();
      await embedded.stop();
      await rm(dir!, { recursive: true, force: true });
    } else {
      // On a shared server, drop what this run created.
      const { rows } = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname = $1 or datname like $2`,
        [template, `par_t_${process.pid}_%`],
      );
      for (const r of rows) await admin.query(`drop database if exists ${admin.escapeIdentifier(r.datname)} with (force)`);
      await admin.end();
    }
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
