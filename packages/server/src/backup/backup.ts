import type { MikroORM } from '@mikro-orm/postgresql';
import { ErrorCode, PLATFORM_VERSION, UserError } from '@par/core';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import * as tar from 'tar';
import { migrate, openOrm } from '../db/orm.js';
import { EvidenceStore, isSha256Hex } from '../evidence/store.js';

/**
 * Logical backup and restore of the platform: every table of the `public` schema (COPY, text
 * format, all read from one REPEATABLE READ snapshot) plus the evidence files the database refers
 * to, with a manifest of SHA-256 checksums, packed as one .tar.gz. Works over a normal connection,
 * so it needs no pg_dump (the embedded PostgreSQL does not ship it) and works on a running server.
 *
 * Archive layout:
 *   manifest.json                 see {@link BackupManifest}
 *   tables/<table>.copy           COPY … TO STDOUT output (text format, UTF-8)
 *   evidence/<aa>/<sha256>        evidence files, laid out as in the evidence store
 */

export const BACKUP_FORMAT = 'par-backup';
export const BACKUP_FORMAT_VERSION = 1;
const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/**
 * A backup or restore that was refused, with a message for people (the file or table at fault).
 * A UserError, so the CLI prints `error: <message>` and exits 2.
 */
export class BackupError extends UserError {
  constructor(message: string) {
    super(ErrorCode.BAD_USER_INPUT, message);
    this.name = 'BackupError';
  }
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  platformVersion: string;
  /** `server_version` of the source PostgreSQL (information only). */
  postgresVersion: string;
  /** Applied migrations of the source database; a restore target must have exactly these. */
  migrations: string[];
  tables: { name: string; columns: string[]; rows: number; bytes: number; sha256: string }[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
  evidence: { sha256: string; size: number }[];
}

export interface BackupOptions {
  /** Connection string of the database to back up. */
  databaseUrl: string;
  /** The evidence store (`config.evidenceDir`). */
  evidenceDir: string;
  /** The archive to write (.tar.gz); must not exist yet. */
  out: string;
}

export interface BackupSummary {
  file: string;
  /** Size of the archive in bytes. */
  bytes: number;
  createdAt: string;
  migrations: number;
  tables: number;
  rows: number;
  evidenceFiles: number;
  evidenceBytes: number;
  durationMs: number;
}

export interface RestoreOptions {
  /** Connection string of the target database. */
  databaseUrl: string;
  /** The target evidence store (`config.evidenceDir`). */
  evidenceDir: string;
  /** The archive written by {@link createBackup}. */
  file: string;
  /** Replace the target's data when it has any (otherwise a non-empty target is refused). */
  force?: boolean;
  /** An ORM open on the target, used to run the migrations; one is opened (and closed) when absent. */
  orm?: MikroORM;
}

export interface RestoreSummary {
  file: string;
  /** When the backup was taken, and by which platform version. */
  createdAt: string;
  platformVersion: string;
  tables: number;
  rows: number;
  evidenceFiles: number;
  evidenceBytes: number;
  /** Migrations this run applied to the target before restoring (a fresh database gets all of them). */
  migrationsApplied: string[];
  /** The target had data, which was replaced (--force). */
  replacedData: boolean;
  /**
   * How foreign keys and triggers were kept out of the way: `replica` (session_replication_role,
   * needs a superuser or a granted SET) or `dependency-order` (tables loaded parents first, with
   * the constraints and triggers active).
   */
  mode: 'replica' | 'dependency-order';
  warnings: string[];
  durationMs: number;
}

// ───────────────────────────── helpers ─────────────────────────────

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;
const tableFile = (name: string) => `tables/${name}.copy`;
const evidenceFile = (sha256: string) => `evidence/${sha256.slice(0, 2)}/${sha256}`;

/**
 * Session settings that make COPY's text output unambiguous and identical on both sides (as pg_dump
 * does): ISO dates, UTC, full float precision, UTF-8, and no row-level security silently hiding rows.
 */
const SESSION_SETTINGS = [
  `set client_encoding = 'UTF8'`,
  `set datestyle = 'ISO, YMD'`,
  `set intervalstyle = 'postgres'`,
  `set timezone = 'UTC'`,
  `set extra_float_digits = 3`,
  `set row_security = off`,
  `set statement_timeout = 0`,
  `set idle_in_transaction_session_timeout = 0`,
];

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const s of SESSION_SETTINGS) await client.query(s);
  return client;
}

