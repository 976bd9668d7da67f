/**
 * What the browser tests share: Debian's Chromium driven by playwright-core (no browser download)
 * against the built server (what `pnpm start` runs) with the demo on a fresh data directory.
 * Without Chromium (CHROMIUM_PATH or /usr/bin/chromium) the tests skip, saying so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, PROJECT_ROOT } from '@par/server';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SHOTS = path.join(PROJECT_ROOT, '.test-results', 'screenshots');
const MAIN = path.join(PROJECT_ROOT, 'packages/server/dist/main.js');

export function warnIfNoChromium(what: string) {
  if (!HAVE_CHROMIUM) console.warn(`${what} skipped: Chromium not found at ${CHROMIUM} (install Debian's chromium, or set CHROMIUM_PATH)`);
}

export interface WebWorkspace {
  dataDir: string;
  browser: Browser;
  base: () => string;
  /** The demo password of an account, as the first start printed it. */
  password: (user: string) => string;
  gql: (query: string, variables?: Record<string, unknown>, token?: string) => Promise<{ data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  login: (user: string) => Promise<string>;
  signIn: (page: Page, username: string) => Promise<void>;
  stop: () => Promise<void>;
  /** What the server printed so far (diagnostics). */
  output: () => string;
}

/** Starts the built server with the demo and a headless Chromium. */
export async function startWebWorkspace(prefix: string): Promise<WebWorkspace> {
  await mkdir(SHOTS, { recursive: true });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await chmod(dataDir, 0o755);
  const port = await freePort();
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: '', PAR_DEMO: '', LOG_LEVEL: process.env.BROWSER_SERVER_LOG_LEVEL || 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const base = () => `http://127.0.0.1:${port}`;
  const end = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${out}`);
    if (Date.now() > end) throw new Error(`server not ready:\n${out}`);
    if (await fetch(`${base()}/readyz`).then((r) => r.status === 200, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const password = (user: string) => new RegExp(`${user.replace('.', '\\.')}\\s+(\\S+)\\s+`).exec(out)?.[1] ?? '';
  const gql: WebWorkspace['gql'] = async (query, variables = {}, token) => {
    const r = await fetch(`${base()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
    return (await r.json()) as Awaited<ReturnType<WebWorkspace['gql']>>;
  };
  return {
    dataDir,
    browser,
    base,
    password,
    gql,
    login: async (u) => (await gql('mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', { u, p: password(u) })).data!.login.token as string,
    signIn: async (page, username) => {
      await page.goto(base());
      await page.getByLabel('Tên đăng nhập').fill(username);
      await page.getByLabel('Mật khẩu').fill(password(username));
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
    },
    output: () => out,
    stop: async () => {
      await browser.close();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
