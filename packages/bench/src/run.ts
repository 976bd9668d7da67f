/**
 * `pnpm bench` (entered through main.ts): seeds a province (or a national season), starts the platform on the embedded
 * PostgreSQL and measures each operation through the real GraphQL stack against a raw-SQL
 * baseline, interleaved (A/B/A/B), with load from a second process. See the README, "Benchmarks".
 */
import { createLogger, loadConfig, PROJECT_ROOT, startPlatform, type Config, type Platform } from '@par/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parseArgs, USAGE, type BenchOptions } from './args.js';
import { startBaselineServer, type BaselineServer } from './baseline-server.js';
import { LEAVES_PER_AREA } from './criteria-set.js';
import { LoadGenerator, summarize, type LoadRequest, type LoadResult, type Summary } from './load.js';
import { CHANGE_INPUTS_SQL, RESCORE_DIGEST_SQL, RESCORE_SQL, ZERO_RESULTS_SQL } from './rescore.js';
import { GROUP_CODE, OPEN_YEAR, PUBLISHED_YEAR, seedProvince, type SeededProvince } from './seed.js';

const AUDIT_KEY = 'bench-audit-key-0123456789abcdef-0123456789';
const RANKING_QUERY = 'query Ranking($r: ID!, $g: String!) { ranking(roundId: $r, group: $g) { rows { rank unitName total index band } } }';
const SCORECARD_QUERY = 'query Scorecard($r: ID!) { scorecard(roundId: $r) { id status version result { total max index band areas { area points max } } } }';
const SUBMIT_MUTATION = 'mutation Submit($i: SubmitSelfAssessmentInput!) { submitSelfAssessment(input: $i) { id status version } }';

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—');
const int = (n: number) => n.toLocaleString('en-US');
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

interface Target {
  name: string;
  value: string;
  pass: boolean;
}

interface OpResult {
  key: string;
  title: string;
  connections: number;
  graphql: Summary;
  baseline: Summary;
  ratio: number;
  runs: { side: 'graphql' | 'baseline'; result: Omit<LoadResult, 'latencies'> & { p50: number; rps: number } }[];
}

function gqlRequest(query: string, variables: Record<string, unknown>, token: string): LoadRequest {
  return { path: '/graphql', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) };
}

function rawRequest(route: string, body: Record<string, unknown>, token: string): LoadRequest {
  return { path: route, headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) };
}

