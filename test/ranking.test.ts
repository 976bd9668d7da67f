import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AssessmentRound,
  dec,
  IndicatorValue,
  LegalDocument,
  LineageEvent,
  LineageKind,
  LineageLink,
  LineageRole,
  Province,
  Publication,
  Role,
  RoundGroup,
  Scorecard,
  ScorecardResult,
  bandFor,
  scorePreset,
  toGlobalId,
  Stage,
  Unit,
  UnitGroup,
  UnitKind,
} from '@par/core';
import { installedPresets } from '@par/server';
import { seedAccount, startTestServer, type SeededAccount, type TestServer } from '@par/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Rankings on hand-made stored results, Khánh Hòa's preset: bands Tốt ≥ 85, Khá ≥ 70, Trung bình
 * ≥ 50; KL 91 caps (late dossiers ≥ 5 % or satisfaction ≤ 80 % ⇒ at most Khá); Trung bình two
 * years running ⇒ HEAD_REVIEW, following lineage.
 */
let server: TestServer;
let admin: SeededAccount;
let round2026 = '';
const em = () => server.platform.orm.em.fork() as unknown as EntityManager;

beforeAll(async () => {
  server = await startTestServer();
  const e = em();
  const province = e.create(Province, { code: 'tinh-xh', name: 'Tỉnh xếp hạng' });
  const group = e.create(UnitGroup, { province, code: 'so-nganh', name: 'Sở, ban, ngành' });
  const unit = (code: string, name: string, validFrom = '2020-01-01', validTo: string | null = null) =>
    e.create(Unit, { province, code, name, kind: UnitKind.DEPARTMENT, group, validFrom, validTo });
  const u = {
    a: unit('a', 'Sở An'),
    b: unit('b', 'Sở Bình'),
    c: unit('c', 'Sở Cát'),
    d: unit('d', 'Sở Dũng'),
    e: unit('e', 'Sở Đông'),
    f: unit('f', 'Sở Phúc'),
    g: unit('g', 'Sở Giang'),
    h: unit('h', 'Sở Hải'),
    p1: unit('p1', 'Sở Tiền thân Một', '2020-01-01', '2025-12-31'),
    p2: unit('p2', 'Sở Tiền thân Hai', '2020-01-01', '2025-12-31'),
    m: unit('m', 'Sở Hợp nhất', '2026-01-01'),
  };
  const merge = e.create(LineageEvent, { province, kind: LineageKind.MERGE, effectiveOn: '2026-01-01' });
  for (const p of [u.p1, u.p2]) e.create(LineageLink, { event: merge, unit: p, role: LineageRole.PREDECESSOR, province });
  e.create(LineageLink, { event: merge, unit: u.m, role: LineageRole.SUCCESSOR, province });

  const r2025 = e.create(AssessmentRound, { province, year: 2025, title: '2025', referenceDate: '2025-12-31', presetId: 'khanh-hoa' });
  const r2026 = e.create(AssessmentRound, { province, year: 2026, title: '2026', referenceDate: '2026-12-31', presetId: 'khanh-hoa' });
  for (const r of [r2025, r2026]) e.create(RoundGroup, { round: r, province, group, criteriaSet: 'khanh-hoa' });
  const doc = e.create(LegalDocument, { province, number: '1/QĐ-UBND', issuedOn: '2026-03-01', issuer: 'UBND tỉnh', title: 'Công bố 2025' });
  // 2025, published: the predecessors were Trung bình and Tốt.
  e.create(Publication, {
    province, round: r2025, group, version: 1, legalDocument: doc, publishedAt: new Date('2026-03-01T03:00:00Z'), publishedBy: '00000000-0000-4000-8000-000000000001', digest: 'x',
    results: [
      { unitId: u.p1.id, unitName: u.p1.name, total: '60', max: '100', index: '60', band: 'AVERAGE', areas: [] },
      { unitId: u.p2.id, unitName: u.p2.name, total: '86', max: '100', index: '86', band: 'GOOD', areas: [] },
    ],
  });
  // 2026, during appraisal: stored results (index = total ÷ max × 100, half-up to 2 decimals).
  const result = (unit: Unit, total: string, max: string, index: string) => {
    const card = e.create(Scorecard, { province, round: r2026, unit, group, status: 'IN_APPRAISAL' as never });
    e.create(ScorecardResult, { province, scorecard: card, stage: Stage.FINAL, total: dec(total), max: dec(max), index: dec(index), criteria: [], computedAt: new Date() });
  };
  result(u.a, '85', '100', '85.00'); // exactly at Tốt
  result(u.b, '84.99', '100', '84.99'); // just below
  result(u.c, '90', '100', '90.00'); // late 4.99 % → not capped
  result(u.d, '90', '100', '90.00'); // late 5 % → capped to Khá
  result(u.e, '88', '100', '88.00'); // satisfaction 80 % → capped
  result(u.f, '88', '100', '88.00'); // satisfaction 80.01 % → not capped
  result(u.g, '63', '90', '70.00'); // 63 / 90 = 70.00 % — ties with h on the index
  result(u.h, '70', '100', '70.00');
  result(u.m, '60', '100', '60.00'); // Trung bình, and its predecessors' worst 2025 band was Trung bình
  const ind = (unit: Unit, code: string, value: string) =>
    e.create(IndicatorValue, { province, unit, code, period: '2026', periodStart: '2026-01-01', periodEnd: '2026-12-31', value: dec(value), source: 'thử nghiệm', observedAt: new Date(), idempotencyKey: `${unit.code}-${code}` });
  ind(u.c, 'LATE_DOSSIER_RATE', '4.99');
  ind(u.d, 'LATE_DOSSIER_RATE', '5');
  ind(u.e, 'SATISFACTION', '80');
  ind(u.f, 'SATISFACTION', '80.01');
  await e.flush();
  round2026 = toGlobalId('AssessmentRound', r2026.id);
  admin = await seedAccount(server, { province: 'tinh-xh', username: 'xh.admin', role: Role.ADMIN });
});
afterAll(async () => {
  await server?.stop();
});

