/**
 * Runs the README's "Integration guide (curl)" as written against the built server (what
 * `pnpm start` runs) on a fresh data directory with the demo. The user's configuration line
 * (`export PAR_URL=… PAR_TOKEN=…`) is replaced by the same variables from the test's environment.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, PROJECT_ROOT } from '@par/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = path.join(PROJECT_ROOT, 'packages/server/dist/main.js');
const run = promisify(execFile);
let dataDir: string;
let workDir: string;
let port: number;
let child: ChildProcess;
let out = '';

/** The ```sh blocks of the guide, in order. */
async function guideBlocks(): Promise<string[]> {
  const readme = await readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Integration guide (curl)');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 10));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'par-guide-'));
  workDir = await mkdtemp(path.join(os.tmpdir(), 'par-guide-cwd-'));
  await chmod(dataDir, 0o755);
  port = await freePort();
  child = spawn(process.execPath, [MAIN], { env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '', PAR_DEMO: '', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const end = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${out}`);
    if (Date.now() > end) throw new Error(`server not ready:\n${out}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
}, 120_000);
afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  await rm(dataDir, { recursive: true, force: true });
  await rm(workDir, { recursive: true, force: true });
});

describe('the integration guide', () => {
  it('runs as written: authenticate, push indicators (twice: nothing changes), read a ranking and its export, register a webhook', async () => {
    const token = /API token of motcua\.khanhhoa: (\S+)/.exec(out)?.[1];
    const password = /admin\.khanhhoa\s+(\S+)\s+ADMIN/.exec(out)?.[1];
    expect(token, out).toMatch(/^par_/);
    expect(password, out).toBeTruthy();
    const blocks = await guideBlocks();
    expect(blocks).toHaveLength(4);
    expect(blocks[0]).toMatch(/^export PAR_URL=.* PAR_TOKEN=/m);
    const script = ['set -euo pipefail', ...blocks.map((b) => b.replace(/^export PAR_URL=.*$/m, '')), 'echo', blocks[1]!].join('\n');
    const env = { ...process.env, PAR_URL: `http://127.0.0.1:${port}`, PAR_TOKEN: token!, PAR_ADMIN_PASSWORD: password! };
    const { stdout } = await run('bash', ['-c', script], { cwd: workDir, env, maxBuffer: 10 * 1024 * 1024 });
    // 1. who am I
    expect(stdout).toContain('"me":{"username":"motcua.khanhhoa","role":"INTEGRATION","province":{"code":"khanh-hoa"}}');
    // 2. the batch is stored, then re-sending it changes nothing
    expect(stdout).toContain('"created":[{"code":"LATE_DOSSIER_RATE","period":"2026-Q3","value":"1.6"},{"code":"ONLINE_PAYMENT_RATE","period":"2026-Q3","value":"72.5"}],"unchanged":[]');
    expect(stdout).toContain('"created":[],"unchanged":[{"code":"LATE_DOSSIER_RATE"},{"code":"ONLINE_PAYMENT_RATE"}],"rescoredScorecards":0');
    // 3. the ranking and the CSV export
    expect(stdout).toMatch(/"ranking":\{"rows":\[\{"rank":1,"unitName":"[^"]+","total":"[\d.]+","index":"[\d.]+","bandLabel":"[^"]+"/);
    const csv = await readFile(path.join(workDir, 'xep-hang-2025.csv'), 'utf8');
    expect(csv.split('\n').length).toBeGreaterThan(10);
    // 4. the webhook and its secret
    expect(stdout).toMatch(/"createWebhook":\{"secret":"whsec_[\w-]+","webhook":\{"id":"[^"]+","events":\["scorecard.submitted","results.published","deadline.","indicators.ingested"\]\}\}/);
  }, 60_000);

  it('pnpm par indicators:import takes the same rows from a JSON file, all or nothing', async () => {
    const CLI = path.join(PROJECT_ROOT, 'packages/server/dist/cli.js');
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };
    const file = path.join(workDir, 'chi-so.json');
    const rows = [{ unitCode: 'so-y-te', code: 'SATISFACTION', period: '2026', value: '88.5', source: 'Khảo sát SIPAS (thử nghiệm)', observedAt: '2026-11-01T00:00:00Z' }];
    await writeFile(file, JSON.stringify(rows));
    expect((await run(process.execPath, [CLI, 'indicators:import', '--province', 'khanh-hoa', '--file', file], { env })).stdout).toContain('created: 1, unchanged: 0');
    expect((await run(process.execPath, [CLI, 'indicators:import', '--province', 'khanh-hoa', '--file', file], { env })).stdout).toContain('created: 0, unchanged: 1');
    await writeFile(file, JSON.stringify([...rows, { ...rows[0], unitCode: 'khong-co' }]));
    const bad = await run(process.execPath, [CLI, 'indicators:import', '--province', 'khanh-hoa', '--file', file], { env }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('dòng 2, unit: Không tìm thấy đơn vị "khong-co" trong tỉnh.') });
  }, 60_000);
});
