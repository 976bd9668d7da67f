import type { EntityManager } from '@mikro-orm/postgresql';
import { AssessmentRound, LegalDocument, Province, Publication, Role, toGlobalId, Unit, UnitGroup } from '@par/core';
import { createLogger, loadDemoData } from '@par/server';
import { seedAccount, sql, startTestServer, type SeededAccount, type TestServer } from '@par/testing';
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '@par/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 14: re-scoring under other rules, what-if, comparisons — computed in memory, never written.
 * Khánh Hòa's preset: Tốt ≥ 85, Khá ≥ 70, Trung bình ≥ 50 (no Xuất sắc); KL 91 caps at Khá.
 */
const SET = (v2: boolean) => `code: phan-tich-2027
title: Bộ tiêu chí thử nghiệm phân tích 2027
areas:
  LEADERSHIP: { code: "1", title: Chỉ đạo, max: 10, children: [ { code: "1.1", title: Kế hoạch CCHC, max: 10, method: { kind: yesNo } } ] }
  INSTITUTIONS:
    code: "2"
    title: Thể chế
    max: 20
    children: [ { code: "2.1", title: Ban hành văn bản, max: 20, method: { kind: levels, levels: [ { value: tot, label: Tốt, points: 20 }, { value: kha, label: Khá, points: 14 }, { value: tb, label: Trung bình, points: 8 } ] } } ]
  PROCEDURES: { code: "3", title: TTHC, max: 20, children: [ { code: "3.1", title: Công khai TTHC, max: 20, method: { kind: yesNo } } ] }
  ORGANIZATION: { code: "4", title: Tổ chức bộ máy, max: 10, children: [ { code: "4.1", title: Vi phạm, max: 10, method: { kind: count, variable: violations, perItem: -2 } } ] }
  CIVIL_SERVICE: { code: "5", title: Công vụ, max: 10, children: [ { code: "5.1", title: Kỷ luật, max: 10, method: { kind: yesNo } } ] }
  PUBLIC_FINANCE: { code: "6", title: Tài chính công, max: 10, children: [ { code: "6.1", title: Tự chủ, max: 10, method: { kind: yesNo } } ] }
  DIGITAL_GOVERNMENT:
    code: "7"
    title: Chính quyền số
    max: 20
    children: [ { code: "7.1", title: Cổng thông tin, max: 20, method: { kind: levels, levels: [ { value: day-du, label: Đầy đủ, points: 20 }, { value: mot-phan, label: Một phần, points: ${v2 ? 15 : 10} }, { value: khong, label: Không, points: 0 } ] } } ]
`;

let server: TestServer;
let admin: SeededAccount;
let council: SeededAccount;
let reviewer: SeededAccount;
let inspector: SeededAccount;
let reader: SeededAccount;
let unitTuPhap: SeededAccount;
const units: Record<string, SeededAccount> = {};
const unitIds: Record<string, string> = {};
const cards: Record<string, string> = {};
let round2025 = '';
let round2027 = '';
const em = () => server.platform.orm.em.fork() as unknown as EntityManager;

/** Everything re-scoring could touch, as text: the records, the stored results, the audit trail. */
async function untouched() {
  return Promise.all([
    sql(server.db.url, `select id, version, results::text as results, digest, published_at from publication order by id`),
    sql(server.db.url, `select md5(string_agg(t::text, '|' order by t.id)) as d from scorecard_result t`),
    sql(server.db.url, `select md5(string_agg(t::text, '|' order by t.id)) as d from scorecard_area t`),
    sql(server.db.url, `select md5(string_agg(t::text, '|' order by t.id)) as d from scorecard_entry t`),
    sql(server.db.url, `select md5(string_agg(t::text, '|' order by t.id)) as d from scorecard t`),
    sql(server.db.url, `select count(*)::int as n from audit_event`),
  ]);
}

const ROW = `unitName source oldRank rank rankChange oldTotal total oldIndex index oldBand band bandChanged rankChanged`;
const RESCORE = `query($i: RescoreInput!) { rescoreRound(input: $i) { kind basis baseline baselineProvisional publicationVersion preset criteria description units rankChanges bandChanges
  rows { ${ROW} areas { area oldPoints points max } criteria { code oldPoints points } rules { ruleId } flags } xlsx { fileName contentBase64 } } }`;
const WHAT_IF = `query($i: WhatIfInput!) { whatIf(input: $i) { kind basis baseline description rankChanges bandChanges rows { ${ROW} criteria { code oldPoints points reason } } } }`;
type Row = { unitName: string; rank: number; oldRank: number; band: string; oldBand: string; index: string; total: string };

