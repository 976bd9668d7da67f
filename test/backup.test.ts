import type { EntityManager } from '@mikro-orm/postgresql';
import { Role, toGlobalId } from '@par/core';
import { createLogger, loadDemoData, PROJECT_ROOT } from '@par/server';
import { createTestDatabase, seedAccount, sql, startTestServer, type SeededAccount, type TestDatabase, type TestServer } from '@par/testing';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup, restoreBackup, verifyBackup } from '../packages/server/src/backup/backup.js';

/**
 * Backup and restore: the demo season (published rankings, audit chain) plus uploaded evidence
 * files, backed up from one database and restored into a fresh one, must come back identical; a
 * damaged archive must be refused before anything is written.
 */

// tar is a dependency of @par/server, not of the test package: load it from there (CommonJS build).
interface Tar {
  x(o: { file: string; cwd: string }): Promise<void>;
  c(o: { file: string; cwd: string; gzip: boolean; portable: boolean }, files: string[]): Promise<void>;
}
const tar = createRequire(path.join(PROJECT_ROOT, 'packages/server/package.json'))('tar') as Tar;
const CLI = path.join(PROJECT_ROOT, 'packages/server/dist/cli.js');
const AUDIT_KEY = 'test-audit-key-0123456789abcdef-0123456789'; // the key startTestServer uses

let work: string;
let source: TestServer;
let admin: SeededAccount;
let unit: SeededAccount;
let archive: string;
const uploaded: { sha256: string; fileName: string; bytes: Buffer }[] = [];
const cleanup: (() => Promise<unknown>)[] = [];

const srcEvidence = () => path.join(work, 'evidence-source');
const em = (s: TestServer) => s.platform.orm.em.fork() as unknown as EntityManager;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  cleanup.push(() => db.drop());
  return db;
}

/** Every data table's row count and a digest of its rows in a fixed order. */
async function fingerprint(url: string): Promise<Record<string, { n: number; h: string }>> {
  const tables = await sql<{ name: string }>(url, `select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'mikro_orm_migrations' order by 1`);
  const out: Record<string, { n: number; h: string }> = {};
  for (const { name } of tables)
    out[name] = (await sql<{ n: number; h: string }>(url, `select count(*)::int as n, md5(coalesce(string_agg(x::text, E'\\n' order by x::text), '')) as h from "${name}" x`))[0]!;
  return out;
}

const totalRows = async (url: string) => Object.values(await fingerprint(url)).reduce((s, t) => s + t.n, 0);

/** Files in an evidence store, by their SHA-256 as named, with the SHA-256 of their content. */
async function storeFiles(dir: string): Promise<{ name: string; actual: string }[]> {
  if (!existsSync(dir)) return [];
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile() && !f.name.startsWith('.'));
  return Promise.all(files.map(async (f) => ({ name: f.name, actual: sha256(await readFile(path.join(f.parentPath, f.name))) })));
}

