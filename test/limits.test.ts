import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AssessmentRound,
  dec,
  Province,
  Role,
  RoundGroup,
  Scorecard,
  ScorecardResult,
  Stage,
  toGlobalId,
  Unit,
  UnitGroup,
  UnitKind,
} from '@par/core';
import { createLogger, INTERNAL_ERROR_MESSAGE, loadConfig, startPlatform, type Config } from '@par/server';
import { createTestDatabase, seedAccount, seedProvince, sql, startTestServer, type SeededAccount, type TestServer } from '@par/testing';
import { getIntrospectionQuery } from 'graphql';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDownload } from '../packages/server/src/evidence/index.js';
import { inlineHashes, loadTrustedDocuments } from '../packages/server/src/limits/index.js';
import { RateLimiter } from '../packages/server/src/limits/rate-limiter.js';

/**
 * Abuse limits of the GraphQL endpoint (depth, cost, aliases, tokens, batching, page size, rate),
 * the database statement timeout, trusted documents, security headers and request logs, all over
 * real HTTP on the real platform.
 */
const defaults = loadConfig({});
const withLimits = (l: Partial<Config['limits']>): Partial<Config> => ({ limits: { ...defaults.limits, ...l } });

let server: TestServer;
let admin: SeededAccount;
const em = (s: TestServer = server) => s.platform.orm.em.fork() as unknown as EntityManager;

interface Body {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

/** POSTs and returns status, headers and body (server.gql hides the headers). */
async function post(s: TestServer, body: unknown, token?: string | null, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Body };
}

const unitCount = async (s: TestServer, code: string) =>
  Number((await sql<{ n: number }>(s.db.url, 'select count(*)::int as n from unit where code = $1', [code]))[0]!.n);

beforeAll(async () => {
  server = await startTestServer();
  await seedProvince(em(), 'khanh-hoa', 'Khánh Hòa', [{ code: 'so-tu-phap', name: 'Sở Tư pháp' }]);
  admin = await seedAccount(server, { province: 'khanh-hoa', username: 'admin.gioihan', role: Role.ADMIN });
});
afterAll(async () => {
  await server?.stop();
});

/** `{ me { province { successor × k { id } } } }`: depth k + 3. */
const successors = (k: number) => `province { ${'successor { '.repeat(k)}id${' }'.repeat(k)} }`;

describe('depth limit (GRAPHQL_MAX_DEPTH, default 12)', () => {
  it('12 levels run; 13 are refused with QUERY_TOO_DEEP before anything runs', async () => {
    const ok = await post(server, { query: `{ me { ${successors(9)} } }` }, admin.token);
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data!.me.province.successor).toBeNull();

    const deep = await post(server, { query: `{ me { ${successors(10)} } }` }, admin.token);
    expect(deep.status).toBe(400);
    expect(deep.body.data).toBeUndefined();
    expect(deep.body.errors).toHaveLength(1);
    expect(deep.body.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_DEEP', depth: 13, maxDepth: 12 });
    expect(deep.body.errors![0]!.message).toMatch(/lồng quá sâu: 13 cấp, tối đa 12/);
  });

  it('counts through fragments and inline fragments, not the fragments themselves', async () => {
    const viaFragments = `{ me { ...U } } fragment U on User { ... on User { ...P } } fragment P on User { ${successors(10)} }`;
    const r = await post(server, { query: viaFragments }, admin.token);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    const fine = `{ me { ...U } } fragment U on User { ... on User { ...P } } fragment P on User { ${successors(9)} }`;
    expect((await post(server, { query: fine }, admin.token)).body.errors).toBeUndefined();
  });

  it("introspection's own depth is allowed while introspection is on (GraphiQL's query works)", async () => {
    const r = await post(server, { query: getIntrospectionQuery() });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.__schema.queryType.name).toBe('Query');
  });

  it('a too-deep mutation writes nothing', async () => {
    const m = (code: string, k: number) =>
      `mutation { createUnit(input: { code: "${code}", name: "Đơn vị ${code}", kind: DEPARTMENT, validFrom: "2025-01-01" }) { ${successors(k)} } }`;
    const r = await post(server, { query: m('qua-sau', 11) }, admin.token);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    expect(await unitCount(server, 'qua-sau')).toBe(0);
    const ok = await post(server, { query: m('vua-du', 9) }, admin.token);
    expect(ok.body.errors).toBeUndefined();
    expect(await unitCount(server, 'vua-du')).toBe(1);
  });
});

