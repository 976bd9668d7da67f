/**
 * Concurrent writers on one record over real HTTP: 50 saves of the same scorecard at once, many of
 * them racing for the same criterion with the same expected version. Every write either succeeds
 * or gets STALE_VERSION; exactly one writer wins each race; the stored entries, versions, results
 * and audit trail are exactly those of the successful writes (no lost update, no double count).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '@par/core';
import { createLogger, loadConfig, loadDemoData } from '@par/server';
import { seedAccount, sql, startTestServer, type GraphqlResult, type SeededAccount, type TestServer } from '@par/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const NOW = new Date('2026-11-20T03:00:00Z');
const WRITERS = 50;
let server: TestServer;
let admin: SeededAccount;
let unit: SeededAccount;
let roundId = '';
let cardId = '';
const em = () => server.platform.orm.em.fork() as unknown as EntityManager;

/** Seven areas, three yes/no criteria each (no evidence required): "yes" is worth the criterion's maximum, "no" 0. */
const LEAVES: { code: string; max: number }[] = [];
const AREAS = ['LEADERSHIP', 'INSTITUTIONS', 'PROCEDURES', 'ORGANIZATION', 'CIVIL_SERVICE', 'PUBLIC_FINANCE', 'DIGITAL_GOVERNMENT'];
const SET = `code: dong-thoi-2027
title: Bộ tiêu chí thử nghiệm ghi đồng thời
areas:
${AREAS.map((area, i) => {
  const children = [1, 2, 3].map((j) => {
    const max = j + 1; // 2, 3, 4
    LEAVES.push({ code: `${i + 1}.${j}`, max });
    return `      - { code: "${i + 1}.${j}", title: Tiêu chí ${i + 1}.${j}, max: ${max}, method: { kind: yesNo } }`;
  });
  return `  ${area}:\n    code: "${i + 1}"\n    title: Lĩnh vực ${i + 1}\n    max: 9\n    children:\n${children.join('\n')}`;
}).join('\n')}
`;

const SAVE = 'mutation($i: SaveSelfAssessmentEntryInput!) { saveSelfAssessmentEntry(input: $i) { code version value } }';
const CARD = 'query($r: ID!) { scorecard(roundId: $r) { id version entries { code value version } result { total criteria { code points } } } }';

beforeAll(async () => {
  // Budgets raised so 50 simultaneous writes of one session are not rate limited.
  server = await startTestServer({ limits: { ...loadConfig({}).limits, rateLimitPerMinute: 0 } }, { now: () => NOW });
  await loadDemoData(em(), createLogger('silent'), server.platform.services);
  admin = await seedAccount(server, { province: 'khanh-hoa', username: 'cc.admin', role: Role.ADMIN });
  unit = await seedAccount(server, { province: 'khanh-hoa', username: 'cc.nhatrang', role: Role.UNIT, unitCode: 'phuong-nha-trang' });
  const imported = await server.gql('mutation($c: String!) { importCriteriaSet(input: { content: $c }) { ref } }', { c: SET }, admin.token);
  expect(imported.errors).toBeUndefined();
  const round = await server.gql(
    `mutation { createRound(input: { year: 2027, title: "Đánh giá 2027 (ghi đồng thời)", referenceDate: "2027-12-31", preset: "khanh-hoa",
       groups: [{ groupCode: "cap-xa", criteriaSet: "set:dong-thoi-2027" }] }) { id } }`,
    {},
    admin.token,
  );
  expect(round.errors).toBeUndefined();
  roundId = round.data!.createRound.id;
  cardId = (await server.gql(CARD, { r: roundId }, unit.token)).data!.scorecard.id;
});
afterAll(async () => {
  await server?.stop();
});

interface Write {
  writer: number;
  code: string;
  expectedVersion: number;
  value: 'yes' | 'no';
}