const Q = `query($r: ID!, $p: Boolean!) { ranking(roundId: $r, group: "so-nganh", provisional: $p) {
  provisional label rows { rank unitName total index band bandByIndex flags rules { ruleId kind triggers } } } }`;

describe('rankings from stored results', () => {
  it('the final ranking exists only once published; the provisional one says so', async () => {
    const fin = await server.gql(Q, { r: round2026, p: false }, admin.token);
    expect(fin.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const prov = await server.gql(Q, { r: round2026, p: true }, admin.token);
    expect(prov.data!.ranking.provisional).toBe(true);
    expect(prov.data!.ranking.label).toMatch(/^Kết quả dự kiến/);
  });

  it('band boundaries, caps just below and at their thresholds, ties and a consequence through a merger', async () => {
    const rows = (await server.gql(Q, { r: round2026, p: true }, admin.token)).data!.ranking.rows;
    const by = Object.fromEntries(rows.map((r: { unitName: string }) => [r.unitName, r]));
    // Boundaries: 85.00 is Tốt, 84.99 is Khá.
    expect([by['Sở An'].band, by['Sở Bình'].band]).toEqual(['GOOD', 'FAIR']);
    // KL 91: late dossiers 4.99 % keeps Tốt; 5 % caps to Khá and names the rule and the value.
    expect([by['Sở Cát'].bandByIndex, by['Sở Cát'].band, by['Sở Cát'].rules]).toEqual(['GOOD', 'GOOD', []]);
    expect([by['Sở Dũng'].bandByIndex, by['Sở Dũng'].band]).toEqual(['GOOD', 'FAIR']);
    expect(by['Sở Dũng'].rules).toEqual([{ ruleId: 'kl91-cap', kind: 'CAP', triggers: ['LATE_DOSSIER_RATE = 5 (>= 5)'] }]);
    // Satisfaction 80 % caps; 80.01 % does not.
    expect([by['Sở Đông'].band, by['Sở Phúc'].band]).toEqual(['FAIR', 'GOOD']);
    expect(by['Sở Đông'].rules[0].triggers).toEqual(['SATISFACTION = 80 (<= 80)']);
    // Ranks: 90, 90 share 1; then 88, 88 share 3; 85 → 5; 84.99 → 6; 70, 70 share 7 (higher total first); 60 → 9.
    expect(rows.map((r: { rank: number; unitName: string }) => `${r.rank} ${r.unitName}`)).toEqual([
      '1 Sở Cát',
      '1 Sở Dũng',
      '3 Sở Đông',
      '3 Sở Phúc',
      '5 Sở An',
      '6 Sở Bình',
      '7 Sở Hải',
      '7 Sở Giang',
      '9 Sở Hợp nhất',
    ]);
    // Created on 1/1/2026 from Trung bình + Tốt: its 2025 band is the worst, Trung bình; Trung bình again in 2026 ⇒ HEAD_REVIEW.
    expect(by['Sở Hợp nhất'].band).toBe('AVERAGE');
    expect(by['Sở Hợp nhất'].flags).toEqual(['HEAD_REVIEW']);
    expect(by['Sở Hợp nhất'].rules).toEqual([{ ruleId: 'kl91-head-review', kind: 'CONSEQUENCE', triggers: ['2026: AVERAGE', '2025: AVERAGE'] }]);
  });

  it('every band boundary of the three presets, at and just below each threshold', () => {
    const byId = Object.fromEntries(installedPresets().map((p) => [p.id, p]));
    const band = (id: string, index: string) => bandFor(byId[id]!, dec(index));
    const cases: [string, string, string][] = [
      ['national', '90', 'EXCELLENT'], ['national', '89.99', 'GOOD'], ['national', '80', 'GOOD'], ['national', '79.99', 'FAIR'],
      ['national', '70', 'FAIR'], ['national', '69.99', 'AVERAGE'], ['national', '50', 'AVERAGE'], ['national', '49.99', 'WEAK'], ['national', '0', 'WEAK'],
      ['khanh-hoa', '100', 'GOOD'], ['khanh-hoa', '85', 'GOOD'], ['khanh-hoa', '84.99', 'FAIR'], ['khanh-hoa', '70', 'FAIR'], ['khanh-hoa', '69.99', 'AVERAGE'],
      ['khanh-hoa', '50', 'AVERAGE'], ['khanh-hoa', '49.99', 'WEAK'],
      ['kon-tum', '93.73', 'EXCELLENT'], ['kon-tum', '90', 'EXCELLENT'], ['kon-tum', '89.99', 'GOOD'], ['kon-tum', '65', 'FAIR'], ['kon-tum', '64.99', 'AVERAGE'],
    ];
    expect(cases.map(([id, i]) => `${id} ${i} ${band(id, i)}`)).toEqual(cases.map(([id, i, b]) => `${id} ${i} ${b}`));
  });

  it('without the survey part the index is rescaled over the appraised part (national preset)', () => {
    const [national] = installedPresets();
    const yes = Object.fromEntries(['2.3', '2.2.1'].map((c) => [c, { value: 'yes' }]));
    // 2.3 (1 point) + 2.2.1 (1 point) = 2 points. A department's appraised maximum is 61.5 − 1 = 60.5
    // (criterion 5.4, worth 1, applies only to districts and communes and is excluded).
    // Survey part absent: 2 / 60.5 × 100 = 3.3057… → 3.31 %.
    // With the survey (SIPAS 50 % of 10 = 5 points; the impact part counts its 38.5): 7 / 99 × 100 = 7.0707… → 7.07 %.
    const without = scorePreset(national!, { unitKind: UnitKind.DEPARTMENT, entries: yes, indicators: {} });
    expect([without.total.toFixed(), without.max.toFixed(), without.index.toFixed(2)]).toEqual(['2', '60.5', '3.31']);
    const withSurvey = scorePreset(national!, { unitKind: UnitKind.DEPARTMENT, entries: yes, indicators: { SATISFACTION: { value: '50' } } });
    expect([withSurvey.total.toFixed(), withSurvey.max.toFixed(), withSurvey.index.toFixed(2)]).toEqual(['7', '99', '7.07']);
  });

  it('the number of SQL statements per ranking request does not grow with the number of units', async () => {
    const before = server.platform.sqlStats.statements;
    await server.gql(Q, { r: round2026, p: true }, admin.token);
    const nine = server.platform.sqlStats.statements - before;
    // add 40 more cards to the round and count again
    const e = em();
    const province = await e.findOneOrFail(Province, { code: 'tinh-xh' });
    const group = await e.findOneOrFail(UnitGroup, { province, code: 'so-nganh' });
    const r = await e.findOneOrFail(AssessmentRound, { province, year: 2026 });
    for (let i = 0; i < 40; i++) {
      const unit = e.create(Unit, { province, code: `x-${i}`, name: `Đơn vị ${i}`, kind: UnitKind.DEPARTMENT, group, validFrom: '2020-01-01' });
      const card = e.create(Scorecard, { province, round: r, unit, group });
      e.create(ScorecardResult, { province, scorecard: card, stage: Stage.SELF, total: dec(50), max: dec(100), index: dec(50), criteria: [], computedAt: new Date() });
    }
    await e.flush();
    const mid = server.platform.sqlStats.statements;
    const r49 = await server.gql(Q, { r: round2026, p: true }, admin.token);
    expect(r49.data!.ranking.rows).toHaveLength(49);
    expect(server.platform.sqlStats.statements - mid).toBe(nine);
  });
});