/** Hashes, measures and counts the lines of whatever passes through. */
function meter() {
  const hash = createHash('sha256');
  const m = {
    bytes: 0,
    lines: 0,
    sha256: () => hash.digest('hex'),
    async *through(source: AsyncIterable<Buffer | string>) {
      for await (const piece of source) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
        hash.update(chunk);
        m.bytes += chunk.byteLength;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) m.lines++;
        yield chunk;
      }
    },
  };
  return m;
}

/** SHA-256, size and line count of a file (streamed). */
async function measureFile(file: string): Promise<{ sha256: string; bytes: number; lines: number }> {
  const m = meter();
  for await (const _ of m.through(createReadStream(file))) void _;
  return { sha256: m.sha256(), bytes: m.bytes, lines: m.lines };
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** Tables of the public schema that hold the platform's data (everything but the migrations log). */
async function dataTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition and c.relname <> $1
      order by c.relname`,
    [MIGRATIONS_TABLE],
  );
  return rows.map((r) => r.name);
}

/** Stored columns of a table in their physical order (generated columns are recomputed, so left out). */
async function tableColumns(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select attname as name from pg_attribute
      where attrelid = format('public.%I', $1::text)::regclass and attnum > 0 and not attisdropped and attgenerated = ''
      order by attnum`,
    [table],
  );
  return rows.map((r) => r.name);
}

async function appliedMigrations(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(`select name from ${client.escapeIdentifier(MIGRATIONS_TABLE)} order by id`);
  return rows.map((r) => r.name);
}

const qualified = (client: pg.Client, table: string) => `public.${client.escapeIdentifier(table)}`;
const columnList = (client: pg.Client, columns: string[]) => columns.map((c) => client.escapeIdentifier(c)).join(', ');

const list = (items: string[], max = 10) => (items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', '));

// ───────────────────────────── backup ─────────────────────────────

/**
 * Writes a backup archive of the database at `databaseUrl` and the evidence files it refers to.
 * All tables are read in one REPEATABLE READ READ ONLY transaction, so the archive is one consistent
 * state even while the server keeps writing. Every evidence file is hashed while it is copied; a
 * missing or corrupt one fails the backup naming it. The finished archive is read back and checked
 * against its manifest before it is moved into place.
 */