describe('50 concurrent writers on one scorecard', () => {
  it('every write succeeds or gets STALE_VERSION; exactly one winner per race; final state = the successful writes; audit verifies', async () => {
    // Criteria of even position already have a saved value (version 1): races on updates; the others are new (version 0): races on inserts.
    const existing = LEAVES.filter((_, i) => i % 2 === 0).map((l) => l.code);
    for (const code of existing) {
      const r = await server.gql(SAVE, { i: { scorecardId: cardId, code, expectedVersion: 0, value: 'no' } }, unit.token);
      expect(r.errors).toBeUndefined();
    }
    const before = (await server.gql(CARD, { r: roundId }, unit.token)).data!.scorecard;
    const versionOf = (code: string): number => before.entries.find((e: { code: string }) => e.code === code)?.version ?? 0;
    const auditBefore = (await sql<{ n: number }>(server.db.url, `select count(*)::int as n from audit_event where action = 'scorecard.entry.saved'`))[0]!.n;

    // 50 writers: 12 race for an existing entry, 12 for a new one, 4 + 2 stale on a third; the rest spread one or two per criterion.
    const [updated, inserted, mixed, ...rest] = [LEAVES[0]!.code, LEAVES[1]!.code, LEAVES[2]!.code, ...LEAVES.slice(3).map((l) => l.code)];
    const writes: Write[] = [];
    const add = (code: string, expectedVersion: number) => writes.push({ writer: writes.length, code, expectedVersion, value: writes.length % 3 === 0 ? 'no' : 'yes' });
    for (let i = 0; i < 12; i++) add(updated, versionOf(updated));
    for (let i = 0; i < 12; i++) add(inserted, versionOf(inserted));
    for (let i = 0; i < 4; i++) add(mixed, versionOf(mixed));
    for (let i = 0; i < 2; i++) add(mixed, versionOf(mixed) - 1); // an older version than the stored one: always stale
    for (let i = 0; writes.length < WRITERS; i++) add(rest[i % rest.length]!, versionOf(rest[i % rest.length]!));
    expect(writes).toHaveLength(WRITERS);

    const started = Date.now();
    const results = await Promise.all(
      writes.map(async (w) => ({ w, r: (await server.gql(SAVE, { i: { scorecardId: cardId, code: w.code, expectedVersion: w.expectedVersion, value: w.value } }, unit.token)) as GraphqlResult })),
    );
    const ms = Date.now() - started;

    const outcome = (r: GraphqlResult) => (r.errors?.length ? String(r.errors[0]!.extensions?.code) : r.data?.saveSelfAssessmentEntry ? 'OK' : 'EMPTY');
    const unexpected = results.filter(({ r }) => !['OK', 'STALE_VERSION'].includes(outcome(r)) || r.status !== 200).map(({ w, r }) => `${w.writer} ${w.code}: ${r.status} ${JSON.stringify(r.errors ?? r.data)}`);
    expect(unexpected).toEqual([]);
    const wins = results.filter(({ r }) => outcome(r) === 'OK');
    const stale = results.filter(({ r }) => outcome(r) === 'STALE_VERSION');
    console.log(`concurrency: ${WRITERS} writers in ${ms} ms: ${wins.length} succeeded, ${stale.length} STALE_VERSION`);

    // Exactly one winner per (criterion, expected version) read by its writers; stale versions never win.
    const groups = new Map<string, Write[]>();
    for (const w of writes) groups.set(`${w.code}@${w.expectedVersion}`, [...(groups.get(`${w.code}@${w.expectedVersion}`) ?? []), w]);
    for (const [key, ws] of groups) {
      const [code, v] = key.split('@');
      const won = wins.filter(({ w }) => ws.includes(w));
      expect(won, key).toHaveLength(Number(v) === versionOf(code!) ? 1 : 0);
    }
    // A loser is told the version that beat it.
    for (const { w, r } of stale) {
      expect(r.errors![0]!.extensions).toMatchObject({ criterion: w.code, currentVersion: expect.any(Number) });
      expect(r.errors![0]!.extensions!.currentVersion).not.toBe(w.expectedVersion);
    }
    // Winners got the next version.
    for (const { w, r } of wins) expect(r.data!.saveSelfAssessmentEntry).toEqual({ code: w.code, version: w.expectedVersion + 1, value: w.value });

    // The stored state is exactly the winners' values; every version moved once per success.
    const winner = new Map(wins.map(({ w }) => [w.code, w]));
    const stored = await sql<{ code: string; value: string; version: number }>(server.db.url, `select code, value, version from scorecard_entry where scorecard_id = $1 and stage = 'SELF' order by code`, [Buffer.from(cardId, 'base64url').toString().split(':')[1]]);
    const expected = LEAVES.map((l) => l.code)
      .filter((code) => winner.has(code) || versionOf(code) > 0)
      .map((code) => ({ code, value: winner.get(code)?.value ?? 'no', version: versionOf(code) + (winner.has(code) ? 1 : 0) }))
      .sort((a, b) => a.code.localeCompare(b.code));
    expect(stored).toEqual(expected);
    const after = (await server.gql(CARD, { r: roundId }, unit.token)).data!.scorecard;
    expect(after.version).toBe(before.version + wins.length);
    expect([...after.entries].sort((a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code))).toEqual(expected);

    // The stored result is the one the final values imply: "yes" = the criterion's maximum, "no" and not entered = 0.
    const points = new Map(LEAVES.map((l) => [l.code, expected.find((e) => e.code === l.code)?.value === 'yes' ? l.max : 0]));
    for (const c of after.result.criteria as { code: string; points: string }[]) if (points.has(c.code)) expect(Number(c.points), c.code).toBe(points.get(c.code));
    expect(Number(after.result.total)).toBe([...points.values()].reduce((a, b) => a + b, 0));

    // One audit event per success, for exactly the winners' versions; the chain verifies.
    const events = await sql<{ code: string; version: number; value: string }>(
      server.db.url,
      `select payload->>'code' as code, (payload->>'version')::int as version, payload->>'value' as value from audit_event where action = 'scorecard.entry.saved' order by seq offset $1`,
      [auditBefore],
    );
    expect(events.map((e) => `${e.code}@${e.version}=${e.value}`).sort()).toEqual(wins.map(({ w }) => `${w.code}@${w.expectedVersion + 1}=${w.value}`).sort());
    const check = await server.gql('{ auditCheck { ok problem } }', {}, admin.token);
    expect(check.data!.auditCheck).toEqual({ ok: true, problem: null });
  });

  it('50 concurrent progress updates of one plan task: one wins, the rest get STALE_VERSION, the version moves once', async () => {
    const lead = await seedAccount(server, { province: 'khanh-hoa', username: 'cc.sotuphap', role: Role.UNIT, unitCode: 'so-tu-phap' });
    const own = (await server.gql('{ planTasks(year: 2025) { id version status } }', {}, lead.token)).data!.planTasks as { id: string; version: number; status: string }[];
    const task = own.find((t) => t.status !== 'DONE') ?? own[0]!;
    expect(own.length).toBeGreaterThan(0);
    const auditBefore = (await sql<{ n: number }>(server.db.url, `select count(*)::int as n from audit_event where action = 'plan.task.updated'`))[0]!.n;
    const UPDATE = 'mutation($i: UpdatePlanTaskInput!) { updatePlanTask(input: $i) { version status statusNote } }';
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        server.gql(UPDATE, { i: { taskId: task.id, expectedVersion: task.version, status: 'IN_PROGRESS', note: `Người ghi ${i}` } }, i % 2 ? lead.token : admin.token),
      ),
    );
    const codes = results.map((r) => (r.errors?.length ? String(r.errors[0]!.extensions?.code) : 'OK'));
    expect(codes.filter((c) => c !== 'OK' && c !== 'STALE_VERSION')).toEqual([]);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    const winner = results[codes.indexOf('OK')]!.data!.updatePlanTask;
    expect(winner.version).toBe(task.version + 1);
    const stored = await sql<{ version: number; status_note: string }>(server.db.url, 'select version, status_note from reform_plan_task where id = $1', [Buffer.from(task.id, 'base64url').toString().split(':')[1]]);
    expect(stored).toEqual([{ version: task.version + 1, status_note: winner.statusNote }]);
    expect((await sql<{ n: number }>(server.db.url, `select count(*)::int as n from audit_event where action = 'plan.task.updated'`))[0]!.n).toBe(auditBefore + 1);
  });

  it('concurrent edits of the same calendar day (found by the fuzzer): all succeed, one override, one audit event each', async () => {
    const SET_DAY = 'mutation($i: SetCalendarDayInput!) { setCalendarDay(input: $i) { date override } }';
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => server.gql(SET_DAY, { i: { date: '2027-03-15', working: i % 2 === 0, note: `Lần ${i}` } }, admin.token)));
    expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK')).toEqual(Array(10).fill('OK'));
    expect(await sql(server.db.url, `select count(*)::int as n from calendar_override where date = '2027-03-15'`)).toEqual([{ n: 1 }]);
    expect(await sql(server.db.url, `select count(*)::int as n from audit_event where action = 'calendar.day.set' and payload->>'date' = '2027-03-15'`)).toEqual([{ n: 10 }]);
  });

  it('10 concurrent ingestion batches carrying the same new keys (found by the crash test): one creates, the others find them unchanged; another value under a taken key is refused', async () => {
    const RECORD = 'mutation($v: [IndicatorValueInput!]!) { recordIndicators(values: $v) { created { code } unchanged { code } } }';
    const rows = (value: string) =>
      ['phuong-nha-trang', 'so-tu-phap', 'so-y-te'].map((u) => ({ unitCode: u, code: 'LATE_DOSSIER_RATE', period: '2027-Q1', value, source: 'Một cửa (thử nghiệm đồng thời)', observedAt: '2027-04-02T01:00:00Z', idempotencyKey: `dong-thoi-${u}` }));
    const results = await Promise.all(Array.from({ length: 10 }, () => server.gql(RECORD, { v: rows('2.5') }, admin.token)));
    for (const r of results) expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const created = results.map((r) => r.data!.recordIndicators.created.length);
    expect(created.filter((n: number) => n === 3)).toHaveLength(1);
    expect(created.filter((n: number) => n === 0)).toHaveLength(9);
    expect((await sql<{ n: number }>(server.db.url, `select count(*)::int as n from indicator_value where idempotency_key like 'dong-thoi-%'`))[0]!.n).toBe(3);
    // The same keys with another value, in parallel: all refused by key, nothing written.
    const refused = await Promise.all(Array.from({ length: 3 }, () => server.gql(RECORD, { v: rows('9') }, admin.token)));
    for (const r of refused) expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await sql<{ v: string }>(server.db.url, `select distinct value::text as v from indicator_value where idempotency_key like 'dong-thoi-%'`)).map((r) => Number(r.v))).toEqual([2.5]);
  });
});
