import { readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { docxHeadings } from '@par/core';
import { freePort } from '@par/server';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alive, CLI, graphqlClient, killOrphanPostgres, makeDataDir, postgresPid as postgresPidOf, ready as readyOn, run, ServerProcesses, type Started } from './process-kit.js';

/**
 * The built server (packages/server/dist, plain node, no test transpiler) as users start it: on a
 * fresh DATA_DIR with the embedded PostgreSQL, restarted, killed with SIGKILL and restarted again.
 */
let dataDir: string;
let port = 0;
const env = () => ({ ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '', PAR_DEMO: '', LOG_LEVEL: 'info' });
const servers = new ServerProcesses();

/** Starts the built server on a port that was free a moment ago (other test files run in parallel). */
async function start(extraEnv: Record<string, string> = {}): Promise<Started> {
  port = await freePort();
  return spawnServer(extraEnv);
}
const spawnServer = (extraEnv: Record<string, string> = {}) => servers.spawn({ ...env(), ...extraEnv });
const ready = (s: Started) => readyOn(s, port);
const gql = graphqlClient(() => port);
const postgresPid = () => postgresPidOf(dataDir);

const login = (username: string, password: string) =>
  gql('mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', { u: username, p: password });

beforeAll(async () => {
  dataDir = await makeDataDir('par-process-');
});
// A failed assertion must not leave a server holding the port for the next test.
afterEach(async () => {
  await servers.stopAll('SIGTERM');
});
afterAll(async () => {
  await killOrphanPostgres(dataDir);
  await rm(dataDir, { recursive: true, force: true });
});

