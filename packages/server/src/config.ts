import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (three levels up from packages/server/{src,dist}/config.*). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Every setting the platform reads, from the environment; documented in the README's table. */
export interface Config {
  port: number;
  host: string | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Load demo data: always on the embedded default, on a real server only with PAR_DEMO=1. */
  demo: boolean;
  introspection: boolean;
  sessionTtlHours: number;
  maxFailedLogins: number;
  lockMinutes: number;
  logLevel: string;
  production: boolean;
  /** Where evidence files are stored, content-addressed (default DATA_DIR/evidence). */
  evidenceDir: string;
  evidenceMaxBytes: number;
  /** Signs the audit chain head; kept outside the database. From AUDIT_KEY, else DATA_DIR/secrets.json. */
  auditKey: string | undefined;
  /** Signs evidence download links. From URL_SIGNING_KEY, else DATA_DIR/secrets.json. */
  urlSigningKey: string | undefined;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean) {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be 1/0 or true/false, got "${env[name]}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const databaseUrl = env.DATABASE_URL || undefined;
  const dataDir = path.resolve(env.DATA_DIR || path.join(PROJECT_ROOT, '.data'));
  return {
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || undefined,
    databaseUrl,
    dataDir,
    demo: databaseUrl ? bool(env, 'PAR_DEMO', false) : bool(env, 'PAR_DEMO', true),
    introspection: bool(env, 'PAR_INTROSPECTION', !production),
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 8, 1, 24 * 30),
    maxFailedLogins: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
    lockMinutes: int(env, 'LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    logLevel: env.LOG_LEVEL || 'info',
    production,
    evidenceDir: path.resolve(env.EVIDENCE_DIR || path.join(dataDir, 'evidence')),
    evidenceMaxBytes: int(env, 'EVIDENCE_MAX_MB', 20, 1, 500) * 1024 * 1024,
    auditKey: env.AUDIT_KEY || undefined,
    urlSigningKey: env.URL_SIGNING_KEY || undefined,
  };
}
