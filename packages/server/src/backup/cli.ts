import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditService, Province } from '@par/core';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, type Config } from '../config.js';
import { DataDirInUseError, startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { openOrm } from '../db/orm.js';
import { createLogger } from '../logger.js';
import { BackupError, createBackup, restoreBackup } from './backup.js';

/** `pnpm par backup` and `pnpm par restore`, called from cli.ts with its parsed options. */

type Values = Record<string, string | boolean | undefined>;
const str = (v: string | boolean | undefined) => (typeof v === 'string' && v ? v : undefined);

const size = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The database to work on: DATABASE_URL, or the embedded PostgreSQL in DATA_DIR. `attach`: share a
 * running server's PostgreSQL (backup) or refuse while a server runs on DATA_DIR (restore).
 */
async function withConnection<T>(config: Config, attach: boolean, fn: (url: string) => Promise<T>): Promise<T> {
  if (config.databaseUrl) return fn(config.databaseUrl);
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  let embedded;
  try {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, attach, log: (l) => logger.debug(l) });
  } catch (e) {
    if (e instanceof DataDirInUseError) throw new BackupError(`stop the server before restoring: ${e.message}`);
    throw e;
  }
  try {
    return await fn(embedded.url);
  } finally {
    await embedded.stop();
  }
}

export async function backupCommand(values: Values): Promise<void> {
  const out = str(values.out);
  if (!out) throw new BackupError('missing --out <file.tar.gz>');
  const config = loadConfig();
  const s = await withConnection(config, true, (databaseUrl) => createBackup({ databaseUrl, evidenceDir: config.evidenceDir, out }));
  console.log(`backup written: ${s.file} (${size(s.bytes)}), checked against its manifest`);
  console.log(`  database as of ${s.createdAt}: ${s.tables} tables, ${s.rows} rows, ${s.migrations} migrations`);
  console.log(`  evidence files: ${s.evidenceFiles} (${size(s.evidenceBytes)}) from ${config.evidenceDir}`);
  console.log(`  took ${seconds(s.durationMs)}`);
  console.log('  not included: AUDIT_KEY and URL_SIGNING_KEY (DATA_DIR/secrets.json); keep them safe separately');
}

export async function restoreCommand(values: Values): Promise<void> {
  const file = str(values.file);
  if (!file) throw new BackupError('missing --file <file.tar.gz>');
  const config = loadConfig();
  let auditOk = true;
  await withConnection(config, false, async (databaseUrl) => {
    const orm = await openOrm(databaseUrl);
    try {
      const s = await restoreBackup({ databaseUrl, evidenceDir: config.evidenceDir, file, force: values.force === true, orm });
      console.log(`restored ${s.file} (backup of ${s.createdAt}, platform ${s.platformVersion}); every checksum matched`);
      if (s.migrationsApplied.length) console.log(`  migrations applied first: ${s.migrationsApplied.length}`);
      if (s.replacedData) console.log('  the previous data of the target was replaced (--force)');
      console.log(`  ${s.tables} tables, ${s.rows} rows; row counts checked`);
      console.log(`  evidence files: ${s.evidenceFiles} (${size(s.evidenceBytes)}) into ${config.evidenceDir}, hashes checked`);
      for (const w of s.warnings) console.log(`  note: ${w}`);
      console.log(`  took ${seconds(s.durationMs)}`);
      auditOk = await verifyAuditChains(config, orm.em.fork() as unknown as EntityManager);
    } finally {
      await orm.close(true);
    }
  });
  if (!auditOk) {
    // The data is restored, but it does not verify: say so in the exit code too.
    console.error('error: the restored audit chain does not verify (see above)');
    process.exit(1);
  }
}

/**
 * Verifies every province's audit chain with this installation's AUDIT_KEY, when it has one (never
 * generating one: a new key could not verify the restored chain). False when a chain is broken.
 */
async function verifyAuditChains(config: Config, em: EntityManager): Promise<boolean> {
  let key = config.auditKey;
  if (!key) {
    try {
      key = (JSON.parse(await readFile(path.join(config.dataDir, 'secrets.json'), 'utf8')) as { auditKey?: string }).auditKey;
    } catch {
      key = undefined;
    }
  }
  if (!key) {
    console.log('  audit chain: not checked, no AUDIT_KEY here yet. Set AUDIT_KEY (or copy DATA_DIR/secrets.json) from the');
    console.log('  installation that wrote the backup before starting the server, then run: pnpm par audit verify');
    return true;
  }
  const audit = new AuditService(key);
  let ok = true;
  for (const p of await em.find(Province, {}, { orderBy: { code: 'asc' } })) {
    const b = await audit.verify(em, p.id);
    if (!b) {
      console.log(`  audit chain ${p.code}: ok`);
      continue;
    }
    ok = false;
    console.log(`  audit chain ${p.code}: BROKEN at #${b.seq} (${b.problem}): ${b.message}`);
    if (b.problem === 'head-signature-invalid') console.log('    (is AUDIT_KEY the one of the installation that wrote the backup?)');
  }
  return ok;
}