describe('cost limit (GRAPHQL_MAX_COST, default 10000)', () => {
  // units(first: 100) { nodes { indicators { id } } } = 1 + 100 × (1 + 20 × 1) = 2101 (Unit.indicators counts 20);
  // units(first: 75) … = 1576; users(first: n) { nodes { id } } = 1 + n. Value objects and scalars cost nothing.
  const q = `query($n: Int!) {
    a: units(first: 100) { nodes { indicators { id } } }
    b: units(first: 100) { nodes { indicators { id } } }
    c: units(first: 100) { nodes { indicators { id } } }
    d: units(first: 100) { nodes { indicators { id } } }
    e: units(first: 75) { nodes { indicators { id } } }
    f: users(first: $n) { nodes { id } }
  }`;

  it('an operation costing exactly 10000 runs; 10001 is refused with QUERY_TOO_COSTLY, cost and maxCost', async () => {
    expect(defaults.limits.maxCost).toBe(10_000);
    const ok = await post(server, { query: q, variables: { n: 19 } }, admin.token);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data!.f.nodes).toHaveLength(1);

    const before = server.platform.sqlStats.statements;
    const over = await post(server, { query: q, variables: { n: 20 } }, admin.token);
    expect(over.status).toBe(400);
    expect(over.body.data).toBeUndefined();
    expect(over.body.errors).toHaveLength(1);
    expect(over.body.errors![0]!.extensions).toEqual({ code: 'QUERY_TOO_COSTLY', cost: 10001, maxCost: 10000 });
    expect(over.body.errors![0]!.message).toMatch(/chi phí ước tính 10001, tối đa 10000/);
    // Only the session lookup ran, no resolver.
    expect(server.platform.sqlStats.statements - before).toBe(1);
  });

  it('nested lists multiply; a costly mutation writes nothing', async () => {
    // Unit.predecessors counts 3: k levels cost 3 + 9 + … + 3^k; createUnit 10 + 1.
    const m = (code: string, k: number) =>
      `mutation { createUnit(input: { code: "${code}", name: "Đơn vị ${code}", kind: DEPARTMENT, validFrom: "2025-01-01" }) {
        ${'predecessors { '.repeat(k)}id${' }'.repeat(k)} } }`;
    const r = await post(server, { query: m('dat-gia', 9) }, admin.token);
    expect(r.body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COSTLY', cost: 29534, maxCost: 10000 });
    expect(await unitCount(server, 'dat-gia')).toBe(0);
    const ok = await post(server, { query: m('vua-tien', 8) }, admin.token); // 9851
    expect(ok.body.errors).toBeUndefined();
    expect(await unitCount(server, 'vua-tien')).toBe(1);
  });

  it('a root field the caller may not use costs 1: it is refused before anything below it runs', async () => {
    const heavy = '{ units(first: 100) { nodes { indicators { unit { indicators { id } } } } } }'; // 44101 when allowed
    const anonymous = await post(server, { query: heavy });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await post(server, { query: heavy }, admin.token)).body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', cost: 44101 });
  });

  it('fragments spread again and again are refused without exhausting the server', async () => {
    // Each fragment spreads the previous one 4 times: 4^12 field visits if expanded naively.
    const frags = Array.from({ length: 12 }, (_, i) =>
      i === 0 ? 'fragment F0 on Query { __typename }' : `fragment F${i} on Query { ...F${i - 1} ... on Query { ...F${i - 1} } ... on Query { ... on Query { ...F${i - 1} } } ... on Query { ...F${i - 1} } }`,
    ).join(' ');
    const t = Date.now();
    const r = await post(server, { query: `{ ...F11 } ${frags}` }, admin.token);
    expect(Date.now() - t).toBeLessThan(5000);
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
  });
});