const RANKING = `query($r: ID!) { ranking(roundId: $r, group: "so-nganh", provisional: false) { label rows { rank unitName total index band } } }`;
const khanhHoa2025 = async (url: string) =>
  toGlobalId('AssessmentRound', (await sql<{ id: string }>(url, `select r.id from assessment_round r join province p on p.id = r.province_id where p.code = 'khanh-hoa' and r.year = 2025`))[0]!.id);

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'par-backup-test-'));
  source = await startTestServer({ evidenceDir: path.join(work, 'evidence-source') });
  await loadDemoData(em(source), createLogger('silent'), source.platform.services);
  admin = await seedAccount(source, { province: 'khanh-hoa', username: 'bk.admin', role: Role.ADMIN });
  unit = await seedAccount(source, { province: 'khanh-hoa', username: 'bk.nhatrang', role: Role.UNIT, unitCode: 'phuong-nha-trang' });
  // Real evidence files through the upload route, as units send them.
  for (const [i, fileName] of ['Kế hoạch CCHC 2025.pdf', 'Báo cáo quý III.pdf'].entries()) {
    const bytes = Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${i} ${fileName}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
    const res = await fetch(`${source.url}/evidence/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(fileName), authorization: `Bearer ${unit.token}` },
      body: bytes,
    });
    expect(res.status).toBe(201);
    uploaded.push({ sha256: ((await res.json()) as { sha256: string }).sha256, fileName, bytes });
  }
  archive = path.join(work, 'season.tar.gz');
});

afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  await source?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('backup and restore', () => {
  let target: TestDatabase;
  let restored: TestServer;
  const dstEvidence = () => path.join(work, 'evidence-restored');

  it('backs up the demo season and the uploaded evidence files, with a manifest of checksums', async () => {
    const audit = await sql<{ n: number }>(source.db.url, 'select count(*)::int as n from audit_event');
    expect(audit[0]!.n).toBeGreaterThan(0);
    expect((await sql(source.db.url, 'select 1 from publication')).length).toBeGreaterThan(0);

    const summary = await createBackup({ databaseUrl: source.db.url, evidenceDir: srcEvidence(), out: archive });
    expect(summary.evidenceFiles).toBe(uploaded.length);
    expect(summary.bytes).toBeGreaterThan(0);
    const manifest = await verifyBackup(archive);
    expect(manifest.evidence.map((e) => e.sha256).sort()).toEqual(uploaded.map((u) => u.sha256).sort());
    expect(manifest.tables.find((t) => t.name === 'audit_event')!.rows).toBe(audit[0]!.n);
    expect(manifest.tables.map((t) => t.name)).not.toContain('mikro_orm_migrations');
    const migrations = await sql<{ name: string }>(source.db.url, 'select name from mikro_orm_migrations order by id');
    expect(manifest.migrations).toEqual(migrations.map((m) => m.name));
    // Only the archive is left behind (no staging directory, no partial file).
    expect((await readdir(work)).filter((f) => f.startsWith('.'))).toEqual([]);
    await expect(createBackup({ databaseUrl: source.db.url, evidenceDir: srcEvidence(), out: archive })).rejects.toThrow(/already exists/);
  });

  it('restores into a fresh database and an empty evidence directory: every row, ranking, audit chain and file identical', async () => {
    target = await freshDatabase();
    const summary = await restoreBackup({ databaseUrl: target.url, evidenceDir: dstEvidence(), file: archive });
    expect(summary.mode).toBe('replica');
    expect(summary.replacedData).toBe(false);
    expect(summary.evidenceFiles).toBe(uploaded.length);

    // Every table, row for row.
    expect(await fingerprint(target.url)).toEqual(await fingerprint(source.db.url));
    // The published rankings and the audit trail, compared as rows too (byte-identical JSON).
    const publications = `select id, version, results, digest from publication order by id`;
    expect(JSON.stringify(await sql(target.url, publications))).toBe(JSON.stringify(await sql(source.db.url, publications)));
    const events = `select * from audit_event order by province_id, seq`;
    expect(JSON.stringify(await sql(target.url, events))).toBe(JSON.stringify(await sql(source.db.url, events)));

    // The platform on the restored database: the same ranking, a chain that verifies, the files.
    restored = await startTestServer({ databaseUrl: target.url, evidenceDir: dstEvidence() });
    cleanup.push(() => restored.stop());
    const round = await khanhHoa2025(target.url);
    const before = await source.gql(RANKING, { r: round }, admin.token);
    expect(before.errors).toBeUndefined();
    expect(before.data!.ranking.rows.length).toBeGreaterThan(0);
    const after = await restored.gql(RANKING, { r: round }, admin.token); // the session came back too
    expect(after).toEqual(before);
    const provinces = await sql<{ id: string }>(target.url, 'select id from province');
    for (const p of provinces) expect(await restored.platform.services.audit.verify(em(restored), p.id)).toBeNull();
    expect((await restored.gql('{ auditCheck { ok } }', {}, admin.token)).data!.auditCheck.ok).toBe(true);

    const files = await storeFiles(dstEvidence());
    expect(files.map((f) => f.name).sort()).toEqual(uploaded.map((u) => u.sha256).sort());
    for (const f of files) expect(f.actual).toBe(f.name);
    const u = uploaded[0]!;
    const link = restored.platform.services.downloads.sign(u.sha256, u.fileName, unit.uuid);
    const download = await fetch(`${restored.url}${link}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(u.bytes)).toBe(true);
  });

  it('refuses a database that already holds data unless --force, which replaces it', async () => {
    await sql(target.url, `delete from user_session`);
    const changed = await fingerprint(target.url);
    await expect(restoreBackup({ databaseUrl: target.url, evidenceDir: dstEvidence(), file: archive })).rejects.toThrow(/already holds data.*--force/s);
    expect(await fingerprint(target.url)).toEqual(changed);

    const summary = await restoreBackup({ databaseUrl: target.url, evidenceDir: dstEvidence(), file: archive, force: true });
    expect(summary.replacedData).toBe(true);
    expect(await fingerprint(target.url)).toEqual(await fingerprint(source.db.url));
  });

  it('refuses a damaged or edited archive before writing anything, naming the bad entry', async () => {
    const empty = await freshDatabase();
    const evidence = path.join(work, 'evidence-untouched');
    const tamper = async (name: string, edit: (dir: string) => Promise<void>) => {
      const dir = await mkdtemp(path.join(work, 'unpacked-'));
      await tar.x({ file: archive, cwd: dir });
      await edit(dir);
      const out = path.join(work, `${name}.tar.gz`);
      await tar.c({ file: out, cwd: dir, gzip: true, portable: true }, await readdir(dir));
      return out;
    };
    const flip = async (file: string) => {
      const b = await readFile(file);
      const i = Math.floor(b.length / 2);
      b.writeUInt8(b.readUInt8(i) ^ 0x01, i);
      await writeFile(file, b);
    };
    const cases: [string, string, RegExp][] = [
      [await tamper('table-byte', (d) => flip(path.join(d, 'tables/audit_event.copy'))), 'a flipped byte in a table', /tables\/audit_event\.copy: checksum mismatch/],
      [await tamper('evidence-byte', (d) => flip(path.join(d, 'evidence', uploaded[1]!.sha256.slice(0, 2), uploaded[1]!.sha256))), 'a flipped byte in a file', new RegExp(`evidence/../${uploaded[1]!.sha256}: checksum mismatch`)],
      [
        await tamper('manifest-rows', async (d) => {
          const m = JSON.parse(await readFile(path.join(d, 'manifest.json'), 'utf8'));
          m.tables.find((t: { name: string }) => t.name === 'publication').rows += 1;
          await writeFile(path.join(d, 'manifest.json'), JSON.stringify(m));
        }),
        'an edited manifest',
        /tables\/publication\.copy: .* manifest says/,
      ],
      [await tamper('missing-table', (d) => rm(path.join(d, 'tables/province.copy'))), 'a missing table file', /tables\/province\.copy is missing/],
      [await tamper('extra-file', (d) => writeFile(path.join(d, 'tables/zz_extra.copy'), 'x\n')), 'an unlisted file', /does not list: tables\/zz_extra\.copy/],
    ];
    const truncated = path.join(work, 'truncated.tar.gz');
    await writeFile(truncated, (await readFile(archive)).subarray(0, 200));
    cases.push([truncated, 'a truncated archive', /not a readable backup archive/]);

    for (const [file, what, message] of cases) {
      await expect(restoreBackup({ databaseUrl: empty.url, evidenceDir: evidence, file }), what).rejects.toThrow(message);
      expect(await totalRows(empty.url), what).toBe(0);
      expect(existsSync(evidence), what).toBe(false);
    }
  });

  it('a backup taken while the audit chains grow is one consistent state: the restored chains verify', async () => {
    const provinces = (await sql<{ id: string }>(source.db.url, 'select id from province order by code')).map((p) => p.id);
    let writing = true;
    // One writer per province (each chain is serialized by its head row), appending until the backup is done.
    const writers = provinces.map(async (provinceId) => {
      for (let n = 0; writing; n++)
        await em(source).transactional((tx) =>
          source.platform.services.audit.append(tx as unknown as EntityManager, {
            provinceId, actorId: null, action: 'backup.test', entityType: 'Test', entityId: provinceId, payload: { n },
          }),
        );
    });
    const out = path.join(work, 'busy.tar.gz');
    try {
      await new Promise((r) => setTimeout(r, 20));
      await createBackup({ databaseUrl: source.db.url, evidenceDir: srcEvidence(), out });
    } finally {
      writing = false;
      await Promise.all(writers);
    }
    const copy = await freshDatabase();
    await restoreBackup({ databaseUrl: copy.url, evidenceDir: path.join(work, 'evidence-busy'), file: out });
    const count = async (url: string) => (await sql<{ n: number }>(url, `select count(*)::int as n from audit_event where action = 'backup.test'`))[0]!.n;
    const inBackup = await count(copy.url);
    expect(inBackup).toBeGreaterThan(0); // the writers were running when the snapshot was taken …
    expect(inBackup).toBeLessThan(await count(source.db.url)); // … and kept going afterwards
    const check = await startTestServer({ databaseUrl: copy.url, evidenceDir: path.join(work, 'evidence-busy') });
    try {
      // Rows and heads come from the same instant: read at different times, a head would point past its rows.
      for (const p of provinces) expect(await check.platform.services.audit.verify(em(check), p)).toBeNull();
    } finally {
      await check.stop();
    }
  });

  it('fails the backup naming an evidence file that is missing from the store, and writes no archive', async () => {
    const victim = uploaded[0]!.sha256;
    const stored = path.join(srcEvidence(), victim.slice(0, 2), victim);
    await rename(stored, `${stored}.away`);
    const out = path.join(work, 'incomplete.tar.gz');
    try {
      await expect(createBackup({ databaseUrl: source.db.url, evidenceDir: srcEvidence(), out })).rejects.toThrow(new RegExp(`${victim}: missing`));
    } finally {
      await rename(`${stored}.away`, stored);
    }
    expect(existsSync(out)).toBe(false);
    expect((await readdir(work)).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('pnpm par backup / restore (the built CLI)', () => {
  const run = promisify(execFile);
  const cli = (env: Record<string, string>, ...args: string[]) =>
    run(process.execPath, [CLI, ...args], { env: { ...process.env, DATA_DIR: path.join(work, 'cli-data'), LOG_LEVEL: 'warn', ...env } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('backs up, restores into an empty database with the audit chains checked, and refuses with exit 2', async () => {
    const out = path.join(work, 'cli.tar.gz');
    const backup = await cli({ DATABASE_URL: source.db.url, EVIDENCE_DIR: srcEvidence() }, 'backup', '--out', out);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/backup written: .*cli\.tar\.gz/);

    const target = await freshDatabase();
    const env = { DATABASE_URL: target.url, EVIDENCE_DIR: path.join(work, 'evidence-cli'), AUDIT_KEY };
    const restore = await cli(env, 'restore', '--file', out);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/every checksum matched/);
    expect(restore.stdout).toMatch(/audit chain khanh-hoa: ok/);
    expect((await fingerprint(target.url)).publication).toEqual((await fingerprint(source.db.url)).publication);

    const again = await cli(env, 'restore', '--file', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error: the target database already holds data/);

    const bad = path.join(work, 'cli-bad.tar.gz');
    await writeFile(bad, (await readFile(out)).subarray(0, 100));
    const refused = await cli({ ...env, DATABASE_URL: (await freshDatabase()).url }, 'restore', '--file', bad, '--force');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: .*not a readable backup archive/);
  });
});
