/**
 * What the tests of the built server as a process share (server-process, crash): the server and
 * CLI entry points, spawning a server with captured output, waiting for it to be ready, a GraphQL
 * client over HTTP, and the embedded PostgreSQL left behind by a SIGKILL.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '@par/server';

export const MAIN = path.join(PROJECT_ROOT, 'packages/server/dist/main.js');
export const CLI = path.join(PROJECT_ROOT, 'packages/server/dist/cli.js');
export const run = promisify(execFile);

/** A fresh data directory. Not mkdtemp's 0700 alone: as root, PostgreSQL runs as 'postgres' and must enter it. */
export async function makeDataDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

export interface Started {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

/** Server processes started by a test file, so that its hooks can stop whatever is still running. */
export class ServerProcesses {
  readonly running = new Set<ChildProcess>();

  spawn(env: NodeJS.ProcessEnv): Started {
    const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    this.running.add(child);
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        this.running.delete(child);
        resolve(code);
      }),
    );
    return { child, out: () => out, exited };
  }

  async stopAll(signal: NodeJS.Signals) {
    for (const child of [...this.running]) {
      child.kill(signal);
      await new Promise((r) => child.once('exit', r));
    }
  }
}

/** Waits until the server answers /readyz with 200; fails with its output if it exits first. */
export async function ready(s: Started, port: number, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (s.child.exitCode !== null || s.child.signalCode !== null) throw new Error(`server exited early:\n${s.out()}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready in time:\n${s.out()}`);
}

export type Body = { data?: any; errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[] };

/** A GraphQL client for the server on the port `portOf()` gives at the time of the call. */
export function graphqlClient(portOf: () => number) {
  return async (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Body> => {
    const r = await fetch(`http://127.0.0.1:${portOf()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await r.json()) as Body;
  };
}

/** The embedded PostgreSQL's postmaster of a data directory, if its pid file is there. */
export async function postgresPid(dataDir: string): Promise<number | null> {
  try {
    return Number((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } catch {
    return null;
  }
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Kills the PostgreSQL a SIGKILLed server left running on `dataDir`. */
export async function killOrphanPostgres(dataDir: string) {
  const pid = await postgresPid(dataDir);
  if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
}