export async function createBackup(opts: BackupOptions): Promise<BackupSummary> {
  const started = Date.now();
  const out = path.resolve(opts.out);
  if (await exists(out)) throw new BackupError(`${out} already exists; choose another file name`);
  await mkdir(path.dirname(out), { recursive: true });
  // Staged beside the archive (same file system, no size limit of a tmpfs /tmp), removed at the end.
  const staging = await mkdtemp(path.join(path.dirname(out), `.${path.basename(out)}.staging-`));
  const partial = path.join(path.dirname(out), `.${path.basename(out)}.partial-${randomBytes(4).toString('hex')}`);
  try {
    const manifest = await dumpDatabase(opts.databaseUrl, staging);
    const evidenceBytes = await copyEvidence(new EvidenceStore(opts.evidenceDir), manifest.evidence, staging);
    await writeFile(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

    const entries = ['manifest.json', 'tables', ...(manifest.evidence.length ? ['evidence'] : [])];
    // Backups hold password hashes and personal data: readable by the owner only.
    await pipeline(
      tar.c({ gzip: { level: 6 }, cwd: staging, portable: true }, entries),
      createWriteStream(partial, { flags: 'wx', mode: 0o600 }),
    );
    await rm(staging, { recursive: true, force: true });
    // Read back what was written before calling it a backup (unpacked beside it, then removed).
    await verifyBackup(partial, path.dirname(out));
    await rename(partial, out);
    return {
      file: out,
      bytes: (await stat(out)).size,
      createdAt: manifest.createdAt,
      migrations: manifest.migrations.length,
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((s, t) => s + t.rows, 0),
      evidenceFiles: manifest.evidence.length,
      evidenceBytes,
      durationMs: Date.now() - started,
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(partial, { force: true });
  }
}

/** COPYs every data table into `<dir>/tables/` from one snapshot; returns the manifest (evidence listed, not copied). */
async function dumpDatabase(databaseUrl: string, dir: string): Promise<BackupManifest> {
  const client = await connect(databaseUrl);
  try {
    await client.query('begin isolation level repeatable read read only');
    // The first statement fixes the snapshot: everything below reads the same state.
    const createdAt = (await client.query<{ now: Date }>('select now()')).rows[0]!.now.toISOString();
    const postgresVersion = (await client.query<{ v: string }>('show server_version')).rows[0]!.v;
    const hasMigrations = (await client.query(`select 1 from pg_tables where schemaname = 'public' and tablename = $1`, [MIGRATIONS_TABLE])).rowCount;
    if (!hasMigrations) throw new BackupError('the database has no migrations table: it is not a PAR platform database (run pnpm par migrate first)');
    const migrations = await appliedMigrations(client);
    const names = await dataTables(client);
    const odd = names.filter((n) => !TABLE_NAME.test(n));
    if (odd.length) throw new BackupError(`unsupported table names in the public schema: ${list(odd)}`);

    await mkdir(path.join(dir, 'tables'), { recursive: true });
    const tables: BackupManifest['tables'] = [];
    for (const name of names) {
      const columns = await tableColumns(client, name);
      const m = meter();
      // A partitioned table cannot be COPYed directly; its rows are read through a query (and a
      // COPY into it routes them to the partitions again).
      const partitioned = (await client.query(`select 1 from pg_class where oid = format('public.%I', $1::text)::regclass and relkind = 'p'`, [name])).rowCount;
      const what = partitioned
        ? `(select ${columnList(client, columns)} from ${qualified(client, name)})`
        : `${qualified(client, name)} (${columnList(client, columns)})`;
      const stream = client.query(copyTo(`copy ${what} to stdout`));
      await pipeline(stream, m.through, createWriteStream(path.join(dir, tableFile(name)), { flags: 'wx' }));
      // In text format every row ends with exactly one newline (newlines inside values are escaped).
      if (m.lines !== stream.rowCount) throw new Error(`COPY of ${name} reported ${stream.rowCount} rows but wrote ${m.lines} lines`);
      tables.push({ name, columns, rows: stream.rowCount, bytes: m.bytes, sha256: m.sha256() });
    }

    const { rows: seqs } = await client.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'S' order by c.relname`,
    );
    const sequences: BackupManifest['sequences'] = [];
    for (const { name } of seqs) {
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>(`select last_value::text, is_called from ${qualified(client, name)}`);
      sequences.push({ name, lastValue: rows[0]!.last_value, isCalled: rows[0]!.is_called });
    }

    const evidence = names.includes('evidence_file') ? await referencedEvidence(client) : [];
    await client.query('commit');
    return { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, createdAt, platformVersion: PLATFORM_VERSION, postgresVersion, migrations, tables, sequences, evidence };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Distinct files the `evidence_file` records refer to, with their recorded size. */
async function referencedEvidence(client: pg.Client): Promise<BackupManifest['evidence']> {
  const { rows } = await client.query<{ sha256: string; sizes: number[] }>(
    `select sha256, array_agg(distinct size) as sizes from evidence_file group by sha256 order by sha256`,
  );
  const bad = rows.filter((r) => !isSha256Hex(r.sha256) || r.sizes.length !== 1);
  if (bad.length) throw new BackupError(`evidence_file records with an invalid SHA-256 or conflicting sizes: ${list(bad.map((r) => r.sha256))}`);
  return rows.map((r) => ({ sha256: r.sha256, size: r.sizes[0]! }));
}

/** Copies the listed evidence files out of the store, checking each one's SHA-256 and size on the way. */
async function copyEvidence(store: EvidenceStore, files: BackupManifest['evidence'], dir: string): Promise<number> {
  const problems: string[] = [];
  let total = 0;
  for (const f of files) {
    const source = store.path(f.sha256);
    const target = path.join(dir, evidenceFile(f.sha256));
    await mkdir(path.dirname(target), { recursive: true });
    const m = meter();
    try {
      await pipeline(createReadStream(source), m.through, createWriteStream(target, { flags: 'wx' }));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      problems.push(`${f.sha256}: missing (${source})`);
      continue;
    }
    const sha256 = m.sha256();
    if (sha256 !== f.sha256) problems.push(`${f.sha256}: corrupt, its content hashes to ${sha256} (${source})`);
    else if (m.bytes !== f.size) problems.push(`${f.sha256}: ${m.bytes} bytes, the database records ${f.size} (${source})`);
    total += m.bytes;
  }
  if (problems.length)
    throw new BackupError(
      `${problems.length} evidence file(s) referenced by the database are missing or corrupt in ${store.dir}; no backup was written:\n  ${problems.slice(0, 20).join('\n  ')}${problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ''}`,
    );
  return total;
}

// ───────────────────────────── verify ─────────────────────────────

function parseManifest(text: string): BackupManifest {
  let m: BackupManifest;
  try {
    m = JSON.parse(text) as BackupManifest;
  } catch {
    throw new BackupError('manifest.json is not valid JSON');
  }
  const bad = (what: string) => new BackupError(`manifest.json: ${what}`);
  if (m?.format !== BACKUP_FORMAT) throw bad(`not a PAR backup (format "${String(m?.format)}")`);
  if (m.formatVersion !== BACKUP_FORMAT_VERSION) throw bad(`format version ${m.formatVersion} is not supported (this platform reads version ${BACKUP_FORMAT_VERSION})`);
  const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
  if (typeof m.createdAt !== 'string' || typeof m.platformVersion !== 'string' || !isStrings(m.migrations)) throw bad('createdAt, platformVersion or migrations missing');
  if (!Array.isArray(m.tables) || !Array.isArray(m.evidence) || !Array.isArray(m.sequences)) throw bad('tables, sequences or evidence missing');
  for (const t of m.tables)
    if (typeof t?.name !== 'string' || !TABLE_NAME.test(t.name) || !isStrings(t.columns) || !t.columns.length || !Number.isSafeInteger(t.rows) || t.rows < 0 || !Number.isSafeInteger(t.bytes) || !isSha256Hex(t.sha256))
      throw bad(`invalid table entry ${JSON.stringify(t?.name ?? t)}`);
  for (const e of m.evidence) if (!isSha256Hex(e?.sha256) || !Number.isSafeInteger(e.size) || e.size < 0) throw bad(`invalid evidence entry ${JSON.stringify(e?.sha256 ?? e)}`);
  for (const s of m.sequences)
    if (typeof s?.name !== 'string' || !TABLE_NAME.test(s.name) || !/^-?\d+$/.test(String(s.lastValue)) || typeof s.isCalled !== 'boolean') throw bad(`invalid sequence entry ${JSON.stringify(s?.name ?? s)}`);
  const dup = (xs: string[]) => xs.find((x, i) => xs.indexOf(x) !== i);
  const d = dup(m.tables.map((t) => t.name)) ?? dup(m.evidence.map((e) => e.sha256));
  if (d) throw bad(`${d} is listed twice`);
  return m;
}

/**
 * Unpacks `file` into `dir` (only the entries a backup can contain: regular files under tables/ and
 * evidence/, and manifest.json) and checks every entry against the manifest: each table file's
 * SHA-256, size and row count, each evidence file's SHA-256 and size, and that nothing is missing
 * or extra. Throws a {@link BackupError} naming the first bad entry.
 */
async function unpackAndVerify(file: string, dir: string): Promise<BackupManifest> {
  if (!(await exists(file))) throw new BackupError(`${file} does not exist`);
  const unexpected: string[] = [];
  const allowed = (p: string) => p === 'manifest.json' || /^tables\/[a-z0-9_]+\.copy$/.test(p) || /^evidence\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(p);
  try {
    await tar.x({
      file,
      cwd: dir,
      strict: true,
      preserveOwner: false,
      filter: (p, entry) => {
        const name = p.replace(/^\.\//, '');
        const type = 'type' in entry ? entry.type : 'File';
        if (type === 'Directory' && /^(tables|evidence|evidence\/[0-9a-f]{2})\/?$/.test(name)) return true;
        if (type === 'File' && allowed(name)) return true;
        unexpected.push(name);
        return false;
      },
    });
  } catch (e) {
    throw new BackupError(`${file} is not a readable backup archive (${(e as Error).message})`);
  }
  if (unexpected.length) throw new BackupError(`the archive contains entries a backup never has: ${list(unexpected)}`);
  const manifestPath = path.join(dir, 'manifest.json');
  if (!(await exists(manifestPath))) throw new BackupError('the archive has no manifest.json');
  const manifest = parseManifest(await readFile(manifestPath, 'utf8'));

  for (const t of manifest.tables) {
    const p = path.join(dir, tableFile(t.name));
    if (!(await exists(p))) throw new BackupError(`${tableFile(t.name)} is missing from the archive`);
    const m = await measureFile(p);
    if (m.sha256 !== t.sha256) throw new BackupError(`${tableFile(t.name)}: checksum mismatch (SHA-256 ${m.sha256}, manifest ${t.sha256})`);
    if (m.bytes !== t.bytes || m.lines !== t.rows) throw new BackupError(`${tableFile(t.name)}: ${m.lines} rows / ${m.bytes} bytes, manifest says ${t.rows} rows / ${t.bytes} bytes`);
  }
  for (const e of manifest.evidence) {
    const p = path.join(dir, evidenceFile(e.sha256));
    if (!(await exists(p))) throw new BackupError(`${evidenceFile(e.sha256)} is missing from the archive`);
    const m = await measureFile(p);
    if (m.sha256 !== e.sha256) throw new BackupError(`${evidenceFile(e.sha256)}: checksum mismatch (its content hashes to ${m.sha256})`);
    if (m.bytes !== e.size) throw new BackupError(`${evidenceFile(e.sha256)}: ${m.bytes} bytes, manifest says ${e.size}`);
  }
  const listed = new Set([...manifest.tables.map((t) => tableFile(t.name)), ...manifest.evidence.map((e) => evidenceFile(e.sha256))]);
  const extra: string[] = [];
  for (const sub of ['tables', 'evidence'])
    for (const f of await readdir(path.join(dir, sub), { recursive: true, withFileTypes: true }).catch(() => []))
      if (f.isFile()) {
        const rel = path.relative(dir, path.join(f.parentPath, f.name)).split(path.sep).join('/');
        if (!listed.has(rel)) extra.push(rel);
      }
  if (extra.length) throw new BackupError(`the archive contains files the manifest does not list: ${list(extra)}`);
  return manifest;
}

/**
 * Checks an archive against its manifest without touching any database; returns the manifest.
 * Unpacks into a temporary directory under `workDir` (default: the system's temp directory).
 */
export async function verifyBackup(file: string, workDir = os.tmpdir()): Promise<BackupManifest> {
  const dir = await mkdtemp(path.join(workDir, '.par-verify-'));
  try {
    return await unpackAndVerify(path.resolve(file), dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ───────────────────────────── restore ─────────────────────────────

/**
 * Restores an archive into the database at `databaseUrl` and the evidence store `evidenceDir`.
 * Order: unpack and verify every checksum (nothing touched yet); migrate the target and require
 * exactly the backup's migrations; then one transaction: lock every table, refuse a target with
 * data unless `force` (then TRUNCATE), COPY each table with foreign keys and triggers off
 * (session_replication_role = replica) or, without the right to set it, parents first; check the
 * row counts, set the sequences, copy the evidence files (each re-hashed in place), commit.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreSummary> {
  const started = Date.now();
  const file = path.resolve(opts.file);
  const warnings: string[] = [];
  const dir = await mkdtemp(path.join(os.tmpdir(), 'par-restore-'));
  try {
    const manifest = await unpackAndVerify(file, dir);

    // Schema: the platform's migrations, then exactly the backup's list.
    const orm = opts.orm ?? (await openOrm(opts.databaseUrl));
    let migrationsApplied: string[];
    try {
      migrationsApplied = await migrate(orm);
    } finally {
      if (!opts.orm) await orm.close(true);
    }

    const client = await connect(opts.databaseUrl);
    try {
      const target = [...(await appliedMigrations(client))].sort();
      const wanted = [...manifest.migrations].sort();
      const missing = wanted.filter((m) => !target.includes(m));
      const extra = target.filter((m) => !wanted.includes(m));
      if (missing.length || extra.length)
        throw new BackupError(
          `the backup was taken at another schema version (platform ${manifest.platformVersion}) than this platform's database:` +
            (missing.length ? ` the target lacks ${list(missing)};` : '') +
            (extra.length ? ` the backup predates ${list(extra)};` : '') +
            ' restore it with the platform version that wrote it',
        );

      const tables = await dataTables(client);
      const notInBackup = tables.filter((t) => !manifest.tables.some((m) => m.name === t));
      const notInTarget = manifest.tables.filter((m) => !tables.includes(m.name)).map((m) => m.name);
      if (notInBackup.length || notInTarget.length)
        throw new BackupError(`the target's tables differ from the backup's: ${[...notInTarget.map((t) => `${t} (missing in the target)`), ...notInBackup.map((t) => `${t} (not in the backup)`)].join(', ')}`);
      for (const t of manifest.tables) {
        const columns = await tableColumns(client, t.name);
        if (columns.join(',') !== t.columns.join(','))
          throw new BackupError(`table ${t.name} has columns (${columns.join(', ')}) in the target but (${t.columns.join(', ')}) in the backup`);
      }

      await client.query('begin');
      try {
        // Nobody reads or writes these tables until we commit; an empty target stays empty until then.
        await client.query(`lock table ${tables.map((t) => qualified(client, t)).join(', ')} in access exclusive mode`);
        const { rows: filled } = await client.query<{ name: string }>(
          tables.map((t) => `select ${client.escapeLiteral(t)} as name where exists (select 1 from ${qualified(client, t)})`).join(' union all '),
        );
        if (filled.length && !opts.force)
          throw new BackupError(`the target database already holds data (in ${list(filled.map((r) => r.name))}); restore into an empty database, or pass --force to replace it`);

        let mode: RestoreSummary['mode'] = 'replica';
        await client.query('savepoint replica');
        try {
          await client.query(`set local session_replication_role = replica`);
          await client.query('release savepoint replica');
        } catch {
          await client.query('rollback to savepoint replica');
          mode = 'dependency-order';
          warnings.push('no right to set session_replication_role (not a superuser): tables were loaded parents first with foreign keys and triggers active');
        }
        if (filled.length) await client.query(`truncate table ${tables.map((t) => qualified(client, t)).join(', ')}`);

        const order = mode === 'replica' ? manifest.tables.map((t) => t.name) : await dependencyOrder(client, tables);
        let rows = 0;
        for (const name of order) {
          const t = manifest.tables.find((m) => m.name === name)!;
          const stream = client.query(copyFrom(`copy ${qualified(client, name)} (${columnList(client, t.columns)}) from stdin`));
          await pipeline(createReadStream(path.join(dir, tableFile(name))), stream);
          if (stream.rowCount !== t.rows) throw new Error(`COPY into ${name} loaded ${stream.rowCount} rows, the backup has ${t.rows}`);
          rows += t.rows;
        }
        const { rows: counts } = await client.query<{ name: string; n: string }>(
          tables.map((t) => `select ${client.escapeLiteral(t)} as name, count(*)::text as n from ${qualified(client, t)}`).join(' union all '),
        );
        for (const c of counts) {
          const expected = manifest.tables.find((t) => t.name === c.name)!.rows;
          if (Number(c.n) !== expected) throw new Error(`after loading, ${c.name} has ${c.n} rows, the backup has ${expected}`);
        }
        for (const s of manifest.sequences) {
          const found = (await client.query(`select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'S' and c.relname = $1`, [s.name])).rowCount;
          if (!found) throw new BackupError(`sequence ${s.name} of the backup does not exist in the target`);
          await client.query(`select setval($1::regclass, $2::bigint, $3)`, [qualified(client, s.name), s.lastValue, s.isCalled]);
        }

        // Files before the commit: should copying fail, the database is left as it was, and files
        // already copied are harmless (content-addressed, shared by identical uploads).
        const store = new EvidenceStore(opts.evidenceDir);
        let evidenceBytes = 0;
        for (const e of manifest.evidence) {
          const put = await store.put(path.join(dir, evidenceFile(e.sha256)));
          const check = await measureFile(store.path(e.sha256));
          if (put.sha256 !== e.sha256 || check.sha256 !== e.sha256 || check.bytes !== e.size)
            throw new BackupError(
              put.created
                ? `evidence file ${e.sha256} does not hash correctly after copying it to ${store.path(e.sha256)}`
                : `the target evidence store already holds a corrupt ${store.path(e.sha256)}: remove that file and restore again`,
            );
          evidenceBytes += e.size;
        }
        await client.query('commit');
        await client.query('analyze').catch(() => undefined); // fresh planner statistics; not essential

        return {
          file,
          createdAt: manifest.createdAt,
          platformVersion: manifest.platformVersion,
          tables: manifest.tables.length,
          rows,
          evidenceFiles: manifest.evidence.length,
          evidenceBytes,
          migrationsApplied,
          replacedData: filled.length > 0,
          mode,
          warnings,
          durationMs: Date.now() - started,
        };
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Tables ordered so every table comes after the tables its foreign keys point to (self references
 * are fine: a COPY checks them at the end of the statement). A cycle cannot be loaded this way.
 */
async function dependencyOrder(client: pg.Client, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
       from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
      where c.contype = 'f' and n.nspname = 'public'`,
  );
  const bare = (name: string) => name.replace(/^public\./, '').replace(/^"(.*)"$/, '$1');
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const r of rows) {
    const child = bare(r.child);
    const parent = bare(r.parent);
    if (child !== parent && parents.has(child) && parents.has(parent)) parents.get(child)!.add(parent);
  }
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t) && [...parents.get(t)!].every((p) => done.has(p)));
    if (!ready.length)
      throw new BackupError(
        `tables ${list(tables.filter((t) => !done.has(t)))} reference each other in a cycle; restoring them needs a superuser (or GRANT SET ON PARAMETER session_replication_role)`,
      );
    for (const t of ready) {
      order.push(t);
      done.add(t);
    }
  }
  return order;
}