describe('the built server on the embedded database', () => {
  let adminPassword = '';

  it('first start: initialises the data directory, loads demo data, prints credentials once, answers /healthz and { __typename }', async () => {
    const s = await start();
    await ready(s);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(await gql('{ __typename }')).toEqual({ data: { __typename: 'Query' } });

    const m = /admin\.khanhhoa\s+(\S+)\s+ADMIN/.exec(s.out());
    expect(m, s.out()).not.toBeNull();
    adminPassword = m![1]!;
    const r = await login('admin.khanhhoa', adminPassword);
    expect(r.data?.login?.token).toMatch(/^ses_/);
    const me = await gql(
      '{ me { province { name } } units(filter: { province: "khanh-hoa", validOn: "2025-07-01" }, first: 100) { nodes { name } } }',
      {},
      r.data.login.token,
    );
    expect(me.data.me.province.name).toBe('Khánh Hòa');
    expect(me.data.units.nodes.map((u: { name: string }) => u.name)).toContain('UBND đặc khu Trường Sa');

    // GraphiQL is served from the build, with no script or style from another host.
    const page = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('/graphiql/app.js');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect((await fetch(`http://127.0.0.1:${port}/graphiql/app.js`)).status).toBe(200);

    const pgPid = await postgresPid();
    expect(pgPid && alive(pgPid)).toBe(true);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(alive(pgPid!)).toBe(false); // no orphan
  });

  it('second start reuses the data: no new credentials, the first password still works; the CLI manages accounts beside it', async () => {
    const s = await start();
    await ready(s);
    expect(s.out()).not.toContain('Demo accounts');
    const r = await login('admin.khanhhoa', adminPassword);
    expect(r.data?.login?.token).toMatch(/^ses_/);

    // pnpm par … attaches to the running server's database.
    const cliEnv = { ...env(), LOG_LEVEL: 'warn' };
    const created = await run(process.execPath, [CLI, 'user:create', '--province', 'khanh-hoa', '--username', 'cli.kiemtra', '--name', 'Kiểm tra viên', '--role', 'INSPECTOR'], { env: cliEnv });
    const pw = /password \(shown once\): (\S+)/.exec(created.stdout)![1]!;
    expect((await login('cli.kiemtra', pw)).data?.login?.token).toMatch(/^ses_/);

    const reset = await run(process.execPath, [CLI, 'user:reset-password', 'cli.kiemtra'], { env: cliEnv });
    const pw2 = /\(shown once\): (\S+)/.exec(reset.stdout)![1]!;
    expect((await login('cli.kiemtra', pw)).errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    expect((await login('cli.kiemtra', pw2)).data?.login?.token).toMatch(/^ses_/);

    const tok = await run(process.execPath, [CLI, 'token:create', '--username', 'motcua.khanhhoa', '--name', 'Cổng DVC'], { env: cliEnv });
    const id = /token id=(\S+)/.exec(tok.stdout)![1]!;
    const secret = /secret \(shown once\): (\S+)/.exec(tok.stdout)![1]!;
    expect((await gql('{ me { username } }', {}, secret)).data?.me?.username).toBe('motcua.khanhhoa');
    await run(process.execPath, [CLI, 'token:revoke', id], { env: cliEnv });
    expect((await gql('{ me { username } }', {}, secret)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const bad = await run(process.execPath, [CLI, 'user:create', '--province', 'khanh-hoa', '--username', 'x', '--name', 'X', '--role', 'BOSS'], { env: cliEnv }).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--role must be one of/);

    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
  });

  it('after SIGKILL of the server, PostgreSQL is orphaned and the next start recovers it', async () => {
    const s = await start();
    await ready(s);
    const pgPid = (await postgresPid())!;
    s.child.kill('SIGKILL');
    await s.exited;
    expect(alive(pgPid)).toBe(true); // re-parented orphan still holding the data directory

    const s3 = await start();
    await ready(s3);
    expect(alive(pgPid)).toBe(false);
    expect(s3.out()).toContain('orphaned PostgreSQL');
    expect((await login('admin.khanhhoa', adminPassword)).data?.login?.token).toMatch(/^ses_/);
    s3.child.kill('SIGTERM');
    expect(await s3.exited).toBe(0);
  });

  it('pnpm par ranking prints the demo ranking as JSON; the XLSX export holds the same values', async () => {
    const cliEnv = { ...env(), LOG_LEVEL: 'warn' };
    const json = await run(process.execPath, [CLI, 'ranking', '--province', 'khanh-hoa', '--year', '2025', '--format', 'json'], { env: cliEnv, maxBuffer: 10 * 1024 * 1024 });
    const groups = JSON.parse(json.stdout) as { group: string; provisional: boolean; rows: { rank: number; unit: string; total: string; index: string; bandLabel: string; areas: Record<string, string>; rules: string[] }[] }[];
    expect(groups.map((g) => g.group)).toEqual(['so-nganh', 'nganh-doc', 'cap-xa']);
    const depts = groups[0]!;
    expect(depts.provisional).toBe(false);
    expect(depts.rows.length).toBeGreaterThanOrEqual(11);
    expect(Object.keys(depts.rows[0]!.areas)).toEqual(expect.arrayContaining(['LEADERSHIP', 'PROCEDURES', 'IMPACT']));
    // Sở Xây dựng's 2025 indicators (6.03 % late dossiers, satisfaction 79.6 %) trigger KL 91; Sở Y tế's (4.99 %, 80.01 %) do not.
    const xd = depts.rows.find((r) => r.unit === 'Sở Xây dựng')!;
    expect(xd.rules.join(' ')).toMatch(/LATE_DOSSIER_RATE = 6\.0277.*SATISFACTION = 79\.6/);
    expect(depts.rows.find((r) => r.unit === 'Sở Y tế')!.rules).toEqual([]);
    // Trung bình in 2024 (as Sở Tài nguyên và Môi trường) and 2025 (merged into Sở Nông nghiệp và Môi trường): head review.
    expect(depts.rows.find((r) => r.unit === 'Sở Nông nghiệp và Môi trường')!.rules.join(' ')).toMatch(/HEAD_REVIEW/);

    const out = path.join(dataDir, 'xep-hang.xlsx');
    await run(process.execPath, [CLI, 'ranking', '--province', 'khanh-hoa', '--year', '2025', '--group', 'so-nganh', '--format', 'xlsx', '--out', out], { env: cliEnv });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Xếp hạng')!;
    const header = (ws.getRow(4).values as unknown[]).slice(1).map(String);
    const col = (name: string) => header.indexOf(name) + 1;
    const fromXlsx: string[] = [];
    for (let r = 5; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      fromXlsx.push([row.getCell(1).value, row.getCell(2).value, row.getCell(col('Tổng điểm')).value, row.getCell(col('Chỉ số (%)')).value, row.getCell(col('Xếp loại')).value].join('|'));
    }
    expect(fromXlsx).toEqual(depts.rows.map((r) => [r.rank, r.unit, Number(r.total), Number(r.index), r.bandLabel].join('|')));
  });

  it('pnpm par plan:* and inspection:* work on the demo: template round trip, import, tasks, overdue items, the outline DOCX', async () => {
    const cliEnv = { ...env(), LOG_LEVEL: 'warn' };
    const cli = (...args: string[]) => run(process.execPath, [CLI, ...args], { env: cliEnv, maxBuffer: 10 * 1024 * 1024 });
    const title = 'Kế hoạch cải cách hành chính tỉnh Khánh Hòa năm 2025';
    const xlsx = path.join(dataDir, 'ke-hoach.xlsx');
    expect((await cli('plan:template', '--province', 'khanh-hoa', '--year', '2025', '--title', title, '--out', xlsx)).stdout).toContain('(14 tasks)');
    // The demo plan has progress, so its table is not replaced; a new plan takes the same table.
    const refused = await cli('plan:import', '--province', 'khanh-hoa', '--year', '2025', '--title', title, '--file', xlsx).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('không thể thay bảng nhiệm vụ') });
    expect((await cli('plan:import', '--province', 'khanh-hoa', '--year', '2025', '--title', 'Bản sao kế hoạch (thử nghiệm)', '--file', xlsx)).stdout).toContain('14 tasks imported');
    const tasks = (await cli('plan:tasks', '--province', 'khanh-hoa', '--year', '2025', '--unit', 'so-tu-phap')).stdout;
    expect(tasks).toContain('Sở Tư pháp: 1/2 nhiệm vụ có thời hạn hoàn thành đúng hạn'); // the demo's done task and the copy's open one
    const items = (await cli('inspection:items', '--province', 'kon-tum', '--year', '2024', '--overdue')).stdout;
    expect(items).toMatch(/2024-08-10 QUÁ HẠN REPORT/);
    const docx = path.join(dataDir, 'bao-cao.docx');
    await cli('inspection:outline', '--province', 'khanh-hoa', '--unit', 'so-tu-phap', '--year', '2025', '--out', docx);
    const headings = await docxHeadings(await readFile(docx));
    expect(headings.filter((h) => h.level === 2)).toHaveLength(7);
  });

  it('a port in use gives one clear line naming the port and the setting, and a non-zero exit', async () => {
    // The blocker takes a port the kernel picks, so nothing else can race us for it.
    const blocker = net.createServer();
    port = await new Promise<number>((resolve, reject) => {
      blocker.once('error', reject);
      blocker.listen(0, () => resolve((blocker.address() as net.AddressInfo).port));
    });
    try {
      const s = spawnServer();
      const code = await s.exited;
      expect(code).not.toBe(0);
      expect(s.out().trim()).toBe(`Port ${port} is already in use: stop the other program or choose another port with PORT=<number>.`);
      expect(await postgresPid()).toBeNull(); // nothing was started
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});
