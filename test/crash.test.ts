/**
 * Crash safety of the built server: SIGKILL in the middle of bulk self-assessment submissions and
 * indicator ingestion, restart on the same DATA_DIR, and check that every transaction happened
 * entirely or not at all — every indicator batch is fully present or fully absent (and present
 * when it was acknowledged), every scorecard is SUBMITTED with its audit event and results or
 * still DRAFT without one — and that the audit chain of every province verifies.
 */
import { freePort, startEmbeddedPostgres } from '@par/server';
import { sql } from '@par/testing';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, graphqlClient, killOrphanPostgres, makeDataDir, ready as readyOn, run, ServerProcesses, type Started } from './process-kit.js';

const BATCHES = 10;
const ROWS_PER_BATCH = 400;

let dataDir = '';
let port = 0;
const servers = new ServerProcesses();
const env = () => ({
  ...process.env,
  DATA_DIR: dataDir,
  PORT: String(port),
  HOST: '127.0.0.1',
  DATABASE_URL: '',
  PAR_DEMO: '',
  LOG_LEVEL: 'warn',
  // The setup sends a few hundred writes from one session: not a rate-limit test.
  RATE_LIMIT_COST_PER_MINUTE: '0',
  WEBHOOK_POLL_MS: '0',
});
const spawnServer = () => servers.spawn(env());
const ready = (s: Started) => readyOn(s, port);
const gql = graphqlClient(() => port);
async function ok(query: string, variables: Record<string, unknown>, token: string): Promise<any> {
  const r = await gql(query, variables, token);
  if (r.errors?.length) throw new Error(`${query.slice(0, 80)}: ${JSON.stringify(r.errors)}`);
  return r.data;
}

beforeAll(async () => {
  dataDir = await makeDataDir('par-crash-');
});
afterAll(async () => {
  await servers.stopAll('SIGKILL');
  await killOrphanPostgres(dataDir);
  await rm(dataDir, { recursive: true, force: true });
});

/** One yes/no criterion per area (no evidence required): a card is complete once seven entries are saved. */
const SET = `code: mat-dien
title: Bộ tiêu chí thử nghiệm mất điện
areas:
${['LEADERSHIP', 'INSTITUTIONS', 'PROCEDURES', 'ORGANIZATION', 'CIVIL_SERVICE', 'PUBLIC_FINANCE', 'DIGITAL_GOVERNMENT']
  .map((area, i) => `  ${area}: { code: "${i + 1}", title: Lĩnh vực ${i + 1}, max: 10, children: [ { code: "${i + 1}.1", title: Tiêu chí ${i + 1}.1, max: 10, method: { kind: yesNo } } ] }`)
  .join('\n')}
`;
const CODES = ['LATE_DOSSIER_RATE', 'ON_TIME_RATE', 'ONLINE_PAYMENT_RATE', 'DIGITISATION_RATE', 'ONLINE_DOSSIER_RATE', 'SATISFACTION', 'SERVICE_INDEX_766'];
const RECORD = 'mutation($v: [IndicatorValueInput!]!) { recordIndicators(values: $v) { rescoredScorecards created { id } } }';
const SUBMIT = 'mutation($i: SubmitSelfAssessmentInput!) { submitSelfAssessment(input: $i) { status version } }';

type Outcome = { kind: 'acknowledged' } | { kind: 'refused'; code: string } | { kind: 'lost'; error: string };

