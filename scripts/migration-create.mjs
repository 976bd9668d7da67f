#!/usr/bin/env node
// Writes a migration for the difference between the entities and the checked-in migrations.
// It starts a throw-away embedded PostgreSQL, applies the existing migrations, asks MikroORM for
// the diff, writes packages/server/src/migrations/<Name>.ts and registers it in index.ts.
import { mkdtemp, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openOrm, startEmbeddedPostgres } from '@par/server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'packages/server/src/migrations');
const tmp = await mkdtemp(path.join(os.tmpdir(), 'par-migration-'));
await chmod(tmp, 0o755);
const pg = await startEmbeddedPostgres({ dataDir: tmp, fsync: false });
try {
  const current = await openOrm(pg.url);
  await current.getMigrator().up();
  await current.close(true);
  // A second ORM whose migrator looks at an empty scratch folder, so it only computes the diff.
  const scratch = path.join(tmp, 'out');
  const orm = await openOrm(pg.url, {
    migrations: { path: scratch, pathTs: scratch, emit: 'ts', snapshot: false, migrationsList: undefined },
  });
  const result = await orm.getMigrator().createMigration(scratch, false, false, process.argv[2]);
  await orm.close(true);
  if (result.fileName) await writeFile(path.join(dir, result.fileName), result.code);
  if (!result.fileName) {
    console.log('no changes: entities and migrations agree');
  } else {
    const name = result.fileName.replace(/\.ts$/, '');
    const className = /export class (\w+)/.exec(result.code)?.[1];
    const index = path.join(dir, 'index.ts');
    let src = await readFile(index, 'utf8');
    src = src.replace(
      /(import type \{ MigrationObject \} from '@mikro-orm\/core';\n)/,
      `$1import { ${className} } from './${name}.js';\n`,
    );
    src = src.replace(/export const migrationsList: MigrationObject\[\] = \[([\s\S]*?)\];/, (_m, body) => {
      const items = body.trim() ? body.trimEnd().replace(/,?$/, ',') + '\n' : '\n';
      return `export const migrationsList: MigrationObject[] = [${items}  { name: '${name}', class: ${className} },\n];`;
    });
    await writeFile(index, src);
    console.log(`wrote ${path.join(dir, result.fileName)} and registered it in index.ts`);
  }
} finally {
  await pg.stop();
  await rm(tmp, { recursive: true, force: true });
}
