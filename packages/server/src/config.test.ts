import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from './config.js';

describe('configuration', () => {
  it('defaults: port 4000, .data in the project, demo data only on the embedded database', () => {
    const c = loadConfig({});
    expect(c.port).toBe(4000);
    expect(c.dataDir).toBe(path.join(PROJECT_ROOT, '.data'));
    expect(c.demo).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', PAR_DEMO: '1' }).demo).toBe(true);
  });

  it('introspection is off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', PAR_INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(loadConfig({}).introspection).toBe(true);
  });

  it('rejects nonsense with a message naming the setting', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ PAR_DEMO: 'maybe' })).toThrow(/PAR_DEMO/);
  });

  it('abuse limits and the statement timeout: documented defaults, overridable, checked', () => {
    const c = loadConfig({});
    expect(c.limits).toEqual({
      maxDepth: 12,
      maxCost: 10_000,
      listCost: 20,
      rankingCost: 1000,
      maxAliases: 30,
      maxTokens: 5000,
      rateLimitPerMinute: 60_000,
      anonymousRateLimitPerMinute: 6000,
      trustedDocuments: undefined,
    });
    expect(c.dbStatementTimeoutMs).toBe(15_000);
    expect(c.trustProxy).toBe(false);
    const o = loadConfig({
      GRAPHQL_MAX_DEPTH: '8',
      GRAPHQL_MAX_COST: '2000',
      GRAPHQL_LIST_COST: '10',
      GRAPHQL_RANKING_COST: '3000',
      GRAPHQL_MAX_ALIASES: '5',
      GRAPHQL_MAX_TOKENS: '1000',
      RATE_LIMIT_COST_PER_MINUTE: '0',
      RATE_LIMIT_ANONYMOUS_COST_PER_MINUTE: '100',
      PAR_TRUSTED_DOCUMENTS: 'manifest.json',
      DB_STATEMENT_TIMEOUT_MS: '0',
      TRUST_PROXY: 'loopback',
    });
    expect(o.limits).toEqual({
      maxDepth: 8,
      maxCost: 2000,
      listCost: 10,
      rankingCost: 3000,
      maxAliases: 5,
      maxTokens: 1000,
      rateLimitPerMinute: 0,
      anonymousRateLimitPerMinute: 100,
      trustedDocuments: path.resolve('manifest.json'),
    });
    expect(o.dbStatementTimeoutMs).toBe(0);
    expect(o.trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(() => loadConfig({ GRAPHQL_MAX_DEPTH: '0' })).toThrow(/GRAPHQL_MAX_DEPTH/);
    expect(() => loadConfig({ DB_STATEMENT_TIMEOUT_MS: '-1' })).toThrow(/DB_STATEMENT_TIMEOUT_MS/);
    expect(() => loadConfig({ RATE_LIMIT_ANONYMOUS_COST_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_ANONYMOUS_COST_PER_MINUTE/);
  });
});