describe('SIGKILL during bulk submissions and indicator ingestion', () => {
  it('after a restart, every submission and every batch happened entirely or not at all, acknowledged ones are there, the audit chain verifies', async () => {
    const started = Date.now();
    port = await freePort();
    const first = spawnServer();
    await ready(first);
    const admin = (await gql('mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', { u: 'admin.khanhhoa', p: /admin\.khanhhoa\s+(\S+)\s+ADMIN/.exec(first.out())![1] })).data.login.token as string;
    const integration = /API token of \S+: (\S+)/.exec(first.out())![1]!;

    // A round of next year (its self-assessment is open whatever today's date) for two unit groups, with a small criteria set.
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date())) + 1;
    await ok('mutation($c: String!) { importCriteriaSet(input: { content: $c }) { ref } }', { c: SET }, admin);
    const roundId = (
      await ok(
        `mutation($y: Int!, $d: LocalDate!) { createRound(input: { year: $y, title: "Thử nghiệm mất điện", referenceDate: $d, preset: "khanh-hoa",
           groups: [{ groupCode: "so-nganh", criteriaSet: "set:mat-dien" }, { groupCode: "cap-xa", criteriaSet: "set:mat-dien" }] }) { id } }`,
        { y: year, d: `${year}-12-31` },
        admin,
      )
    ).createRound.id as string;
    const cards = (await ok('query($r: ID!) { scorecards(roundId: $r, first: 100) { nodes { id unit { code } } } }', { r: roundId }, admin)).scorecards.nodes as { id: string; unit: { code: string } }[];
    expect(cards.length).toBeGreaterThanOrEqual(10);

    // An account per unit, every criterion entered: each card is ready to submit.
    const ready_: { id: string; unit: string; token: string; version: number }[] = [];
    await Promise.all(
      cards.map(async (c, i) => {
        const made = await ok('mutation($i: CreateUserInput!) { createUser(input: $i) { initialPassword } }', { i: { username: `matdien.${i}`, displayName: `Đơn vị ${c.unit.code}`, role: 'UNIT', unitCode: c.unit.code } }, admin);
        const token = (await gql('mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', { u: `matdien.${i}`, p: made.createUser.initialPassword })).data.login.token as string;
        for (let a = 1; a <= 7; a++)
          await ok('mutation($i: SaveSelfAssessmentEntryInput!) { saveSelfAssessmentEntry(input: $i) { version } }', { i: { scorecardId: c.id, code: `${a}.1`, expectedVersion: 0, value: (i + a) % 3 ? 'yes' : 'no' } }, token);
        const version = (await ok('query($r: ID!) { scorecard(roundId: $r) { version } }', { r: roundId }, token)).scorecard.version as number;
        ready_.push({ id: c.id, unit: c.unit.code, token, version });
      }),
    );

    // Indicator batches: distinct idempotency keys, values of next year (they re-score the cards being submitted).
    const units = cards.map((c) => c.unit.code);
    const batches = Array.from({ length: BATCHES }, (_, b) =>
      Array.from({ length: ROWS_PER_BATCH }, (_, r) => {
        const n = b * ROWS_PER_BATCH + r;
        return {
          unitCode: units[n % units.length],
          code: CODES[Math.floor(n / units.length) % CODES.length],
          period: `${year}-${String((Math.floor(n / (units.length * CODES.length)) % 12) + 1).padStart(2, '0')}`,
          value: String((n % 97) + 0.5),
          source: `Hệ thống một cửa (thử nghiệm mất điện, lô ${b})`,
          observedAt: new Date().toISOString(),
          idempotencyKey: `mat-dien-${b}-${r}`,
        };
      }),
    );
    const setupMs = Date.now() - started;

    // Everything at once: the batches and half of the submissions; when a batch and a submission are
    // acknowledged, the other half of the submissions; SIGKILL a moment later, with most of it in flight.
    let killed = false;
    const send = async (query: string, variables: Record<string, unknown>, token: string, field: string): Promise<Outcome> => {
      try {
        const r = await gql(query, variables, token);
        if (r.errors?.length) return { kind: 'refused', code: String(r.errors[0]!.extensions?.code) };
        return r.data?.[field] ? { kind: 'acknowledged' } : { kind: 'refused', code: 'EMPTY' };
      } catch (e) {
        return { kind: 'lost', error: String((e as Error).cause ?? e) };
      }
    };
    let firstBatch: () => void = () => undefined;
    const batchDone = new Promise<void>((resolve) => (firstBatch = resolve));
    const ingestion = batches.map((v) => send(RECORD, { v }, integration, 'recordIndicators').then((o) => (firstBatch(), o)));
    const half = Math.ceil(ready_.length / 2);
    const submit = (c: (typeof ready_)[number]) => send(SUBMIT, { i: { scorecardId: c.id, expectedVersion: c.version } }, c.token, 'submitSelfAssessment');
    const wave1 = ready_.slice(0, half).map(submit);
    const submissionDone = Promise.race(wave1.map((o) => o.then((x) => (x.kind === 'acknowledged' ? x : new Promise(() => undefined)))));
    await Promise.race([Promise.all([batchDone, submissionDone]), new Promise((r) => setTimeout(r, 20_000))]);
    const wave2 = ready_.slice(half).map(submit);
    await new Promise((r) => setTimeout(r, 25)); // on the wire, being processed
    killed = first.child.kill('SIGKILL');
    expect(killed).toBe(true);
    const batchOutcomes = await Promise.all(ingestion);
    const submitOutcomes = [...(await Promise.all(wave1)), ...(await Promise.all(wave2))];
    await first.exited;
    const tally = (os: Outcome[]) => ({ acknowledged: os.filter((o) => o.kind === 'acknowledged').length, lost: os.filter((o) => o.kind === 'lost').length, refused: os.filter((o) => o.kind === 'refused').map((o) => (o as { code: string }).code) });
    console.log(`crash: setup ${setupMs} ms; killed with ${BATCHES} batches × ${ROWS_PER_BATCH} rows and ${ready_.length} submissions in flight: batches ${JSON.stringify(tally(batchOutcomes))}, submissions ${JSON.stringify(tally(submitOutcomes))}`);
    // Nothing was refused before the kill: what did not come back was cut by it.
    expect([...batchOutcomes, ...submitOutcomes].filter((o) => o.kind === 'refused')).toEqual([]);
    expect([...batchOutcomes, ...submitOutcomes].some((o) => o.kind === 'lost')).toBe(true); // the kill did land mid-flight

    // Restart on the same data directory: the orphaned PostgreSQL is recovered.
    const second = spawnServer();
    await ready(second);
    const db = await startEmbeddedPostgres({ dataDir, attach: true, database: 'par' });

    // Batches: all rows or none, by the keys we chose; acknowledged ones complete; one audit event per present batch.
    const present: number[] = [];
    for (let b = 0; b < BATCHES; b++) {
      const n = (await sql<{ n: number }>(db.url, `select count(*)::int as n from indicator_value where idempotency_key like $1`, [`mat-dien-${b}-%`]))[0]!.n;
      expect([0, ROWS_PER_BATCH], `batch ${b}`).toContain(n);
      if (batchOutcomes[b]!.kind === 'acknowledged') expect(n, `acknowledged batch ${b}`).toBe(ROWS_PER_BATCH);
      if (n) present.push(b);
    }
    const ingested = await sql<{ created: string[] }>(db.url, `select payload->'created' as created from audit_event where action = 'indicators.ingested' and payload->>'unchanged' = '0' and jsonb_array_length(payload->'created') = $1`, [ROWS_PER_BATCH]);
    expect(ingested).toHaveLength(present.length);

    // Scorecards: SUBMITTED with its audit event and results, or DRAFT without one; acknowledged ones SUBMITTED.
    const rows = await sql<{ id: string; status: string; submitted_at: Date | null; events: number; results: number }>(
      db.url,
      `select s.id, s.status, s.submitted_at,
              (select count(*)::int from audit_event e where e.action = 'scorecard.submitted' and e.entity_id = s.id::text) as events,
              (select count(*)::int from scorecard_result r where r.scorecard_id = s.id and r.stage = 'SELF') as results
         from scorecard s where s.round_id = $1`,
      [Buffer.from(roundId, 'base64url').toString().split(':')[1]],
    );
    expect(rows).toHaveLength(cards.length);
    const halfDone = rows.filter((r) => !((r.status === 'SUBMITTED' && r.events === 1 && r.submitted_at) || (r.status === 'DRAFT' && r.events === 0 && !r.submitted_at)) || r.results !== 1);
    expect(halfDone).toEqual([]);
    const byId = new Map(rows.map((r) => [Buffer.from(`Scorecard:${r.id}`).toString('base64url'), r.status]));
    ready_.forEach((c, i) => {
      if (submitOutcomes[i]!.kind === 'acknowledged') expect(byId.get(c.id), `acknowledged submission of ${c.unit}`).toBe('SUBMITTED');
    });
    const submitted = rows.filter((r) => r.status === 'SUBMITTED').length;
    console.log(`crash: after restart: ${present.length}/${BATCHES} batches present (${batchOutcomes.filter((o) => o.kind === 'acknowledged').length} acknowledged), ${submitted}/${rows.length} cards submitted (${submitOutcomes.filter((o) => o.kind === 'acknowledged').length} acknowledged); ${Date.now() - started} ms in all`);

    // The audit chain of every province verifies (the built CLI, attached to the running server's database) and the server still works.
    const verify = await run(process.execPath, [CLI, 'audit', 'verify'], { env: { ...env(), LOG_LEVEL: 'warn' } });
    expect(verify.stdout).not.toMatch(/broken|FAILED/i);
    expect((await gql('{ auditCheck { ok problem } }', {}, admin)).data?.auditCheck).toEqual({ ok: true, problem: null }); // sessions survive the crash
    // A lost submission can simply be sent again.
    const again = ready_.findIndex((_, i) => byId.get(ready_[i]!.id) === 'DRAFT');
    if (again >= 0) {
      const retried = await gql(SUBMIT, { i: { scorecardId: ready_[again]!.id, expectedVersion: ready_[again]!.version } }, ready_[again]!.token);
      expect(retried.errors).toBeUndefined();
    }

    await db.stop();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 180_000);
});
