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
  /** Abuse limits of the GraphQL endpoint (README "Limits and abuse protection"). */
  limits: LimitsConfig;
  /** PostgreSQL `statement_timeout` of every pooled connection of the server, in ms (0 = none). */
  dbStatementTimeoutMs: number;
  /** Express `trust proxy`: which reverse proxies may set X-Forwarded-For (false = none). */
  trustProxy: boolean | number | string;
  /** How often webhooks are pumped, in ms (0 = never: tests pump by hand). */
  webhookPollMs: number;
  /** Allow http:// and loopback/private webhook targets (off: https to public addresses only). */
  webhookAllowPrivate: boolean;
  /** Time a webhook receiver has to answer, in ms. */
  webhookTimeoutMs: number;
}

export interface LimitsConfig {
  /** Deepest field nesting of an operation (fragments expanded). GRAPHQL_MAX_DEPTH. */
  maxDepth: number;
  /** Highest computed cost of an operation. GRAPHQL_MAX_COST. */
  maxCost: number;
  /** Elements assumed for a list field without `first`. GRAPHQL_LIST_COST. */
  listCost: number;
  /** Fixed cost of `ranking` (a whole unit group, sized for a province). GRAPHQL_RANKING_COST. */
  rankingCost: number;
  /** Aliases per operation (fragments expanded). GRAPHQL_MAX_ALIASES. */
  maxAliases: number;
  /** Lexical tokens per document (graphql `parse` maxTokens). GRAPHQL_MAX_TOKENS. */
  maxTokens: number;
  /** Cost budget per minute of a session or API token (0 = no rate limiting). RATE_LIMIT_COST_PER_MINUTE. */
  rateLimitPerMinute: number;
  /** Cost budget per minute of anonymous callers, per IP address. RATE_LIMIT_ANONYMOUS_COST_PER_MINUTE. */
  anonymousRateLimitPerMinute: number;
  /** JSON manifest {"<sha256 hex>": "<query>"}: when set, only these operations run. PAR_TRUSTED_DOCUMENTS. */
  trustedDocuments: string | undefined;
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

/** TRUST_PROXY: unset/false = trust nobody; a number = that many proxy hops; else express's list (e.g. "loopback"). */
function trustProxy(env: NodeJS.ProcessEnv): boolean | number | string {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || ['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
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
    limits: {
      maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 12, 2, 100),
      maxCost: int(env, 'GRAPHQL_MAX_COST', 10_000, 1, 10_000_000),
      listCost: int(env, 'GRAPHQL_LIST_COST', 20, 1, 10_000),
      rankingCost: int(env, 'GRAPHQL_RANKING_COST', 1000, 1, 10_000_000),
      maxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 30, 0, 10_000),
      maxTokens: int(env, 'GRAPHQL_MAX_TOKENS', 5000, 100, 1_000_000),
      rateLimitPerMinute: int(env, 'RATE_LIMIT_COST_PER_MINUTE', 60_000, 0, 1_000_000_000),
      anonymousRateLimitPerMinute: int(env, 'RATE_LIMIT_ANONYMOUS_COST_PER_MINUTE', 6_000, 1, 1_000_000_000),
      trustedDocuments: env.PAR_TRUSTED_DOCUMENTS ? path.resolve(env.PAR_TRUSTED_DOCUMENTS) : undefined,
    },
    dbStatementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 15_000, 0, 24 * 3600_000),
    trustProxy: trustProxy(env),
    webhookPollMs: int(env, 'WEBHOOK_POLL_MS', 2_000, 0, 3600_000),
    webhookAllowPrivate: bool(env, 'WEBHOOK_ALLOW_PRIVATE', false),
    webhookTimeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 5_000, 100, 120_000),
  };
}