describe('page size and the ranking of a whole group', () => {
  it('first: 101 on a connection is BAD_USER_INPUT; 100 is fine', async () => {
    const over = await post(server, { query: '{ users(first: 101) { nodes { id } } }' }, admin.token);
    expect(over.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(over.body.errors?.[0]?.message).toMatch(/first.*1 đến 100/);
    const ok = await post(server, { query: '{ users(first: 100) { nodes { id } } }' }, admin.token);
    expect(ok.body.errors).toBeUndefined();
  });

  it('ranking (no first) returns a province-sized group of 1000 units in one request, every detail selected', async () => {
    const e = em();
    const province = e.create(Province, { code: 'tinh-lon', name: 'Tỉnh lớn' });
    const group = e.create(UnitGroup, { province, code: 'xa-phuong', name: 'Xã, phường' });
    const round = e.create(AssessmentRound, { province, year: 2026, title: '2026', referenceDate: '2026-12-31', presetId: 'khanh-hoa' });
    e.create(RoundGroup, { round, province, group, criteriaSet: 'khanh-hoa' });
    for (let i = 0; i < 1000; i++) {
      const unit = e.create(Unit, { province, code: `xa-${i}`, name: `Xã số ${i}`, kind: UnitKind.COMMUNE, group, validFrom: '2020-01-01' });
      const card = e.create(Scorecard, { province, round, unit, group });
      e.create(ScorecardResult, { province, scorecard: card, stage: Stage.SELF, total: dec(50 + (i % 40)), max: dec(100), index: dec(50 + (i % 40)), criteria: [], computedAt: new Date() });
    }
    await e.flush();
    const lonAdmin = await seedAccount(server, { province: 'tinh-lon', username: 'admin.tinhlon', role: Role.ADMIN });
    const r = await post(
      server,
      {
        query: `query($r: ID!) { ranking(roundId: $r, group: "xa-phuong", provisional: true) {
          provisional label rows { rank unitId unitName total max index band bandLabel bandByIndex
            areas { area points max } criteria { code points } rules { ruleId title basis kind triggers } flags } } }`,
        variables: { r: toGlobalId('AssessmentRound', round.id) },
      },
      lonAdmin.token,
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.ranking.rows).toHaveLength(1000);
  });
});

describe('alias limit (GRAPHQL_MAX_ALIASES, default 30)', () => {
  const aliases = (n: number, field = 'health { status }') => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ');

  it('30 aliases run; 31 are refused with TOO_MANY_ALIASES', async () => {
    const ok = await post(server, { query: `{ ${aliases(30)} }` });
    expect(ok.body.errors).toBeUndefined();
    expect(Object.keys(ok.body.data!)).toHaveLength(30);
    const over = await post(server, { query: `{ ${aliases(31)} }` });
    expect(over.status).toBe(400);
    expect(over.body.data).toBeUndefined();
    expect(over.body.errors![0]!.extensions).toEqual({ code: 'TOO_MANY_ALIASES', aliases: 31, maxAliases: 30 });
    expect(over.body.errors![0]!.message).toMatch(/bí danh.*31.*tối đa 30/);
  });

  it("counts a fragment's aliases at every spread", async () => {
    const r = await post(server, { query: `{ ...H ... on Query { ...H } } fragment H on Query { ${aliases(16)} }` });
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', aliases: 32 });
  });

  it('31 aliased logouts do nothing: the session still works', async () => {
    const acc = await seedAccount(server, { province: 'khanh-hoa', username: 'dangxuat.nhieu', role: Role.ADMIN });
    const r = await post(server, { query: `mutation { ${aliases(31, 'logout')} }` }, acc.token);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ALIASES');
    expect((await server.gql('{ me { username } }', {}, acc.token)).data).toEqual({ me: { username: 'dangxuat.nhieu' } });
  });
});

describe('token limit (GRAPHQL_MAX_TOKENS, default 5000)', () => {
  // Each `query OpN { __typename }` is 5 tokens: 1000 of them are exactly 5000.
  const ops = Array.from({ length: 1000 }, (_, i) => `query Op${i} { __typename }`);

  it('a document of 5000 tokens runs; 5001 is a parse error with a clear message', async () => {
    const ok = await post(server, { query: ops.join('\n'), operationName: 'Op999' });
    expect(ok.body).toEqual({ data: { __typename: 'Query' } });
    const over = await post(server, { query: [...ops.slice(0, -1), 'query Op999 { __typename __typename }'].join('\n'), operationName: 'Op999' });
    expect(over.status).toBe(400);
    expect(over.body.errors).toHaveLength(1);
    expect(over.body.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED', reason: 'TOO_MANY_TOKENS', maxTokens: 5000 });
    expect(over.body.errors![0]!.message).toMatch(/Truy vấn quá dài: vượt quá 5000/);
  });

  it('thousands of identical fields stop validation with a clear message', async () => {
    const r = await post(server, { query: `{ ${'__typename '.repeat(4000)}}` });
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'VALIDATION_ABORTED' });
    expect(r.body.errors?.[0]?.message).toMatch(/quá phức tạp/);
  });
});