beforeAll(async () => {
  server = await startTestServer();
  await loadDemoData(em(), createLogger('silent'), server.platform.services);
  admin = await seedAccount(server, { province: 'khanh-hoa', username: 'pt.admin', role: Role.ADMIN });
  council = await seedAccount(server, { province: 'khanh-hoa', username: 'pt.hoidong', role: Role.COUNCIL_MEMBER });
  reviewer = await seedAccount(server, { province: 'khanh-hoa', username: 'pt.thamdinh', role: Role.REVIEWER });
  inspector = await seedAccount(server, { province: 'khanh-hoa', username: 'pt.kiemtra', role: Role.INSPECTOR });
  reader = await seedAccount(server, { province: 'khanh-hoa', username: 'pt.bonoivu', role: Role.NATIONAL_READER });
  unitTuPhap = await seedAccount(server, { province: 'khanh-hoa', username: 'pt.sotuphap', role: Role.UNIT, unitCode: 'so-tu-phap' });
  const rounds = (await server.gql('{ rounds { id year } }', {}, admin.token)).data!.rounds as { id: string; year: number }[];
  round2025 = rounds.find((r) => r.year === 2025)!.id;
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('re-scoring a published round', () => {
  it('under a modified preset (area 7 weighs 16 instead of 8) reports exactly the hand-computed changed ranks and leaves the published record byte-identical', async () => {
    const before = await untouched();
    const r = await server.gql(RESCORE, { i: { roundId: round2025, group: 'so-nganh', rules: { areaMax: [{ area: 'DIGITAL_GOVERNMENT', max: '16' }] } } }, council.token);
    expect(r.errors).toBeUndefined();
    const res = r.data!.rescoreRound;
    // The demo's 2025 record carries points per area only (illustrative), so the basis is the record.
    expect([res.kind, res.basis, res.baselineProvisional, res.publicationVersion, res.units]).toEqual(['RESCORE', 'RECORD', false, 1, 11]);
    expect(res.description.join(' ')).toMatch(/DIGITAL_GOVERNMENT 8 → 16/);
    // Area 7 doubled: its points double (p × 16/8), the maximum becomes 100 + 8 = 108, index = (total + p7) / 108 × 100, half-up to 2 decimals.
    //   Sở Công Thương            86.40 + 6.72 = 93.12 → 86.22 (rank 1 → 2)
    //   Sở Khoa học và Công nghệ  86.28 + 6.88 = 93.16 → 86.26 (2 → 1)
    //   Sở Y tế                   85.00 + 6.00 = 91.00 → 84.26 (3 → 4; Tốt → Khá, below 85)
    //   Sở Xây dựng               84.63 + 6.56 = 91.19 → 84.44 (4 → 3; still capped at Khá by KL 91)
    //   Sở Tài chính              84.30 + 6.32 = 90.62 → 83.91 (5)
    //   Văn phòng UBND tỉnh       80.96 + 5.84 = 86.80 → 80.37 (6 → 7)
    //   Sở Tư pháp                80.17 + 6.88 = 87.05 → 80.60 (7 → 6)
    //   Sở Giáo dục và Đào tạo    78.86 + 6.24 = 85.10 → 78.80 (8)
    //   Sở Nội vụ                 74.95 + 6.40 = 81.35 → 75.32 (9)
    //   Sở Nông nghiệp và Môi trường 55.83 + 4.48 = 60.31 → 55.84 (10)
    //   Sở Văn hóa, Thể thao và Du lịch 52.37 + 4.24 = 56.61 → 52.42 (11)
    const rows = res.rows as Row[];
    expect(rows.map((x) => `${x.rank} ${x.unitName} ${x.index} ${x.band}`)).toEqual([
      '1 Sở Khoa học và Công nghệ 86.26 GOOD',
      '2 Sở Công Thương 86.22 GOOD',
      '3 Sở Xây dựng 84.44 FAIR',
      '4 Sở Y tế 84.26 FAIR',
      '5 Sở Tài chính 83.91 FAIR',
      '6 Sở Tư pháp 80.6 FAIR',
      '7 Văn phòng UBND tỉnh 80.37 FAIR',
      '8 Sở Giáo dục và Đào tạo 78.8 FAIR',
      '9 Sở Nội vụ 75.32 FAIR',
      '10 Sở Nông nghiệp và Môi trường 55.84 AVERAGE',
      '11 Sở Văn hóa, Thể thao và Du lịch 52.42 AVERAGE',
    ]);
    expect(rows.filter((x) => x.rank !== x.oldRank).map((x) => `${x.unitName}: ${x.oldRank} → ${x.rank}`)).toEqual([
      'Sở Khoa học và Công nghệ: 2 → 1',
      'Sở Công Thương: 1 → 2',
      'Sở Xây dựng: 4 → 3',
      'Sở Y tế: 3 → 4',
      'Sở Tư pháp: 7 → 6',
      'Văn phòng UBND tỉnh: 6 → 7',
    ]);
    expect(rows.filter((x) => x.band !== x.oldBand).map((x) => `${x.unitName}: ${x.oldBand} → ${x.band}`)).toEqual(['Sở Y tế: GOOD → FAIR']);
    expect([res.rankChanges, res.bandChanges]).toEqual([6, 1]);
    const yTe = res.rows.find((x: Row) => x.unitName === 'Sở Y tế');
    expect([yTe.oldTotal, yTe.total, yTe.oldIndex]).toEqual(['85', '91', '85']);
    expect(yTe.areas.find((a: { area: string }) => a.area === 'DIGITAL_GOVERNMENT')).toEqual({ area: 'DIGITAL_GOVERNMENT', oldPoints: '6', points: '12', max: '16' });
    // KL 91 still caps Sở Xây dựng; the two units Trung bình two years running are still flagged.
    expect(res.rows.find((x: Row) => x.unitName === 'Sở Xây dựng').rules).toEqual([{ ruleId: 'kl91-cap' }]);
    expect(res.rows.filter((x: { flags: string[] }) => x.flags.includes('HEAD_REVIEW')).map((x: Row) => x.unitName)).toEqual(['Sở Nông nghiệp và Môi trường', 'Sở Văn hóa, Thể thao và Du lịch']);

    // The XLSX of the comparison, with Vietnamese headers.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(res.xlsx.contentBase64, 'base64') as never);
    const ws = wb.getWorksheet('So sánh')!;
    const headerRow = ws.getRows(1, ws.rowCount)!.find((row) => row.getCell(1).value === 'Xếp hạng mới')!;
    expect((headerRow.values as unknown[]).filter(Boolean)).toEqual(expect.arrayContaining(['Xếp hạng cũ', 'Cơ quan, đơn vị', 'Chỉ số cũ (%)', 'Chỉ số mới (%)', 'Xếp loại cũ', 'Xếp loại mới']));
    expect(ws.getRow(headerRow.number + 4).getCell(4).value).toBe('Sở Y tế');
    expect(res.xlsx.fileName).toBe('cham-lai-2025-so-nganh.xlsx');

    // Nothing written: the publication rows (results as text, digest), stored results, entries, cards, audit trail.
    expect(await untouched()).toEqual(before);
  });

  it('with the same rules it reproduces the published record exactly; band thresholds and dropped rules change bands only', async () => {
    const same = (await server.gql(RESCORE, { i: { roundId: round2025, group: 'so-nganh' } }, admin.token)).data!.rescoreRound;
    expect([same.rankChanges, same.bandChanges]).toEqual([0, 0]);
    expect(same.rows.every((x: Row & { oldTotal: string }) => x.total === x.oldTotal)).toBe(true);
    // Tốt from 80 and KL 91 left out: Sở Xây dựng (84.63, capped before), Sở Tài chính (84.30), Văn phòng UBND tỉnh (80.96) and Sở Tư pháp (80.17) become Tốt; ranks do not move.
    const r = await server.gql(
      RESCORE,
      { i: { roundId: round2025, group: 'so-nganh', rules: { bands: [{ band: 'GOOD', minIndex: '80' }, { band: 'FAIR', minIndex: '70' }, { band: 'AVERAGE', minIndex: '50' }, { band: 'WEAK', minIndex: '0' }], disabledRules: ['kl91-cap'] } } },
      admin.token,
    );
    expect(r.errors).toBeUndefined();
    const rows = r.data!.rescoreRound.rows as Row[];
    expect(rows.filter((x) => x.band !== x.oldBand).map((x) => x.unitName)).toEqual(['Sở Xây dựng', 'Sở Tài chính', 'Văn phòng UBND tỉnh', 'Sở Tư pháp']);
    expect(r.data!.rescoreRound.rankChanges).toBe(0);
    // Bad rules are the caller's error, in Vietnamese, with nothing computed.
    const bad = await server.gql(RESCORE, { i: { roundId: round2025, group: 'so-nganh', rules: { bands: [{ band: 'GOOD', minIndex: '80' }, { band: 'FAIR', minIndex: '90' }] } } }, admin.token);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'bands' });
    expect(bad.errors?.[0]?.message).toMatch(/giảm dần/);
    const unknownRule = await server.gql(RESCORE, { i: { roundId: round2025, group: 'so-nganh', rules: { disabledRules: ['khong-co'] } } }, admin.token);
    expect(unknownRule.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'disabledRules' });
    const noPreset = await server.gql(RESCORE, { i: { roundId: round2025, group: 'so-nganh', rules: { preset: 'khong-co' } } }, admin.token);
    expect(noPreset.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'preset' });
  });

  it('under another installed preset (Kon Tum: Xuất sắc from 90, Khá from 65, no KL 91)', async () => {
    const r = await server.gql(RESCORE, { i: { roundId: round2025, group: 'so-nganh', rules: { preset: 'kon-tum' } } }, admin.token);
    expect(r.errors).toBeUndefined();
    const res = r.data!.rescoreRound;
    expect(res.preset).toBe('kon-tum');
    // Same area maxima as Khánh Hòa's (both extend the national preset), so indexes and ranks stay; Sở Xây dựng is no longer capped (84.63 < 90 is Tốt under Kon Tum's bands, 80–90).
    expect(res.rankChanges).toBe(0);
    expect(res.rows.find((x: Row) => x.unitName === 'Sở Xây dựng').band).toBe('GOOD');
  });

  it('after a late indicator correction: the KL 91 cap of Sở Xây dựng lifts in the re-score, the published record stays', async () => {
    const before = await untouched();
    const xd = (await em().findOneOrFail(Unit, { province: { code: 'khanh-hoa' }, code: 'so-xay-dung' })).id;
    // Corrected values for 2025 (a new period value; the cap reads the year's indicators).
    await sql(server.db.url, `update indicator_value set value = 3 where unit_id = $1 and code = 'LATE_DOSSIER_RATE'`, [xd]);
    await sql(server.db.url, `update indicator_value set value = 85 where unit_id = $1 and code = 'SATISFACTION'`, [xd]);
    try {
      const r = await server.gql(RESCORE, { i: { roundId: round2025, group: 'so-nganh' } }, admin.token);
      const x = r.data!.rescoreRound.rows.find((x: Row) => x.unitName === 'Sở Xây dựng');
      // 84.63 < 85: Khá by its index anyway, but no longer because of KL 91.
      expect([x.oldBand, x.band, x.rules]).toEqual(['FAIR', 'FAIR', []]);
    } finally {
      await sql(server.db.url, `update indicator_value set value = 6.0277 where unit_id = $1 and code = 'LATE_DOSSIER_RATE'`, [xd]);
      await sql(server.db.url, `update indicator_value set value = 79.6 where unit_id = $1 and code = 'SATISFACTION'`, [xd]);
    }
    expect((await untouched())[0]).toEqual(before[0]);
  });

  it("what-if of indicator values: Sở Xây dựng's corrected late-dossier rate and satisfaction lift its KL 91 cap; bad values are refused; nothing is written", async () => {
    const before = await untouched();
    const xd = toGlobalId('Unit', (await em().findOneOrFail(Unit, { province: { code: 'khanh-hoa' }, code: 'so-xay-dung' })).id);
    const Q = `query($i: WhatIfInput!) { whatIf(input: $i) { description rows { ${ROW} rules { ruleId } } } }`;
    const whatIf = (late: string, satisfaction: string) =>
      server.gql(Q, { i: { roundId: round2025, group: 'so-nganh', indicators: [{ unitId: xd, code: 'LATE_DOSSIER_RATE', value: late }, { unitId: xd, code: 'SATISFACTION', value: satisfaction }] } }, admin.token);
    const xdRow = (r: Awaited<ReturnType<typeof whatIf>>) => r.data!.whatIf.rows.find((x: Row) => x.unitName === 'Sở Xây dựng');
    // The recorded values (6.0277 % late, 79.6 % satisfied) keep the cap; the corrected ones lift it.
    const same = await whatIf('6.0277', '79.6');
    expect(same.errors).toBeUndefined();
    expect(xdRow(same).rules).toEqual([{ ruleId: 'kl91-cap' }]);
    const corrected = await whatIf('3', '85');
    expect(corrected.errors).toBeUndefined();
    // 84.63 < 85: Khá by its index anyway, but no longer because of KL 91 (as the re-score after the correction).
    expect([xdRow(corrected).oldBand, xdRow(corrected).band, xdRow(corrected).rules]).toEqual(['FAIR', 'FAIR', []]);
    expect(corrected.data!.whatIf.description).toContain('Sở Xây dựng: Tỷ lệ hồ sơ trễ hạn = 3% (đã ghi nhận: 6,0277%).');
    for (const [code, value, message] of [
      ['LATE_DOSSIER_RATE', '150', /ngoài khoảng 0–100%/],
      ['KHONG_CO', '1', /Chỉ số "KHONG_CO" không có/],
    ] as const) {
      const bad = await server.gql(Q, { i: { roundId: round2025, group: 'so-nganh', indicators: [{ unitId: xd, code, value }] } }, admin.token);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'indicators' });
      expect(bad.errors?.[0]?.message).toMatch(message);
    }
    expect(await untouched()).toEqual(before);
  });

  it('costs the same number of SQL statements whatever the size of the group', async () => {
    const count = async (group: string) => {
      const before = server.platform.sqlStats.statements;
      const r = await server.gql(RESCORE, { i: { roundId: round2025, group, rules: { areaMax: [{ area: 'IMPACT', max: '30' }] } } }, admin.token);
      expect(r.errors).toBeUndefined();
      return { units: r.data!.rescoreRound.units as number, statements: server.platform.sqlStats.statements - before };
    };
    const big = await count('so-nganh');
    const small = await count('nganh-doc');
    expect(big.units).toBeGreaterThan(small.units);
    expect(big.statements).toBe(small.statements);
  });

  it('who may re-score: admins, council members and national readers; not units, reviewers, inspectors or integrations; another province is not found', async () => {
    for (const who of [reviewer, inspector, unitTuPhap]) expect((await server.gql(RESCORE, { i: { roundId: round2025, group: 'so-nganh' } }, who.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await server.gql(RESCORE, { i: { roundId: round2025, group: 'so-nganh' } }, reader.token)).errors).toBeUndefined();
    const kt = await seedAccount(server, { province: 'kon-tum', username: 'pt.kt.admin', role: Role.ADMIN });
    expect((await server.gql(RESCORE, { i: { roundId: round2025, group: 'so-nganh' } }, kt.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('what-if and re-scoring from entries during appraisal', () => {
  beforeAll(async () => {
    await server.gql('mutation { createUnitGroup(input: { code: "phan-tich", name: "Nhóm phân tích" }) { code } }', {}, admin.token);
    for (const code of ['so-tu-phap', 'so-y-te', 'so-xay-dung']) {
      unitIds[code] = toGlobalId('Unit', (await em().findOneOrFail(Unit, { code, province: { code: 'khanh-hoa' } })).id);
      await server.gql('mutation($i: UpdateUnitInput!) { updateUnit(input: $i) { id } }', { i: { id: unitIds[code], groupCode: 'phan-tich' } }, admin.token);
      units[code] = await seedAccount(server, { province: 'khanh-hoa', username: `pt.u.${code}`, role: Role.UNIT, unitCode: code });
    }
    expect((await server.gql('mutation($c: String!) { importCriteriaSet(input: { content: $c }) { ref } }', { c: SET(false) }, admin.token)).errors).toBeUndefined();
    const round = await server.gql(
      'mutation { createRound(input: { year: 2027, title: "Phân tích 2027", referenceDate: "2027-12-31", preset: "khanh-hoa", groups: [{ groupCode: "phan-tich", criteriaSet: "set:phan-tich-2027" }] }) { id } }',
      {},
      admin.token,
    );
    round2027 = round.data!.createRound.id;
    await server.gql('mutation($i: AssignReviewerInput!) { assignReviewer(input: $i) { id } }', { i: { roundId: round2027, userId: reviewer.id } }, admin.token);
    type E = { code: string; value?: string; variables?: { name: string; value: string }[] };
    const v = (code: string, value: string): E => ({ code, value });
    const n = (k: number): E => ({ code: '4.1', variables: [{ name: 'violations', value: String(k) }] });
    const self: Record<string, E[]> = {
      'so-tu-phap': [v('1.1', 'yes'), v('2.1', 'tot'), v('3.1', 'yes'), n(0), v('5.1', 'yes'), v('6.1', 'yes'), v('7.1', 'day-du')], // 10+20+20+10+10+10+20 = 100
      'so-y-te': [v('1.1', 'yes'), v('2.1', 'kha'), v('3.1', 'yes'), n(1), v('5.1', 'no'), v('6.1', 'yes'), v('7.1', 'mot-phan')], // 10+14+20+8+0+10+10 = 72
      'so-xay-dung': [v('1.1', 'yes'), v('2.1', 'tot'), v('3.1', 'yes'), n(0), v('5.1', 'yes'), v('6.1', 'no'), v('7.1', 'mot-phan')], // 10+20+20+10+10+0+10 = 80
    };
    for (const [code, entries] of Object.entries(self)) {
      cards[code] = (await server.gql('query($r: ID!) { scorecard(roundId: $r) { id } }', { r: round2027 }, units[code]!.token)).data!.scorecard.id;
      for (const e of entries) {
        const r = await server.gql('mutation($i: SaveSelfAssessmentEntryInput!) { saveSelfAssessmentEntry(input: $i) { version } }', { i: { scorecardId: cards[code], expectedVersion: 0, ...e } }, units[code]!.token);
        expect(r.errors, `${code} ${e.code}`).toBeUndefined();
      }
      const version = (await server.gql('query($id: ID!) { node(id: $id) { ... on Scorecard { version } } }', { id: cards[code] }, units[code]!.token)).data!.node.version;
      expect((await server.gql('mutation($i: SubmitSelfAssessmentInput!) { submitSelfAssessment(input: $i) { status } }', { i: { scorecardId: cards[code], expectedVersion: version } }, units[code]!.token)).errors).toBeUndefined();
    }
    // Appraisal 1 lowers Sở Xây dựng's 2.1 from Tốt (20) to Trung bình (8): its final 80 − 12 = 68.
    const adj = await server.gql(
      'mutation($i: AppraiseEntryInput!) { appraiseEntry(input: $i) { version } }',
      { i: { scorecardId: cards['so-xay-dung'], stage: 'APPRAISAL_1', code: '2.1', decision: 'ADJUST', value: 'tb', reason: 'Văn bản ban hành chưa đúng quy trình.', expectedVersion: 0 } },
      reviewer.token,
    );
    expect(adj.errors).toBeUndefined();
  }, 60_000);

  it('the provisional ranking the what-if starts from: Sở Tư pháp 100 Tốt, Sở Y tế 72 Khá, Sở Xây dựng 68 Trung bình', async () => {
    const r = await server.gql('query($r: ID!) { ranking(roundId: $r, group: "phan-tich", provisional: true) { rows { rank unitName total band } } }', { r: round2027 }, admin.token);
    expect(r.data!.ranking.rows.map((x: Row) => `${x.rank} ${x.unitName} ${x.total} ${x.band}`)).toEqual(['1 Sở Tư pháp 100 GOOD', '2 Sở Y tế 72 FAIR', '3 Sở Xây dựng 68 AVERAGE']);
  });

  it('a what-if of one accepted criterion moves the unit to the hand-computed band and rank, writing nothing', async () => {
    const before = await untouched();
    const r = await server.gql(WHAT_IF, { i: { roundId: round2027, group: 'phan-tich', changes: [{ unitId: unitIds['so-xay-dung'], code: '2.1', accept: true }] } }, reviewer.token);
    expect(r.errors).toBeUndefined();
    const w = r.data!.whatIf;
    // Accepting the self-score of 2.1 (Tốt, 20 instead of Trung bình, 8): 68 + 12 = 80 → index 80.00, Khá (70 ≤ 80 < 85);
    // 80 > 72, so Sở Xây dựng passes Sở Y tế: rank 3 → 2, Sở Y tế 2 → 3.
    expect(w.rows.map((x: Row) => `${x.rank} ${x.unitName} ${x.total} ${x.index} ${x.band}`)).toEqual(['1 Sở Tư pháp 100 100 GOOD', '2 Sở Xây dựng 80 80 FAIR', '3 Sở Y tế 72 72 FAIR']);
    const xd = w.rows.find((x: Row) => x.unitName === 'Sở Xây dựng');
    expect([xd.oldRank, xd.rank, xd.oldBand, xd.band, xd.source]).toEqual([3, 2, 'AVERAGE', 'FAIR', 'ENTRIES']);
    expect(xd.criteria).toEqual([{ code: '2.1', oldPoints: '8', points: '20', reason: 'Mức "Tốt": 20 điểm' }]);
    expect(w.rows.find((x: Row) => x.unitName === 'Sở Y tế').source).toBe('RECORD');
    expect([w.kind, w.basis, w.rankChanges, w.bandChanges]).toEqual(['WHAT_IF', 'MIXED', 2, 1]);
    expect(w.description).toContain('Sở Xây dựng: chấp nhận điểm tự chấm tiêu chí 2.1.');
    expect(await untouched()).toEqual(before);
  });

  it('a set of changes: 6.1 valued "yes" as well (80 + 10 = 90 → still Khá under Khánh Hòa, no Xuất sắc band)', async () => {
    const r = await server.gql(
      WHAT_IF,
      { i: { roundId: round2027, group: 'phan-tich', changes: [{ unitId: unitIds['so-xay-dung'], code: '2.1', accept: true }, { unitId: unitIds['so-xay-dung'], code: '6.1', value: 'yes' }, { unitId: unitIds['so-y-te'], code: '5.1', value: 'yes' }] } },
      council.token,
    );
    expect(r.errors).toBeUndefined();
    // Sở Xây dựng 68 + 12 + 10 = 90 → Tốt (≥ 85); Sở Y tế 72 + 10 = 82 → Khá.
    expect(r.data!.whatIf.rows.map((x: Row) => `${x.rank} ${x.unitName} ${x.total} ${x.band}`)).toEqual(['1 Sở Tư pháp 100 GOOD', '2 Sở Xây dựng 90 GOOD', '3 Sở Y tế 82 FAIR']);
    // A value the criterion does not have, a criterion that does not exist, a unit outside the group: the caller's errors.
    const badLevel = await server.gql(WHAT_IF, { i: { roundId: round2027, group: 'phan-tich', changes: [{ unitId: unitIds['so-xay-dung'], code: '2.1', value: 'xuat-sac' }] } }, admin.token);
    expect(badLevel.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', criterion: '2.1' });
    const badCode = await server.gql(WHAT_IF, { i: { roundId: round2027, group: 'phan-tich', changes: [{ unitId: unitIds['so-xay-dung'], code: '9.9', value: 'yes' }] } }, admin.token);
    expect(badCode.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const other = toGlobalId('Unit', (await em().findOneOrFail(Unit, { code: 'so-noi-vu', province: { code: 'khanh-hoa' } })).id);
    const outside = await server.gql(WHAT_IF, { i: { roundId: round2027, group: 'phan-tich', changes: [{ unitId: other, code: '2.1', value: 'tot' }] } }, admin.token);
    expect(outside.errors?.[0]?.message).toMatch(/không thuộc nhóm/);
    // Units may not ask what-ifs (they would see other units' provisional results).
    expect((await server.gql(WHAT_IF, { i: { roundId: round2027, group: 'phan-tich', changes: [{ unitId: unitIds['so-xay-dung'], code: '2.1', accept: true }] } }, units['so-xay-dung']!.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('re-scoring after a criteria edit (a new version of the set: "Một phần" worth 15 instead of 10) from the stored entries', async () => {
    expect((await server.gql('mutation($c: String!) { importCriteriaSet(input: { content: $c }) { ref } }', { c: SET(true) }, admin.token)).data!.importCriteriaSet.ref).toBe('set:phan-tich-2027@2');
    const before = await untouched();
    const r = await server.gql(RESCORE, { i: { roundId: round2027, group: 'phan-tich', criteria: 'set:phan-tich-2027@2' } }, admin.token);
    expect(r.errors).toBeUndefined();
    const res = r.data!.rescoreRound;
    expect([res.basis, res.baselineProvisional]).toEqual(['ENTRIES', true]);
    // 7.1 "mot-phan": 10 → 15. Sở Y tế 72 + 5 = 77 (Khá); Sở Xây dựng (final, with 2.1 at Trung bình) 68 + 5 = 73: Trung bình → Khá; Sở Tư pháp (Đầy đủ) stays 100. Ranks do not move.
    expect(res.rows.map((x: Row) => `${x.rank} ${x.unitName} ${x.total} ${x.oldBand}→${x.band}`)).toEqual(['1 Sở Tư pháp 100 GOOD→GOOD', '2 Sở Y tế 77 FAIR→FAIR', '3 Sở Xây dựng 73 AVERAGE→FAIR']);
    expect(res.rows.find((x: Row) => x.unitName === 'Sở Xây dựng').criteria).toEqual([{ code: '7.1', oldPoints: '10', points: '15' }]);
    expect(res.description.join(' ')).toMatch(/set:phan-tich-2027@1 → set:phan-tich-2027@2/);
    expect(await untouched()).toEqual(before);
  });
});

describe('comparisons', () => {
  it("a unit's year over year follows a rename: huyện Trường Sa's 2024 result, then đặc khu Trường Sa's 2025", async () => {
    // The demo publishes 2024 for sở, ban, ngành only: give 2024 a published district group (hand-made) with huyện Trường Sa in it.
    const e = em();
    const kh = await e.findOneOrFail(Province, { code: 'khanh-hoa' });
    const r2024 = await e.findOneOrFail(AssessmentRound, { province: kh, year: 2024 });
    const capHuyen = await e.findOneOrFail(UnitGroup, { province: kh, code: 'cap-huyen' });
    const huyen = await e.findOneOrFail(Unit, { province: kh, code: 'ubnd-huyen-truong-sa' });
    const nhaTrang = await e.findOneOrFail(Unit, { province: kh, code: 'ubnd-thanh-pho-nha-trang' });
    const doc = e.create(LegalDocument, { province: kh, number: '151/QĐ-UBND (thử nghiệm)', issuedOn: '2025-03-21', issuer: 'UBND tỉnh Khánh Hòa', title: 'Công bố cấp huyện 2024 (thử nghiệm)' });
    e.create(Publication, {
      province: kh, round: r2024, group: capHuyen, version: 1, legalDocument: doc, publishedAt: new Date('2025-03-21T03:00:00Z'), publishedBy: '00000000-0000-4000-8000-000000000001', digest: 'thu-nghiem',
      results: [
        { unitId: nhaTrang.id, unitName: nhaTrang.name, total: '80', max: '100', index: '80.00', band: 'FAIR', areas: [{ area: 'LEADERSHIP', points: '5', max: '6' }] },
        { unitId: huyen.id, unitName: 'UBND huyện Trường Sa', total: '71.5', max: '100', index: '71.50', band: 'FAIR', areas: [{ area: 'LEADERSHIP', points: '4.5', max: '6' }] },
      ],
    });
    await e.flush();
    const dacKhu = toGlobalId('Unit', (await em().findOneOrFail(Unit, { province: { code: 'khanh-hoa' }, code: 'dac-khu-truong-sa' })).id);
    const Q = `query($u: ID!) { unitYearOverYear(unitId: $u) { unitName years { year unitName via group total index band rank groupSize provisional publicationVersion } xlsx { fileName contentBase64 } } }`;
    const r = await server.gql(Q, { u: dacKhu }, inspector.token);
    expect(r.errors).toBeUndefined();
    const h = r.data!.unitYearOverYear;
    expect(h.unitName).toBe('UBND đặc khu Trường Sa');
    // 2025: its own published result (the demo's cap-xa record), rank among the commune group as published.
    const cx = (await server.gql('query($r: ID!) { ranking(roundId: $r, group: "cap-xa") { rows { rank unitName total index band } } }', { r: round2025 }, admin.token)).data!.ranking.rows;
    const own2025 = cx.find((x: Row) => x.unitName === 'UBND đặc khu Trường Sa');
    expect(h.years).toEqual([
      { year: 2024, unitName: 'UBND huyện Trường Sa', via: 'LINEAGE', group: 'cap-huyen', total: '71.5', index: '71.5', band: 'FAIR', rank: 2, groupSize: 2, provisional: false, publicationVersion: 1 },
      { year: 2025, unitName: 'UBND đặc khu Trường Sa', via: 'SELF', group: 'cap-xa', total: own2025.total, index: own2025.index, band: own2025.band, rank: own2025.rank, groupSize: cx.length, provisional: false, publicationVersion: 1 },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(h.xlsx.contentBase64, 'base64') as never);
    const ws = wb.getWorksheet('Qua các năm')!;
    expect(ws.getRow(4).getCell(1).value).toBe('Năm');
    expect(ws.getRow(5).getCell(4).value).toBe('Đơn vị tiền thân');
    // With provisional results: Sở Xây dựng's 2027 card (in appraisal above) comes after its published years.
    const prov = await server.gql('query($u: ID!) { unitYearOverYear(unitId: $u, includeProvisional: true) { years { year total band rank groupSize provisional group } } }', { u: unitIds['so-xay-dung'] }, admin.token);
    expect(prov.errors).toBeUndefined();
    const years = prov.data!.unitYearOverYear.years;
    expect(years.map((y: { year: number; provisional: boolean }) => `${y.year}${y.provisional ? ' dự kiến' : ''}`)).toEqual(['2024', '2025', '2027 dự kiến']);
    expect(years.at(-1)).toEqual({ year: 2027, total: '68', band: 'AVERAGE', rank: 3, groupSize: 3, provisional: true, group: 'phan-tich' });
    // A unit account sees its own history only.
    expect((await server.gql(Q, { u: dacKhu }, unitTuPhap.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = await server.gql('query($u: ID!) { unitYearOverYear(unitId: $u) { years { year unitName } } }', { u: toGlobalId('Unit', (await em().findOneOrFail(Unit, { province: { code: 'khanh-hoa' }, code: 'so-tu-phap' })).id) }, unitTuPhap.token);
    expect(own.data!.unitYearOverYear.years.map((y: { year: number }) => y.year)).toEqual([2024, 2025]);
  });

  it('units of a group side by side with the group averages per area (demo 2025, sở, ban, ngành)', async () => {
    const Q = `query($r: ID!, $u: [ID!]) { groupComparison(roundId: $r, group: "so-nganh", unitIds: $u) { units averageIndex label rows { rank unitName index } averages { area title percent averagePoints averageMax } bands { band count } xlsx { fileName } } }`;
    const tp = toGlobalId('Unit', (await em().findOneOrFail(Unit, { province: { code: 'khanh-hoa' }, code: 'so-tu-phap' })).id);
    const yt = toGlobalId('Unit', (await em().findOneOrFail(Unit, { province: { code: 'khanh-hoa' }, code: 'so-y-te' })).id);
    const r = await server.gql(Q, { r: round2025, u: [tp, yt] }, council.token);
    expect(r.errors).toBeUndefined();
    const c = r.data!.groupComparison;
    expect(c.rows.map((x: Row) => `${x.rank} ${x.unitName} ${x.index}`)).toEqual(['3 Sở Y tế 85', '7 Sở Tư pháp 80.17']);
    // Σ index = 86.40 + 86.28 + 85.00 + 84.63 + 84.30 + 80.96 + 80.17 + 78.86 + 74.95 + 55.83 + 52.37 = 849.75; ÷ 11 = 77.25.
    expect([c.units, c.averageIndex]).toEqual([11, '77.25']);
    // Area 7: Σ points 6.72 + 6.88 + 6 + 6.56 + 6.32 + 5.84 + 6.88 + 6.24 + 6.4 + 4.48 + 4.24 = 66.56 of 11 × 8 = 88 → 75.636… → 75.64 %; average 66.56 ÷ 11 = 6.0509… → 6.05.
    expect(c.averages.find((a: { area: string }) => a.area === 'DIGITAL_GOVERNMENT')).toEqual({ area: 'DIGITAL_GOVERNMENT', title: 'Xây dựng và phát triển chính quyền điện tử, chính quyền số', percent: '75.64', averagePoints: '6.05', averageMax: '8' });
    expect(c.averages.map((a: { area: string }) => a.area)).toEqual(['LEADERSHIP', 'INSTITUTIONS', 'PROCEDURES', 'ORGANIZATION', 'CIVIL_SERVICE', 'PUBLIC_FINANCE', 'DIGITAL_GOVERNMENT', 'IMPACT']);
    expect(c.bands).toEqual([{ band: 'EXCELLENT', count: 0 }, { band: 'GOOD', count: 3 }, { band: 'FAIR', count: 6 }, { band: 'AVERAGE', count: 2 }, { band: 'WEAK', count: 0 }]);
    expect((await server.gql(Q, { r: round2025, u: [tp] }, unitTuPhap.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('the national view across provinces, over the areas they share, for the national reader only', async () => {
    // Kon Tum 2024, hand-made record with the seven areas only (no survey part): the shared areas are the seven.
    const e = em();
    const kt = await e.findOneOrFail(Province, { code: 'kon-tum' });
    const round = await e.findOneOrFail(AssessmentRound, { province: kt, year: 2024 });
    const group = await e.findOneOrFail(UnitGroup, { province: kt, code: 'so-nganh' });
    const tp = await e.findOneOrFail(Unit, { province: kt, code: 'so-tu-phap' });
    const yt = await e.findOneOrFail(Unit, { province: kt, code: 'so-y-te' });
    const doc = e.create(LegalDocument, { province: kt, number: '99/QĐ-UBND (thử nghiệm)', issuedOn: '2025-03-01', issuer: 'UBND tỉnh Kon Tum', title: 'Công bố 2024 (thử nghiệm)' });
    const areas = (p: number[]) => ['LEADERSHIP', 'INSTITUTIONS', 'PROCEDURES', 'ORGANIZATION', 'CIVIL_SERVICE', 'PUBLIC_FINANCE', 'DIGITAL_GOVERNMENT'].map((area, i) => ({ area, points: String(p[i]), max: ['6', '10', '13', '10.5', '8', '6', '8'][i]! }));
    e.create(Publication, {
      province: kt, round, group, version: 1, legalDocument: doc, publishedAt: new Date('2025-03-01T03:00:00Z'), publishedBy: '00000000-0000-4000-8000-000000000001', digest: 'thu-nghiem',
      results: [
        { unitId: tp.id, unitName: tp.name, total: '50', max: '61.5', index: '81.30', band: 'GOOD', areas: areas([5, 8, 10, 9, 6, 5, 7]) },
        { unitId: yt.id, unitName: yt.name, total: '43', max: '61.5', index: '69.92', band: 'FAIR', areas: areas([4, 7, 9, 8, 5, 4, 6]) },
      ],
    });
    await e.flush();
    const Q = `query { nationalComparison(year: 2024, group: "so-nganh") { year sharedAreas provinces { province units averageIndex rank areas { area percent } bands { band count } } xlsx { fileName } } }`;
    const r = await server.gql(Q, {}, reader.token);
    expect(r.errors).toBeUndefined();
    const n = r.data!.nationalComparison;
    expect(n.sharedAreas).toEqual(['LEADERSHIP', 'INSTITUTIONS', 'PROCEDURES', 'ORGANIZATION', 'CIVIL_SERVICE', 'PUBLIC_FINANCE', 'DIGITAL_GOVERNMENT']);
    const ktRow = n.provinces.find((p: { province: string }) => p.province === 'kon-tum');
    // (81.30 + 69.92) ÷ 2 = 75.61; per area Σ points ÷ Σ maxima: 9/12 = 75, 15/20 = 75, 19/26 = 73.0769… → 73.08, 17/21 = 80.952… → 80.95, 11/16 = 68.75, 9/12 = 75, 13/16 = 81.25.
    expect([ktRow.units, ktRow.averageIndex]).toEqual([2, '75.61']);
    expect(ktRow.areas.map((a: { percent: string }) => a.percent)).toEqual(['75', '75', '73.08', '80.95', '68.75', '75', '81.25']);
    expect(ktRow.bands.filter((b: { count: number }) => b.count)).toEqual([{ band: 'GOOD', count: 1 }, { band: 'FAIR', count: 1 }]);
    // Khánh Hòa 2024: the average of its published indexes, as the ranking shows them.
    const kh2024 = (await server.gql('{ rounds(province: "khanh-hoa") { id year } }', {}, reader.token)).data!.rounds.find((x: { year: number }) => x.year === 2024).id;
    const rows = (await server.gql('query($r: ID!) { ranking(roundId: $r, group: "so-nganh") { rows { index } } }', { r: kh2024 }, reader.token)).data!.ranking.rows as { index: string }[];
    const avg = Math.round((rows.reduce((s, x) => s + Math.round(Number(x.index) * 100), 0) / rows.length)) / 100;
    const khRow = n.provinces.find((p: { province: string }) => p.province === 'khanh-hoa');
    expect([khRow.units, Number(khRow.averageIndex)]).toEqual([rows.length, avg]);
    expect(n.provinces.map((p: { rank: number }) => p.rank)).toEqual([1, 2]);
    // Provincial roles are refused.
    for (const who of [admin, council]) expect((await server.gql(Q, {}, who.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('command line (built dist, on the test database)', () => {
  it('pnpm par rescore prints old vs new with progress on stderr and writes the XLSX; pnpm par whatif / compare / history / national answer', async () => {
    const CLI = path.join(PROJECT_ROOT, 'packages/server/dist/cli.js');
    const run = (...args: string[]) => promisify(execFile)(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: server.db.url, LOG_LEVEL: 'warn' }, maxBuffer: 10 * 1024 * 1024 });
    const before = await untouched();
    const r = await run('rescore', '--province', 'khanh-hoa', '--year', '2025', '--group', 'so-nganh', '--area-max', 'DIGITAL_GOVERNMENT=16');
    expect(r.stderr).toMatch(/chấm lại 11\/11 đơn vị/);
    expect(r.stdout).toMatch(/Sở Y tế .* 85\.00 +84\.26 +Tốt → Khá +\(hạng 3 → 4\)/);
    expect(r.stdout).toMatch(/11 đơn vị; 6 đổi hạng, 1 đổi xếp loại/);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'par-analysis-'));
    try {
      const out = path.join(dir, 'cham-lai.xlsx');
      await run('rescore', '--province', 'khanh-hoa', '--year', '2025', '--group', 'so-nganh', '--area-max', 'DIGITAL_GOVERNMENT=16', '--format', 'xlsx', '--out', out);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      expect(wb.getWorksheet('So sánh')!.getRow(1).getCell(1).value).toBe('CHẤM LẠI CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025 — SỞ, BAN, NGÀNH');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const wi = JSON.parse((await run('whatif', '--province', 'khanh-hoa', '--year', '2025', '--group', 'so-nganh', '--indicator', 'so-xay-dung:LATE_DOSSIER_RATE=3', '--indicator', 'so-xay-dung:SATISFACTION=85', '--format', 'json')).stdout);
    expect(wi.rows.find((x: { unitName: string }) => x.unitName === 'Sở Xây dựng').capped).toEqual([]);
    const w = await run('whatif', '--province', 'khanh-hoa', '--year', '2027', '--group', 'phan-tich', '--change', 'so-xay-dung:2.1=accept', '--format', 'json');
    const rows = JSON.parse(w.stdout).rows as { unitName: string; rank: number; band: string; total: string }[];
    expect(rows.map((x) => `${x.rank} ${x.unitName} ${x.total} ${x.band}`)).toEqual(['1 Sở Tư pháp 100 GOOD', '2 Sở Xây dựng 80 FAIR', '3 Sở Y tế 72 FAIR']);
    expect((await run('history', '--province', 'khanh-hoa', '--unit', 'dac-khu-truong-sa')).stdout).toMatch(/2024 UBND huyện Trường Sa .*\(tiền thân\)/);
    expect((await run('compare', '--province', 'khanh-hoa', '--year', '2025', '--group', 'so-nganh')).stdout).toMatch(/11 đơn vị, chỉ số trung bình 77\.25/);
    expect((await run('national', '--year', '2024', '--group', 'so-nganh')).stdout).toMatch(/Kon Tum +2 đơn vị +chỉ số TB +75\.61/);
    expect(await untouched()).toEqual(before);
  }, 120_000);
});