async function send(url: string, r: LoadRequest): Promise<{ status: number; text: string }> {
  const res = await fetch(url + r.path, { method: 'POST', headers: { 'content-type': 'application/json', ...r.headers }, body: r.body });
  return { status: res.status, text: await res.text() };
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at byte ${i}: GraphQL …${JSON.stringify(a.slice(Math.max(0, i - 60), i + 60))}… vs raw SQL …${JSON.stringify(b.slice(Math.max(0, i - 60), i + 60))}…`;
}

async function main(opts: BenchOptions) {
  const started = performance.now();
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const elapsed = () => `${fmt((performance.now() - started) / 1000)} s`;
  const load0 = os.loadavg();
  out(
    `PAR Index benchmark${opts.quick ? ' (quick)' : ''} — Node ${process.version}, NODE_ENV=${process.env.NODE_ENV ?? ''}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, load average ${load0.map((x) => x.toFixed(2)).join(' ')}`,
  );

  const dir = await mkdtemp(path.join(os.tmpdir(), 'par-bench-'));
  // PostgreSQL runs as the 'postgres' user when we are root: it must enter the directory.
  await chmod(dir, 0o755);
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    databaseUrl: undefined,
    dataDir: dir,
    demo: false,
    logLevel: 'warn',
    auditKey: AUDIT_KEY,
    urlSigningKey: 'bench-url-signing-key-0123456789abcdef-0123',
    evidenceDir: path.join(dir, 'evidence'),
    webhookPollMs: 0,
  };
  let platform: Platform | null = null;
  let baseline: BaselineServer | null = null;
  let loadgen: LoadGenerator | null = null;
  let pool: pg.Pool | null = null;
  try {
    platform = await startPlatform(config, createLogger('warn'));
    const p = platform;
    const dbUrl = p.embedded!.url;
    pool = new pg.Pool({ connectionString: dbUrl, max: 4 });
    const db = pool;
    const q = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await db.query<T>(text, values)).rows;
    const [{ version: pgVersion } = { version: '?' }] = await q<{ version: string }>('select version()');
    out(`platform: ${pgVersion.split(' on ')[0]} (embedded, fsync on), server ${p.url}: ${elapsed()}`);

    // ── Seed ────────────────────────────────────────────────────────────────────────────────
    const seedStart = performance.now();
    const ctx = { platform: p, pool: db, log: out };
    const measured = await seedProvince(ctx, 1, opts.units, opts.units);
    const others: SeededProvince[] = [];
    if (opts.provinces > 1) {
      const each = Math.max(10, Math.round((opts.totalUnits - opts.units) / (opts.provinces - 1)));
      for (let i = 2; i <= opts.provinces; i++) others.push(await seedProvince(ctx, i, each, 1));
    }
    // Small provinces for counting statements at 10 and 100 units.
    const bySize = new Map<number, SeededProvince>([[opts.units, measured]]);
    for (const [i, n] of [[98, 10], [99, 100]] as const) if (!bySize.has(n)) bySize.set(n, await seedProvince(ctx, i, n, 2));
    await q('analyze');
    const [counts] = await q<{ units: string; entries: string; results: string }>(
      `select (select count(*) from unit) as units, (select count(*) from scorecard_entry) as entries, (select count(*) from scorecard_result) as results`,
    );
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const leaves = LEAVES_PER_AREA * 7;
    out(
      `seed: ${int(opts.provinces)} province${opts.provinces > 1 ? 's' : ''} (measured one: ${int(opts.units)} units × ${leaves} criteria), ` +
        `${int(Number(counts!.units))} units, ${int(Number(counts!.entries))} entries, ${int(Number(counts!.results))} stored results, ` +
        `round ${PUBLISHED_YEAR} published, round ${OPEN_YEAR} open: ${fmt(seedSeconds)} s`,
    );

    const preset = p.presets.get('national')!;
    baseline = await startBaselineServer({
      databaseUrl: dbUrl,
      bands: (preset.groupBands[GROUP_CODE] ?? preset.bands).map((b) => ({ band: b.band, minIndex: String(b.minIndex) })),
      auditKey: AUDIT_KEY,
      poolSize: 20,
    });
    const base = baseline;
    loadgen = new LoadGenerator();
    const lg = loadgen;

    // ── Requests ───────────────────────────────────────────────────────────────────────────
    const rankingReq = (s: SeededProvince) => ({
      graphql: gqlRequest(RANKING_QUERY, { r: s.published.globalId, g: GROUP_CODE }, s.integrationToken),
      baseline: rawRequest('/ranking', { roundId: s.published.globalId, group: GROUP_CODE }, s.integrationToken),
    });
    const scorecardReq = (s: SeededProvince, i: number) => ({
      graphql: gqlRequest(SCORECARD_QUERY, { r: s.open.globalId }, s.unitsWithSessions[i]!.token),
      baseline: rawRequest('/scorecard', { roundId: s.open.globalId }, s.unitsWithSessions[i]!.token),
    });
    const versions = async (s: SeededProvince) =>
      new Map((await q<{ id: string; version: number }>(`select id, version from scorecard where round_id = $1`, [s.open.id])).map((r) => [r.id, r.version]));
    const submitReqs = async (s: SeededProvince) => {
      const v = await versions(s);
      return s.unitsWithSessions.map((u) => {
        const input = { scorecardId: globalId('Scorecard', u.scorecardId), expectedVersion: v.get(u.scorecardId)! };
        return { graphql: gqlRequest(SUBMIT_MUTATION, { i: input }, u.token), baseline: rawRequest('/submit', { input }, u.token) };
      });
    };
    /** Submitted cards go back to draft (not timed), so every run submits complete drafts. */
    const resetSubmissions = (s: SeededProvince) =>
      q(`update scorecard set status = 'DRAFT', submitted_at = null, submitted_by = null, version = version + 1 where round_id = $1 and status = 'SUBMITTED'`, [s.open.id]);

    // ── Checks: the same answers and the same writes ─────────────────────────────────────────
    const checks: string[] = [];
    {
      const r = rankingReq(measured);
      const a = await send(p.url, r.graphql);
      const b = await send(base.url, r.baseline);
      if (a.status !== 200 || a.text !== b.text) throw new Error(`ranking answers differ (${a.status}/${b.status}) ${firstDifference(a.text, b.text)}`);
      const rows = (JSON.parse(a.text) as { data: { ranking: { rows: unknown[] } } }).data.ranking.rows.length;
      checks.push(`ranking: GraphQL and raw SQL answers are byte-identical (${int(rows)} rows, ${int(Buffer.byteLength(a.text))} bytes)`);
    }
    {
      const r = scorecardReq(measured, 0);
      const a = await send(p.url, r.graphql);
      const b = await send(base.url, r.baseline);
      if (a.status !== 200 || a.text !== b.text) throw new Error(`point read answers differ (${a.status}/${b.status}) ${firstDifference(a.text, b.text)}`);
      checks.push(`point read: GraphQL and raw SQL answers are byte-identical (${int(Buffer.byteLength(a.text))} bytes)`);
    }
    {
      const stored = (cardId: string) =>
        q<{ r: string }>(
          `select r.total::text || '|' || r.max::text || '|' || r.index::text || '|' ||
                  (select string_agg(a.area || '=' || a.points::text || '/' || a.max::text, ',' order by a.area) from scorecard_area a where a.scorecard_id = r.scorecard_id and a.stage = 'SELF') as r
             from scorecard_result r where r.scorecard_id = $1 and r.stage = 'SELF'`,
          [cardId],
        ).then((rows) => rows[0]?.r ?? '');
      const card = measured.unitsWithSessions[0]!;
      const seeded = await stored(card.scorecardId);
      const a = await send(p.url, (await submitReqs(measured))[0]!.graphql);
      const viaGraphql = await stored(card.scorecardId);
      await resetSubmissions(measured);
      const b = await send(base.url, (await submitReqs(measured))[0]!.baseline);
      const viaSql = await stored(card.scorecardId);
      await resetSubmissions(measured);
      const shape = (t: string) => t.replace(/"version":\d+/, '"version":N');
      if (a.status !== 200 || b.status !== 200 || shape(a.text) !== shape(b.text)) throw new Error(`submission answers differ: ${a.text.slice(0, 300)} vs ${b.text.slice(0, 300)}`);
      if (viaGraphql !== seeded || viaSql !== seeded) throw new Error(`submission results differ: seeded ${seeded}, GraphQL ${viaGraphql}, raw SQL ${viaSql}`);
      checks.push(`submission: both store the same result (total, max, index and the 7 areas: ${seeded.split('|').slice(0, 3).join(' / ')}) and answer the same shape`);
    }
    for (const c of checks) out(`check: ${c}`);

    // ── SQL statements per request at 10, 100, 1,000 units ─────────────────────────────────
    const sizes = [...bySize.keys()].sort((a, b) => a - b);
    const sql: Record<string, { graphql: Record<number, number>; baseline: Record<number, number> }> = {
      ranking: { graphql: {}, baseline: {} },
      point: { graphql: {}, baseline: {} },
      submit: { graphql: {}, baseline: {} },
      rescore: { graphql: {}, baseline: {} },
    };
    const countGraphql = async (r: LoadRequest) => {
      const before = p.sqlStats.statements;
      const res = await send(p.url, r);
      if (res.status !== 200 || res.text.includes('"errors":[')) throw new Error(`request failed while counting: ${res.text.slice(0, 300)}`);
      return p.sqlStats.statements - before;
    };
    const countBaseline = async (r: LoadRequest) => {
      const before = base.stats.statements;
      const res = await send(base.url, r);
      if (res.status !== 200) throw new Error(`baseline request failed while counting: ${res.text.slice(0, 300)}`);
      return base.stats.statements - before;
    };
    for (const n of sizes) {
      const s = bySize.get(n)!;
      const rk = rankingReq(s);
      await send(p.url, rk.graphql); // the first use of a token records it (once a minute)
      sql.ranking!.graphql[n] = await countGraphql(rk.graphql);
      sql.ranking!.baseline[n] = await countBaseline(rk.baseline);
      const pr = scorecardReq(s, 0);
      await send(p.url, pr.graphql);
      sql.point!.graphql[n] = await countGraphql(pr.graphql);
      sql.point!.baseline[n] = await countBaseline(pr.baseline);
      await send(p.url, (await submitReqs(s))[0]!.graphql); // warm: the round's criteria are then cached by the server
      await resetSubmissions(s);
      sql.submit!.graphql[n] = await countGraphql((await submitReqs(s))[0]!.graphql);
      await resetSubmissions(s);
      sql.submit!.baseline[n] = await countBaseline((await submitReqs(s))[0]!.baseline);
      await resetSubmissions(s);
      if (n !== opts.units && (!opts.only || opts.only.includes('rescore'))) {
        const r = await rescorePlatform(p, s, db);
        sql.rescore!.graphql[n] = r.statements;
        sql.rescore!.baseline[n] = 1;
      }
    }

    // ── Interleaved load: A (GraphQL) / B (raw SQL) / A / B … ───────────────────────────────
    const ops: OpResult[] = [];
    const conns = (d: number) => opts.connections || d;
    const measure = async (key: string, title: string, connections: number, build: () => Promise<{ graphql: LoadRequest[]; baseline: LoadRequest[]; cycle: boolean }>, after?: () => Promise<unknown>) => {
      const runs: OpResult['runs'] = [];
      const results: Record<'graphql' | 'baseline', LoadResult[]> = { graphql: [], baseline: [] };
      const go = async (side: 'graphql' | 'baseline', seconds: number, record: boolean) => {
        const reqs = await build();
        const r = await lg.run({ url: side === 'graphql' ? p.url : base.url, requests: reqs[side], cycle: reqs.cycle, connections, durationMs: seconds * 1000 });
        await after?.();
        if (!record) return;
        results[side].push(r);
        const s = summarize([r]);
        const { latencies: _l, ...rest } = r;
        runs.push({ side, result: { ...rest, p50: s.p50, rps: s.rps } });
      };
      await go('graphql', opts.warmup, false);
      await go('baseline', opts.warmup, false);
      for (let i = 0; i < opts.pairs; i++) {
        await go('graphql', opts.duration, true);
        await go('baseline', opts.duration, true);
      }
      const graphql = summarize(results.graphql);
      const baselineSummary = summarize(results.baseline);
      const op: OpResult = { key, title, connections, graphql, baseline: baselineSummary, ratio: graphql.rps / baselineSummary.rps, runs };
      ops.push(op);
      const side = (s: Summary) => `${lpad(fmt(s.rps), 7)} req/s  p50 ${lpad(fmt(s.p50), 6)} ms  p99 ${lpad(fmt(s.p99), 6)} ms`;
      out(`${pad(title, 34)} c=${pad(String(connections), 2)} GraphQL ${side(graphql)} | raw SQL ${side(baselineSummary)} | ${fmt(op.ratio, 2)}× baseline throughput`);
      const errs = [...results.graphql, ...results.baseline].filter((r) => r.errors);
      for (const r of errs) out(`  ! ${r.errors} failed requests, first: ${r.firstError}`);
      return op;
    };

    out();
    out(`load: a second process on loopback, ${opts.pairs} interleaved pairs of ${opts.duration} s per operation (after ${opts.warmup} s of warm-up each)`);
    const want = (k: string) => !opts.only || opts.only.includes(k);
    const ranking = !want('ranking') ? null : await measure(`ranking`, `ranking (${int(opts.units)} units)`, conns(2), async () => {
      const r = rankingReq(measured);
      return { graphql: [r.graphql], baseline: [r.baseline], cycle: true };
    });
    const point = !want('point') ? null : await measure(`point`, `point read (one scorecard)`, conns(4), async () => {
      const rs = measured.unitsWithSessions.map((_, i) => scorecardReq(measured, i));
      return { graphql: rs.map((r) => r.graphql), baseline: rs.map((r) => r.baseline), cycle: true };
    });
    const submit = !want('submit') ? null : await measure(
      `submit`,
      `submission (${leaves} criteria)`,
      conns(2),
      async () => {
        const rs = await submitReqs(measured);
        return { graphql: rs.map((r) => r.graphql), baseline: rs.map((r) => r.baseline), cycle: false };
      },
      () => resetSubmissions(measured),
    );

    // ── Re-scoring the province's open round: the platform's service vs one SQL statement ────
    const rescoreRuns: { platform: number[]; sql: number[] } = { platform: [], sql: [] };
    let expected = '';
    for (let i = 0; i < (want('rescore') ? opts.pairs : 0); i++) {
      const [before] = await q<{ d: string }>(RESCORE_DIGEST_SQL, [measured.open.id]);
      await q(CHANGE_INPUTS_SQL, [measured.open.id]);
      const a = await rescorePlatform(p, measured, db);
      rescoreRuns.platform.push(a.seconds);
      sql.rescore!.graphql[opts.units] = a.statements;
      const [{ d: da } = { d: '' }] = await q<{ d: string }>(RESCORE_DIGEST_SQL, [measured.open.id]);
      if (a.cards !== opts.units || da === before?.d) throw new Error(`re-score through the platform changed nothing (${a.cards} cards)`);
      expected = da;
      await q(ZERO_RESULTS_SQL, [measured.open.id]);
      const t0 = performance.now();
      const [w] = await q<{ areas: number; results: number }>(RESCORE_SQL, [measured.open.id]);
      rescoreRuns.sql.push((performance.now() - t0) / 1000);
      sql.rescore!.baseline[opts.units] = 1;
      const [{ d: db2 } = { d: '' }] = await q<{ d: string }>(RESCORE_DIGEST_SQL, [measured.open.id]);
      if (db2 !== expected || !w || w.results !== opts.units) throw new Error(`re-score by SQL wrote different results (${w?.areas} areas, ${w?.results} results)`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
    const rescore = want('rescore') ? { platform: median(rescoreRuns.platform), sql: median(rescoreRuns.sql), runs: rescoreRuns } : null;
    if (rescore) out(
      `${pad(`re-score (${int(opts.units)} units)`, 34)}      platform ${lpad(fmt(rescore.platform, 2), 7)} s (ScorecardService.rescoreOpen, median of ${opts.pairs}) | one SQL statement ${fmt(rescore.sql, 2)} s | ${fmt(rescore.sql / rescore.platform, 3)}× baseline speed`,
    );
    if (rescore) out(`check: re-score — after the inputs of every card changed, both write the same area results and totals (${int(opts.units * 7)} area rows, digest ${expected.slice(0, 12)})`);

    // ── SQL statements table ───────────────────────────────────────────────────────────────
    out();
    out(`SQL statements per request (counted)   ${sizes.map((n) => lpad(`${int(n)} units`, 12)).join('')}   raw SQL`);
    const constant: Record<string, boolean> = {};
    for (const [key, title] of [['ranking', 'ranking'], ['point', 'point read'], ['submit', 'submission'], ['rescore', 're-score (whole round)']] as const) {
      if (key === 'rescore' && !rescore) continue;
      const g = sql[key]!.graphql;
      const b = sql[key]!.baseline;
      const values = sizes.map((n) => g[n] ?? NaN);
      constant[key] = values.every((v) => v === values[0]);
      const bmax = Math.max(...sizes.map((n) => b[n] ?? 0));
      const gmax = Math.max(...values);
      out(`${pad(title, 38)} ${values.map((v) => lpad(int(v), 12)).join('')}   ${lpad(int(bmax), 7)} | ${constant[key] ? 'constant' : 'grows with units'}, ${fmt(gmax / bmax, 1)}× baseline statements`);
    }

    // ── Targets ────────────────────────────────────────────────────────────────────────────
    const rescoreTarget = !rescore ? NaN : opts.units >= 1000 ? rescore.platform : rescore.platform * (1000 / opts.units);
    const targets: Target[] = [
      ...(ranking
        ? [
            { name: 'ranking throughput ≥ 0.5× baseline', value: `${fmt(ranking.ratio, 2)}×`, pass: ranking.ratio >= 0.5 },
            { name: 'ranking p50 ≤ 50 ms', value: `${fmt(ranking.graphql.p50)} ms`, pass: ranking.graphql.p50 <= 50 },
          ]
        : []),
      ...(point ? [{ name: 'point read throughput ≥ 0.4× baseline', value: `${fmt(point.ratio, 2)}×`, pass: point.ratio >= 0.4 }] : []),
      ...(submit ? [{ name: 'bulk submission p50 ≤ 100 ms', value: `${fmt(submit.graphql.p50)} ms`, pass: submit.graphql.p50 <= 100 }] : []),
      ...(rescore ? [{ name: 're-score of 1,000 units ≤ 5 s', value: `${fmt(rescoreTarget, 2)} s${opts.units === 1000 ? '' : ' (scaled to 1,000)'}`, pass: rescoreTarget <= 5 }] : []),
      ...(['ranking', 'point', 'submit', 'rescore'] as const).filter((k) => k !== 'rescore' || rescore).map((k) => ({
        name: `SQL per request constant in units: ${k === 'point' ? 'point read' : k === 'submit' ? 'submission' : k}`,
        value: sizes.map((n) => sql[k]!.graphql[n]).join(' / '),
        pass: constant[k]!,
      })),
    ];
    out();
    for (const t of targets) out(`target ${pad(t.name, 52)} ${pad(t.value, 22)} ${t.pass ? 'PASS' : 'FAIL'}`);

    // ── Audit chain: both writers appended valid, signed links ──────────────────────────────
    const broken = await p.services.audit.verify(p.orm.em.fork() as unknown as EntityManager, measured.id);
    out(`check: the audit chain of the measured province verifies after ${int(submit ? submit.graphql.requests + submit.baseline.requests : 0)} timed submissions: ${broken ? `NO — ${broken.message}` : 'yes'}`);
    if (broken) throw new Error('audit chain broken');

    const passed = targets.filter((t) => t.pass).length;
    const load1 = os.loadavg();
    const file = opts.out ?? path.join(PROJECT_ROOT, 'bench-results', `result-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          options: opts,
          environment: { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), postgres: pgVersion, loadAverage: { start: load0, end: load1 } },
          seed: { seconds: seedSeconds, units: Number(counts!.units), entries: Number(counts!.entries), results: Number(counts!.results), criteria: leaves, provinces: opts.provinces },
          checks,
          operations: ops,
          rescore,
          sqlStatements: sql,
          targets,
        },
        null,
        2,
      ),
    );
    out();
    out(`summary: ${passed} of ${targets.length} targets met; ${elapsed()} in all; load average ${load1.map((x) => x.toFixed(2)).join(' ')}; result file ${path.relative(process.cwd(), file)}`);
  } finally {
    loadgen?.close();
    await baseline?.close().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await platform?.stop().catch(() => undefined);
    if (!opts.keep) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    else out(`kept the database directory ${dir}`);
  }
}

function globalId(type: string, id: string) {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** Re-scores every open scorecard of the province's open round through the platform's service, in one transaction. */
async function rescorePlatform(p: Platform, s: SeededProvince, db: pg.Pool): Promise<{ seconds: number; statements: number; cards: number }> {
  const unitIds = (await db.query<{ unit_id: string }>(`select unit_id from scorecard where round_id = $1`, [s.open.id])).rows.map((r) => r.unit_id);
  const em = p.orm.em.fork() as unknown as EntityManager;
  const before = p.sqlStats.statements;
  const t0 = performance.now();
  const cards = await em.transactional((tx) => p.services.scorecards.rescoreOpen(tx, unitIds, OPEN_YEAR));
  return { seconds: (performance.now() - t0) / 1000, statements: p.sqlStats.statements - before, cards };
}

let options: BenchOptions | 'help';
try {
  options = parseArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
}
if (options === 'help') {
  process.stdout.write(`${USAGE}\n`);
} else {
  main(options).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