describe('batching and CSRF prevention', () => {
  it('a JSON array (a batch of operations) is refused with 400 and a clear message', async () => {
    const r = await post(server, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(r.status).toBe(400);
    expect(r.body.errors![0]!.extensions).toEqual({ code: 'BAD_REQUEST', reason: 'BATCHING_DISABLED' });
    expect(r.body.errors![0]!.message).toMatch(/một thao tác GraphQL/);
  });

  it('a text/plain POST or a bare GET is refused (400); application/json works', async () => {
    const plain = await post(server, JSON.stringify({ query: '{ __typename }' }), null, { 'content-type': 'text/plain' });
    expect(plain.status).toBe(400);
    expect(plain.body.errors![0]!.extensions).toEqual({ code: 'BAD_REQUEST', reason: 'CSRF_PREVENTION' });
    expect(plain.body.errors![0]!.message).toMatch(/CSRF/);
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{__typename}')}`);
    expect(get.status).toBe(400);
    expect((await post(server, { query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('rate limiting by cost (RATE_LIMIT_COST_PER_MINUTE)', () => {
  let limited: TestServer;
  let integrationToken: string;
  let exemptToken: string;
  let ownBudgetToken: string;
  const sessionOf = async (username: string) => {
    const e = em(limited);
    await limited.platform.services.auth.createUser(e, { provinceCode: 'khanh-hoa', username, displayName: username, role: Role.ADMIN, password: 'mat-khau-du-dai-1' });
    return (await limited.platform.services.auth.login(em(limited), username, 'mat-khau-du-dai-1')).token;
  };
  const tokenOf = async (username: string) => (await seedAccount(limited, { province: 'khanh-hoa', username, role: Role.INTEGRATION })).token;

  beforeAll(async () => {
    limited = await startTestServer(withLimits({ rateLimitPerMinute: 20, anonymousRateLimitPerMinute: 30 }));
    await seedProvince(em(limited), 'khanh-hoa', 'Khánh Hòa');
    integrationToken = await tokenOf('motcua.gioihan');
    exemptToken = await tokenOf('doluong.gioihan');
    ownBudgetToken = await tokenOf('riengle.gioihan');
    await sql(limited.db.url, "update api_token set rate_limit_exempt = true where user_id = (select id from app_user where username = 'doluong.gioihan')");
    await sql(limited.db.url, "update api_token set rate_limit_per_minute = 5 where user_id = (select id from app_user where username = 'riengle.gioihan')");
  });
  afterAll(async () => {
    await limited?.stop();
  });

  it('a session spends its budget by cost, then gets 429, RATE_LIMITED and Retry-After; other sessions are not affected', async () => {
    const token = await sessionOf('phien.mot');
    const q = '{ users(first: 9) { nodes { id } } }'; // cost 1 + 9 = 10; budget 20 a minute
    expect((await post(limited, { query: q }, token)).body.errors).toBeUndefined();
    expect((await post(limited, { query: q }, token)).body.errors).toBeUndefined();
    const r = await post(limited, { query: q }, token);
    expect(r.status).toBe(429);
    expect(r.body.data).toBeUndefined();
    const retry = Number(r.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(30); // 10 of 20 per minute refill in ≤ 30 s
    expect(r.body.errors![0]!.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: retry, limitPerMinute: 20, cost: 10 });
    expect(r.body.errors![0]!.message).toBe(`Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ${retry} giây.`);
    expect(r.headers.get('x-request-id')).toBeTruthy();
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const other = await sessionOf('phien.hai');
    expect((await post(limited, { query: q }, other)).body.errors).toBeUndefined();
  });

  it('an API token uses its own rate_limit_per_minute when set', async () => {
    for (let i = 0; i < 5; i++) expect((await post(limited, { query: '{ me { id } }' }, ownBudgetToken)).status).toBe(200);
    const r = await post(limited, { query: '{ me { id } }' }, ownBudgetToken);
    expect(r.status).toBe(429);
    expect(r.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', limitPerMinute: 5, cost: 1 });
    // …and a token without one, the server's default.
    for (let i = 0; i < 20; i++) expect((await post(limited, { query: '{ me { id } }' }, integrationToken)).status).toBe(200);
    expect((await post(limited, { query: '{ me { id } }' }, integrationToken)).status).toBe(429);
  });

  it('an exempt token is never rate limited, but still gets QUERY_TOO_DEEP and QUERY_TOO_COSTLY', async () => {
    for (let i = 0; i < 40; i++) {
      const r = await post(limited, { query: '{ me { id province { id } } }' }, exemptToken);
      expect(r.status).toBe(200);
    }
    const deep = await post(limited, { query: `{ me { ${successors(10)} } }` }, exemptToken);
    expect(deep.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    const costly = await post(limited, { query: '{ units(first: 100) { nodes { indicators { unit { indicators { id } } } } } }' }, exemptToken);
    expect(costly.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
  });

  it('anonymous callers share a budget per IP address', async () => {
    // A protected field is refused before it runs: it costs 1, however much it selects.
    const refused = await post(limited, { query: '{ units(first: 100) { nodes { indicators { unit { indicators { id } } } } } }' });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (let i = 0; i < 29; i++) expect((await post(limited, { query: '{ health { status } }' })).status).toBe(200);
    const r = await post(limited, { query: '{ health { status } }' });
    expect(r.status).toBe(429);
    expect(r.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', limitPerMinute: 30 });
  });

  it('buckets refill continuously and an operation dearer than a whole minute runs once the bucket is full', () => {
    let t = 0;
    const limiter = new RateLimiter(() => t);
    expect(limiter.take('k', 60, 60).ok).toBe(true);
    expect(limiter.take('k', 1, 60)).toEqual({ ok: false, retryAfterSeconds: 1 });
    t += 10_000; // 10 s refill 10
    expect(limiter.take('k', 10, 60).ok).toBe(true);
    t += 60_000;
    expect(limiter.take('k', 500, 60).ok).toBe(true); // full: runs, leaves a debt
    expect(limiter.take('k', 1, 60)).toEqual({ ok: false, retryAfterSeconds: 441 });
  });
});

describe('PostgreSQL statement timeout (DB_STATEMENT_TIMEOUT_MS, default 15 s)', () => {
  let slow: TestServer;
  let slowAdmin: SeededAccount;
  beforeAll(async () => {
    slow = await startTestServer({ dbStatementTimeoutMs: 300 });
    await seedProvince(em(slow), 'khanh-hoa', 'Khánh Hòa');
    slowAdmin = await seedAccount(slow, { province: 'khanh-hoa', username: 'admin.cham', role: Role.ADMIN });
  });
  afterAll(async () => {
    await slow?.stop();
  });

  it('is set on every pooled connection: a long statement is cancelled with 57014', async () => {
    const rows = await slow.platform.orm.em.getConnection().execute<{ statement_timeout: string }[]>('show statement_timeout');
    expect(rows[0]!.statement_timeout).toBe('300ms');
    const err = await slow.platform.orm.em.getConnection().execute('select pg_sleep(2)').then(() => null, (e: unknown) => e as { code?: string; message: string });
    expect(err?.code).toBe('57014');
    expect(err?.message).toMatch(/statement timeout/);
    expect(defaults.dbStatementTimeoutMs).toBe(15_000);
  });

  it('a GraphQL request that hits it gets a masked INTERNAL_SERVER_ERROR (no SQL, no stack)', async () => {
    // Another transaction holds the table: the request waits for the lock until the timeout cancels it.
    const r = await em(slow).transactional(async (tx) => {
      await tx.execute('lock table api_token in access exclusive mode');
      return slow.gql('{ apiTokens { id } }', {}, slowAdmin.token);
    });
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]!.message).toBe(INTERNAL_ERROR_MESSAGE);
    expect(r.errors![0]!.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(r)).not.toMatch(/api_token|select|statement|57014|stack|\.ts:/i);
  });
});

describe('trusted documents (PAR_TRUSTED_DOCUMENTS)', () => {
  let trusted: TestServer;
  let dir: string;
  const health = 'query Health { health { status } }';
  const hash = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'par-trusted-'));
    await writeFile(path.join(dir, 'health.graphql'), health);
    await writeFile(path.join(dir, 'typename.graphql'), '{ __typename }');
    // The manifest comes from the script users run.
    await promisify(execFile)(process.execPath, [path.resolve(import.meta.dirname, '../scripts/trusted-documents.mjs'), dir, '--out', path.join(dir, 'manifest.json')]);
    trusted = await startTestServer(withLimits({ trustedDocuments: path.join(dir, 'manifest.json') }));
  });
  afterAll(async () => {
    await trusted?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('the script writes {sha256: text}', async () => {
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toEqual({ [hash(health)]: health, [hash('{ __typename }')]: '{ __typename }' });
  });

  it('runs an operation of the manifest by text, by hash alone, or both', async () => {
    const want = { data: { health: { status: 'ok' } } };
    expect((await post(trusted, { query: health })).body).toEqual(want);
    const ext = { persistedQuery: { version: 1, sha256Hash: hash(health) } };
    expect((await post(trusted, { extensions: ext })).body).toEqual(want);
    expect((await post(trusted, { query: health, extensions: ext })).body).toEqual(want);
    // GET too (with the CSRF preflight header), by hash alone.
    const get = await fetch(`${trusted.url}/graphql?extensions=${encodeURIComponent(JSON.stringify(ext))}`, { headers: { 'apollo-require-preflight': '1' } });
    expect(await get.json()).toEqual(want);
  });

  it('refuses anything else with OPERATION_NOT_TRUSTED before parsing it (introspection too)', async () => {
    for (const body of [
      { query: '{ health { status } }' },
      { query: '{ __typename' },
      { query: getIntrospectionQuery() },
      { extensions: { persistedQuery: { version: 1, sha256Hash: hash('{ me { id } }') } } },
      { query: '{ me { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: hash(health) } } },
    ]) {
      const r = await post(trusted, body);
      expect(r.status).toBe(400);
      expect(r.body.errors).toHaveLength(1);
      expect(r.body.errors![0]!.extensions!.code).toBe('OPERATION_NOT_TRUSTED');
      expect(r.body.errors![0]!.message).toMatch(/đã đăng ký trước/);
    }
    const get = await fetch(`${trusted.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`, { headers: { 'apollo-require-preflight': '1' } });
    expect(get.status).toBe(400);
    expect(((await get.json()) as Body).errors![0]!.extensions!.code).toBe('OPERATION_NOT_TRUSTED');
  });

  it('a manifest whose keys are not the hashes of their texts fails the boot', async () => {
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ [hash('{ a }')]: '{ b }' }));
    expect(() => loadTrustedDocuments(bad)).toThrow(/PAR_TRUSTED_DOCUMENTS.*not the SHA-256/);
    expect(() => loadTrustedDocuments(path.join(dir, 'missing.json'))).toThrow(/PAR_TRUSTED_DOCUMENTS: cannot read/);
  });
});

describe('security headers on every route', () => {
  const common = (h: Headers, ownPolicy = false) => {
    expect(h.get('x-request-id')).toMatch(/^[\w.-]+$/);
    expect(h.get('strict-transport-security')).toBe('max-age=31536000');
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('x-frame-options')).toBe('DENY');
    expect(h.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(h.get('x-powered-by')).toBeNull();
    if (!ownPolicy) expect(h.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  };

  it('API routes: a CSP that allows nothing', async () => {
    const routes: [string, RequestInit?][] = [
      ['/healthz'],
      ['/readyz'],
      ['/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }],
      ['/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ me { id } }"}' }],
      ['/khong-co-dia-chi-nay'],
      ['/exports/ranking?sig=sai'],
      [`/evidence/files/${'0'.repeat(64)}?u=x&exp=1&name=a&sig=00`],
      ['/evidence/upload', { method: 'POST', body: 'x' }],
    ];
    for (const [route, init] of routes) {
      const r = await fetch(server.url + route, init);
      common(r.headers);
      expect(r.headers.get('content-security-policy'), route).toMatch(/^default-src 'none'/);
    }
  });

  it('evidence downloads keep their attachment disposition and sandbox', async () => {
    const unitUser = await seedAccount(server, { province: 'khanh-hoa', username: 'donvi.gioihan', role: Role.UNIT, unitCode: 'so-tu-phap' });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const up = await fetch(`${server.url}/evidence/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${unitUser.token}`, 'content-type': 'application/octet-stream', 'x-file-name': 'bien-ban.pdf' },
      body: pdf,
    });
    expect(up.status).toBe(201);
    const sha = createHash('sha256').update(pdf).digest('hex');
    const url = signDownload('test-url-signing-key-0123456789abcdef-0123', sha, unitUser.uuid, new Date(Date.now() + 60_000), 'Biên bản.pdf');
    const r = await fetch(server.url + url);
    expect(r.status).toBe(200);
    common(r.headers, true);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  });

  it('the GraphiQL page: scripts only from this server (no inline script unhashed, no eval), same-origin assets', async () => {
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    if (page.status === 404) return; // GraphiQL not built (pnpm build); the process tests cover the build
    expect(page.status).toBe(200);
    common(page.headers);
    const csp = page.headers.get('content-security-policy')!;
    const html = await page.text();
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(csp).toMatch(/connect-src 'self'/);
    for (const h of inlineHashes(html).scripts) expect(csp).toContain(h);
    for (const m of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      expect(m[1]).toMatch(/^\/graphiql\//);
      const asset = await fetch(server.url + m[1]);
      expect(asset.status).toBe(200);
      common(asset.headers);
      expect(asset.headers.get('content-security-policy')).toBe(csp);
    }
  });
});

describe('request logs', () => {
  it('carry the request id and never a token or a password', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const db = await createTestDatabase();
    const config: Config = {
      ...defaults,
      port: 0,
      host: '127.0.0.1',
      databaseUrl: db.url,
      demo: false,
      auditKey: 'test-audit-key-0123456789abcdef-0123456789',
      urlSigningKey: 'test-url-signing-key-0123456789abcdef-0123',
      evidenceDir: path.join(os.tmpdir(), `par-test-evidence-${db.name}`),
    };
    // The server's own logger (its redaction included), writing into memory instead of stdout.
    const logger = createLogger('debug');
    const streamSym = Object.getOwnPropertySymbols(logger).find((sym) => sym.description === 'pino.stream')!;
    (logger as unknown as Record<symbol, unknown>)[streamSym] = sink;
    const platform = await startPlatform(config, logger);
    try {
      const url = `http://127.0.0.1:${platform.port}/graphql`;
      await seedProvince(platform.orm.em.fork() as unknown as EntityManager, 'khanh-hoa', 'Khánh Hòa');
      const password = 'Mat-Khau-Bi-Mat-Cuc-Ky-123';
      await platform.services.auth.createUser(platform.orm.em.fork() as unknown as EntityManager, {
        provinceCode: 'khanh-hoa', username: 'ghi.log', displayName: 'Ghi log', role: Role.ADMIN, password,
      });
      const call = (body: unknown, token?: string) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      const wrong = await call({ query: 'mutation($p: String!) { login(input: { username: "ghi.log", password: $p }) { token } }', variables: { p: `${password}-sai` } });
      const login = await call({ query: 'mutation($p: String!) { login(input: { username: "ghi.log", password: $p }) { token } }', variables: { p: password } });
      const token = ((await login.json()) as Body).data!.login.token as string;
      const me = await call({ query: '{ me { username } }' }, token);
      expect(((await me.json()) as Body).data).toEqual({ me: { username: 'ghi.log' } });
      await call({ query: '{ me { username } }' }, 'ses_khong-hop-le-0123456789');
      // An internal error is logged with its request id.
      await sql(db.url, 'alter table api_token rename to api_token_tam');
      const broken = await call({ query: '{ apiTokens { id } }' }, token);
      await sql(db.url, 'alter table api_token_tam rename to api_token');
      await new Promise((r) => setTimeout(r, 50));

      const all = lines.join('\n');
      expect(all).not.toContain(password);
      expect(all).not.toContain(token);
      expect(all).not.toContain('ses_khong-hop-le');
      const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const res of [wrong, login, me, broken]) {
        const id = res.headers.get('x-request-id');
        expect(entries.some((e) => e.msg === 'request' && e.requestId === id && e.path === '/graphql' && e.method === 'POST')).toBe(true);
      }
      expect(entries.some((e) => e.requestId === broken.headers.get('x-request-id') && /internal error/.test(String(e.msg)))).toBe(true);
    } finally {
      await platform.stop();
      await db.drop();
    }
  });
});
