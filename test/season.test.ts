import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, Role, todayInVietnam, toGlobalId, Unit, viDate } from '@par/core';
import { createLogger, loadDemoData } from '@par/server';
import { seedAccount, sql, startTestServer, type SeededAccount, type TestServer } from '@par/testing';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A whole Khánh Hòa season over HTTP: three departments self-assess, reviewers appraise (one
 * within an area assignment, one for everything), one unit is asked for an explanation and
 * answers, appraisal 2 decides, the council approves by majority, the admin publishes.
 */
const SET = `code: thu-nghiem-2027
title: Bộ tiêu chí thử nghiệm mùa đánh giá 2027
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
    children: [ { code: "7.1", title: Cổng thông tin, max: 20, method: { kind: levels, levels: [ { value: day-du, label: Đầy đủ, points: 20 }, { value: mot-phan, label: Một phần, points: 10 }, { value: khong, label: Không, points: 0 } ] } } ]
`;

type Entry = { code: string; value?: string; variables?: { name: string; value: string }[] };
const yes = (code: string): Entry => ({ code, value: 'yes' });
const no = (code: string): Entry => ({ code, value: 'no' });
const level = (code: string, value: string): Entry => ({ code, value });
const violations = (n: number): Entry => ({ code: '4.1', variables: [{ name: 'violations', value: String(n) }] });

let server: TestServer;
let admin: SeededAccount;
const units: Record<string, SeededAccount> = {};
let reviewerA: SeededAccount; // INSTITUTIONS only (Sở Tư pháp's role)
let reviewerB: SeededAccount; // the appraisal team: every area
const council: SeededAccount[] = [];
let roundId = '';
const cards: Record<string, string> = {};
const em = () => server.platform.orm.em.fork() as unknown as EntityManager;

const APPRAISE = `mutation($i: AppraiseEntryInput!) { appraiseEntry(input: $i) { code stage version value } }`;
const appraise = (who: SeededAccount, unit: string, stage: string, code: string, decision: string, extra: Record<string, unknown> = {}) =>
  server.gql(APPRAISE, { i: { scorecardId: cards[unit], stage, code, decision, expectedVersion: 0, ...extra } }, who.token);
const status = async (unit: string) => (await server.gql('query($id: ID!) { node(id: $id) { ... on Scorecard { status } } }', { id: cards[unit] }, admin.token)).data!.node.status;

/** The platform's clock, moved by one test to answer an explanation too late. */
let clock: Date | null = null;
/** The season runs on the real clock: explanation deadlines are set relative to today (in Vietnam). */
const inDays = (days: number) => addDays(todayInVietnam(), days);

beforeAll(async () => {
  server = await startTestServer({}, { now: () => clock ?? new Date() });
  await loadDemoData(em(), createLogger('silent'), server.platform.services);
  admin = await seedAccount(server, { province: 'khanh-hoa', username: 'mua.admin', role: Role.ADMIN });
  // A ranking group of three departments for the season.
  await server.gql('mutation { createUnitGroup(input: { code: "thu-nghiem", name: "Nhóm thử nghiệm" }) { code } }', {}, admin.token);
  for (const code of ['so-tu-phap', 'so-y-te', 'so-xay-dung']) {
    const id = toGlobalId('Unit', (await em().findOneOrFail(Unit, { code, province: { code: 'khanh-hoa' } })).id);
    await server.gql('mutation($i: UpdateUnitInput!) { updateUnit(input: $i) { id } }', { i: { id, groupCode: 'thu-nghiem' } }, admin.token);
    units[code] = await seedAccount(server, { province: 'khanh-hoa', username: `mua.${code}`, role: Role.UNIT, unitCode: code });
  }
  reviewerA = await seedAccount(server, { province: 'khanh-hoa', username: 'mua.thamdinh.thech', role: Role.REVIEWER });
  reviewerB = await seedAccount(server, { province: 'khanh-hoa', username: 'mua.thamdinh.chung', role: Role.REVIEWER });
  for (let i = 1; i <= 3; i++) council.push(await seedAccount(server, { province: 'khanh-hoa', username: `mua.hoidong${i}`, role: Role.COUNCIL_MEMBER }));
  expect((await server.gql('mutation($c: String!) { importCriteriaSet(input: { content: $c }) { ref } }', { c: SET }, admin.token)).errors).toBeUndefined();
  const round = await server.gql(
    'mutation { createRound(input: { year: 2027, title: "Mùa đánh giá 2027", referenceDate: "2027-12-31", preset: "khanh-hoa", groups: [{ groupCode: "thu-nghiem", criteriaSet: "set:thu-nghiem-2027" }] }) { id } }',
    {},
    admin.token,
  );
  roundId = round.data!.createRound.id;
  for (const [code, acc] of Object.entries(units)) cards[code] = (await server.gql('query($r: ID!) { scorecard(roundId: $r) { id } }', { r: roundId }, acc.token)).data!.scorecard.id;
  await server.gql('mutation($i: AssignReviewerInput!) { assignReviewer(input: $i) { id } }', { i: { roundId, userId: reviewerA.id, area: 'INSTITUTIONS' } }, admin.token);
  await server.gql('mutation($i: AssignReviewerInput!) { assignReviewer(input: $i) { id } }', { i: { roundId, userId: reviewerB.id } }, admin.token);
  for (const m of council) await server.gql('mutation($r: ID!, $u: ID!) { appointCouncilMember(roundId: $r, userId: $u) }', { r: roundId, u: m.id }, admin.token);
});
afterAll(async () => {
  await server?.stop();
});

describe('a whole season', () => {
  it('three units self-assess and submit', async () => {
    const self: Record<string, Entry[]> = {
      'so-tu-phap': [yes('1.1'), level('2.1', 'tot'), yes('3.1'), violations(0), yes('5.1'), yes('6.1'), level('7.1', 'day-du')], // 10+20+20+10+10+10+20 = 100
      'so-y-te': [yes('1.1'), level('2.1', 'kha'), yes('3.1'), violations(1), no('5.1'), yes('6.1'), level('7.1', 'day-du')], // 10+14+20+8+0+10+20 = 82
      'so-xay-dung': [no('1.1'), level('2.1', 'tb'), yes('3.1'), violations(2), yes('5.1'), yes('6.1'), level('7.1', 'mot-phan')], // 0+8+20+6+10+10+10 = 64
    };
    for (const [unit, entries] of Object.entries(self)) {
      for (const e of entries) {
        const r = await server.gql('mutation($i: SaveSelfAssessmentEntryInput!) { saveSelfAssessmentEntry(input: $i) { version } }', { i: { scorecardId: cards[unit], expectedVersion: 0, ...e } }, units[unit]!.token);
        expect(r.errors, `${unit} ${e.code}`).toBeUndefined();
      }
      const card = (await server.gql('query($id: ID!) { node(id: $id) { ... on Scorecard { version result { total } } } }', { id: cards[unit] }, units[unit]!.token)).data!.node;
      const sub = await server.gql('mutation($i: SubmitSelfAssessmentInput!) { submitSelfAssessment(input: $i) { status } }', { i: { scorecardId: cards[unit], expectedVersion: card.version } }, units[unit]!.token);
      expect(sub.errors, unit).toBeUndefined();
    }
    expect(await Promise.all(Object.keys(cards).map(status))).toEqual(['SUBMITTED', 'SUBMITTED', 'SUBMITTED']);
  });

  it('appraisal 1: an area reviewer adjusts with a reason, and is refused outside the assignment with nothing changed', async () => {
    const noReason = await appraise(reviewerA, 'so-tu-phap', 'APPRAISAL_1', '2.1', 'ADJUST', { value: 'kha' });
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const adj = await appraise(reviewerA, 'so-tu-phap', 'APPRAISAL_1', '2.1', 'ADJUST', { value: 'kha', reason: 'Một văn bản ban hành chậm so với kế hoạch.' });
    expect(adj.errors).toBeUndefined();
    expect(await status('so-tu-phap')).toBe('IN_APPRAISAL');

    const before = (await sql<{ n: number }>(server.db.url, `select count(*)::int as n from scorecard_entry where stage <> 'SELF'`))[0]!.n;
    const outside = await appraise(reviewerA, 'so-tu-phap', 'APPRAISAL_1', '3.1', 'ADJUST', { value: 'no', reason: 'x' });
    expect(outside.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(outside.errors?.[0]?.message).toMatch(/không thuộc phạm vi được giao/);
    const unitTries = await appraise(units['so-y-te']!, 'so-y-te', 'APPRAISAL_1', '2.1', 'ACCEPT');
    expect(unitTries.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sql<{ n: number }>(server.db.url, `select count(*)::int as n from scorecard_entry where stage <> 'SELF'`))[0]!.n).toBe(before);

    expect((await appraise(reviewerB, 'so-xay-dung', 'APPRAISAL_1', '1.1', 'ACCEPT')).errors).toBeUndefined();
    expect(await status('so-xay-dung')).toBe('IN_APPRAISAL');
  });

  it('one unit is asked for an explanation, sees it as a task with its deadline, and answers', async () => {
    const dueOn = inDays(14);
    const req = await server.gql(
      'mutation($i: RequestExplanationInput!) { requestExplanation(input: $i) { id dueOn } }',
      { i: { scorecardId: cards['so-y-te'], code: '7.1', message: 'Đề nghị cung cấp số liệu cập nhật cổng thông tin điện tử năm 2027.', dueOn } },
      reviewerB.token,
    );
    expect(req.errors).toBeUndefined();
    expect(await status('so-y-te')).toBe('EXPLANATION_REQUESTED');
    const tasks = (await server.gql('{ myTasks { kind title deadline overdue daysLeft } }', {}, units['so-y-te']!.token)).data!.myTasks;
    expect(tasks).toContainEqual(expect.objectContaining({ kind: 'EXPLANATION', deadline: dueOn, overdue: false, daysLeft: 14 }));
    const reviewerTasks = (await server.gql('{ myTasks { kind unitName } }', {}, reviewerB.token)).data!.myTasks;
    expect(reviewerTasks.map((t: { unitName: string }) => t.unitName).sort()).toEqual(['Sở Tư pháp', 'Sở Xây dựng']); // Sở Y tế is waiting for its answer
    const ans = await server.gql(
      'mutation($i: AnswerExplanationInput!) { answerExplanation(input: $i) { answer answeredAt } }',
      { i: { requestId: req.data!.requestExplanation.id, answer: 'Cổng thông tin mới cập nhật được một phần chuyên mục; đang hoàn thiện.' } },
      units['so-y-te']!.token,
    );
    expect(ans.errors).toBeUndefined();
    expect(await status('so-y-te')).toBe('EXPLANATION_SUBMITTED');
  });

  it('a late answer is refused with its deadline, nothing changed; an answer in time goes through', async () => {
    const dueOn = inDays(3);
    const req = await server.gql(
      'mutation($i: RequestExplanationInput!) { requestExplanation(input: $i) { id } }',
      { i: { scorecardId: cards['so-xay-dung'], code: '1.1', message: 'Đề nghị nêu lý do chưa ban hành kế hoạch CCHC.', dueOn } },
      reviewerB.token,
    );
    const answer = () =>
      server.gql('mutation($i: AnswerExplanationInput!) { answerExplanation(input: $i) { answeredAt } }', { i: { requestId: req.data!.requestExplanation.id, answer: 'Kế hoạch đang trình ký.' } }, units['so-xay-dung']!.token);
    clock = new Date(`${addDays(dueOn, 1)}T01:00:00Z`); // 8:00 in Vietnam on the day after the deadline
    try {
      const late = await answer();
      expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'PHASE_CLOSED', deadline: dueOn });
      expect(late.errors?.[0]?.message).toContain(`Đã quá hạn giải trình (23:59:59 ngày ${viDate(dueOn)})`);
      expect(await sql(server.db.url, 'select answer from explanation_request where answer is null')).toHaveLength(1);
      expect(await status('so-xay-dung')).toBe('EXPLANATION_REQUESTED');
    } finally {
      clock = null;
    }
    expect((await answer()).errors).toBeUndefined();
    expect(await status('so-xay-dung')).toBe('EXPLANATION_SUBMITTED');
  });

  it('appraisal 2 decides the final values; every stage stays visible', async () => {
    expect((await appraise(reviewerB, 'so-y-te', 'APPRAISAL_2', '7.1', 'ADJUST', { value: 'mot-phan', reason: 'Theo giải trình, cổng thông tin mới cập nhật một phần.' })).errors).toBeUndefined();
    expect((await appraise(reviewerB, 'so-tu-phap', 'APPRAISAL_2', '2.1', 'ACCEPT')).errors).toBeUndefined();
    expect((await appraise(reviewerB, 'so-xay-dung', 'APPRAISAL_2', '4.1', 'ACCEPT')).errors).toBeUndefined();
    expect(await Promise.all(Object.keys(cards).map(status))).toEqual(['FINAL_APPRAISAL', 'FINAL_APPRAISAL', 'FINAL_APPRAISAL']);
    const stages = await server.gql(
      `query($id: ID!) { node(id: $id) { ... on Scorecard { self: entries(stage: SELF) { code value } a1: entries(stage: APPRAISAL_1) { code value } a2: entries(stage: APPRAISAL_2) { code value }
        final: result(stage: FINAL) { total } } } }`,
      { id: cards['so-tu-phap'] },
      admin.token,
    );
    const n = stages.data!.node;
    expect(n.self.find((e: { code: string }) => e.code === '2.1').value).toBe('tot');
    expect(n.a1).toEqual([{ code: '2.1', value: 'kha' }]);
    expect(n.a2).toEqual([{ code: '2.1', value: 'kha' }]);
    expect(n.final.total).toBe('94'); // 100 − 20 + 14
  });

  it('a breakdown explains a criterion: every stage, who adjusted it and why, the source id@version', async () => {
    const b = await server.gql(
      `query($id: ID!) { node(id: $id) { ... on Scorecard { breakdown(code: "2.1") { code max source stages { stage value points reason comment author } } } } }`,
      { id: cards['so-tu-phap'] },
      units['so-tu-phap']!.token,
    );
    expect(b.errors).toBeUndefined();
    const d = b.data!.node.breakdown;
    expect([d.code, d.max, d.source]).toEqual(['2.1', '20', 'set:thu-nghiem-2027@1']);
    expect(d.stages).toEqual([
      { stage: 'SELF', value: 'tot', points: '20', reason: 'Mức "Tốt": 20 điểm', comment: null, author: 'Tài khoản mua.so-tu-phap' },
      { stage: 'APPRAISAL_1', value: 'kha', points: '14', reason: 'Mức "Khá": 14 điểm', comment: 'Một văn bản ban hành chậm so với kế hoạch.', author: 'Tài khoản mua.thamdinh.thech' },
      { stage: 'APPRAISAL_2', value: 'kha', points: '14', reason: 'Mức "Khá": 14 điểm', comment: 'Chấp nhận', author: 'Tài khoản mua.thamdinh.chung' },
      { stage: 'FINAL', value: null, points: '14', reason: 'Mức "Khá": 14 điểm', comment: null, author: null },
    ]);
  });

  it('the council: a vote without majority is refused with nothing changed; a majority approves', async () => {
    const vote = (i: number, v: string) => server.gql('mutation($i: CouncilVoteInput!) { castCouncilVote(input: $i) { vote } }', { i: { roundId, group: 'thu-nghiem', vote: v } }, council[i]!.token);
    const decide = () => server.gql('mutation($r: ID!) { decideCouncil(roundId: $r, group: "thu-nghiem") { appointed approvals } }', { r: roundId }, admin.token);
    expect((await vote(0, 'APPROVE')).errors).toBeUndefined();
    expect((await vote(1, 'REJECT')).errors).toBeUndefined();
    const refused = await decide();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'NO_MAJORITY', approvals: 1, appointed: 3 });
    expect(refused.errors?.[0]?.message).toMatch(/Chưa đủ đa số: 1\/3/);
    expect(await sql(server.db.url, 'select 1 from council_decision')).toEqual([]);
    expect(await Promise.all(Object.keys(cards).map(status))).toEqual(['FINAL_APPRAISAL', 'FINAL_APPRAISAL', 'FINAL_APPRAISAL']);
    const outsider = await server.gql('mutation($i: CouncilVoteInput!) { castCouncilVote(input: $i) { vote } }', { i: { roundId, group: 'thu-nghiem', vote: 'APPROVE' } }, reviewerB.token);
    expect(outsider.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    expect((await vote(2, 'APPROVE')).errors).toBeUndefined();
    expect((await decide()).data!.decideCouncil).toEqual({ appointed: 3, approvals: 2 }); // 2 of 3 > 50 %
    expect(await Promise.all(Object.keys(cards).map(status))).toEqual(['COUNCIL_APPROVED', 'COUNCIL_APPROVED', 'COUNCIL_APPROVED']);
  });

  it('publication freezes the results: totals computed by hand, no write changes them after', async () => {
    const doc = await server.gql(
      'mutation { createLegalDocument(input: { number: "2100/QĐ-UBND", issuedOn: "2028-03-15", issuer: "UBND tỉnh Khánh Hòa", title: "Công bố Chỉ số cải cách hành chính năm 2027 (thử nghiệm)" }) { id } }',
      {},
      admin.token,
    );
    const pub = await server.gql(
      'mutation($i: PublishResultsInput!) { publishResults(input: $i) { version digest legalDocument { number } results { unitName total max index band } } }',
      { i: { roundId, group: 'thu-nghiem', legalDocumentId: doc.data!.createLegalDocument.id } },
      admin.token,
    );
    expect(pub.errors).toBeUndefined();
    const p = pub.data!.publishResults;
    expect(p.version).toBe(1);
    expect(p.legalDocument.number).toBe('2100/QĐ-UBND');
    expect(p.results).toEqual([
      // Sở Tư pháp: self 100, 2.1 adjusted Tốt 20 → Khá 14: 94 → 94.00 % ≥ 85 → Tốt (Khánh Hòa bands, no indicators for 2027)
      { unitName: 'Sở Tư pháp', total: '94', max: '100', index: '94', band: 'GOOD' },
      // Sở Y tế: self 82, 7.1 Đầy đủ 20 → Một phần 10 after the explanation: 72 → Khá
      { unitName: 'Sở Y tế', total: '72', max: '100', index: '72', band: 'FAIR' },
      // Sở Xây dựng: self 64, accepted as is → Trung bình
      { unitName: 'Sở Xây dựng', total: '64', max: '100', index: '64', band: 'AVERAGE' },
    ]);
    expect(await Promise.all(Object.keys(cards).map(status))).toEqual(['PUBLISHED', 'PUBLISHED', 'PUBLISHED']);

    const entries = async () => (await sql(server.db.url, `select stage, code, value, version from scorecard_entry order by scorecard_id, stage, code`));
    const snapshot = await entries();
    const r1 = await appraise(reviewerB, 'so-tu-phap', 'APPRAISAL_2', '1.1', 'ADJUST', { value: 'no', reason: 'sửa sau công bố' });
    expect(r1.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    expect(r1.errors?.[0]?.message).toMatch(/Kết quả đã công bố/);
    const r2 = await server.gql('mutation($i: SaveSelfAssessmentEntryInput!) { saveSelfAssessmentEntry(input: $i) { version } }', { i: { scorecardId: cards['so-y-te'], code: '5.1', expectedVersion: 1, value: 'yes' } }, units['so-y-te']!.token);
    expect(r2.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const again = await server.gql('mutation($r: ID!) { decideCouncil(roundId: $r, group: "thu-nghiem") { approvals } }', { r: roundId }, admin.token);
    expect(again.errors).toBeDefined();
    expect(await entries()).toEqual(snapshot);
    // Even a direct database write cannot edit the published record.
    await expect(sql(server.db.url, `update publication set digest = 'x'`)).rejects.toThrow(/immutable/);
    await expect(sql(server.db.url, `delete from publication`)).rejects.toThrow(/immutable/);
    expect((await server.gql('{ auditCheck { ok } }', {}, admin.token)).data!.auditCheck.ok).toBe(true);

    // A late indicator correction that would cap Sở Tư pháp under Kết luận 91 (late dossiers ≥ 5 %)
    // is recorded, and the official ranking still reads exactly as published: Tốt, no rule applied.
    const RANKING = 'query($r: ID!) { ranking(roundId: $r, group: "thu-nghiem") { publicationVersion rows { rank unitName band bandByIndex rules { ruleId } } } }';
    const before = (await server.gql(RANKING, { r: roundId }, admin.token)).data!.ranking;
    expect(before.rows).toEqual([
      { rank: 1, unitName: 'Sở Tư pháp', band: 'GOOD', bandByIndex: 'GOOD', rules: [] },
      { rank: 2, unitName: 'Sở Y tế', band: 'FAIR', bandByIndex: 'FAIR', rules: [] },
      { rank: 3, unitName: 'Sở Xây dựng', band: 'AVERAGE', bandByIndex: 'AVERAGE', rules: [] },
    ]);
    const late = await server.gql(
      'mutation($v: [IndicatorValueInput!]!) { recordIndicators(values: $v) { created { code } rescoredScorecards } }',
      { v: [{ unitCode: 'so-tu-phap', code: 'LATE_DOSSIER_RATE', period: '2027', value: '7', source: 'Một cửa (bổ sung muộn, thử nghiệm)', observedAt: '2028-04-01T02:00:00Z' }] },
      admin.token,
    );
    expect(late.data!.recordIndicators).toEqual({ created: [{ code: 'LATE_DOSSIER_RATE' }], rescoredScorecards: 0 });
    expect((await server.gql(RANKING, { r: roundId }, admin.token)).data!.ranking).toEqual(before);
  });

  it('the published ranking exports through signed links: XLSX matches the API, DOCX annex, CSV; tampered links refused', async () => {
    const r = await server.gql('query($r: ID!) { ranking(roundId: $r, group: "thu-nghiem") { provisional rows { rank unitName total index bandLabel } } }', { r: roundId }, admin.token);
    expect(r.data!.ranking.provisional).toBe(false);
    const url = async (format: string) =>
      (await server.gql('query($r: ID!, $f: ExportFormat!) { rankingExportUrl(roundId: $r, group: "thu-nghiem", format: $f) }', { r: roundId, f: format }, units['so-y-te']!.token)).data!.rankingExportUrl as string;
    const xlsx = await fetch(`${server.url}${await url('XLSX')}`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const ws = wb.getWorksheet('Xếp hạng')!;
    const header = (ws.getRow(4).values as unknown[]).slice(1).map(String);
    const col = (n: string) => header.indexOf(n) + 1;
    const rows: string[] = [];
    for (let i = 5; i <= ws.rowCount; i++) {
      const x = ws.getRow(i);
      rows.push([x.getCell(1).value, x.getCell(2).value, x.getCell(col('Tổng điểm')).value, x.getCell(col('Chỉ số (%)')).value, x.getCell(col('Xếp loại')).value].join('|'));
    }
    expect(rows).toEqual(r.data!.ranking.rows.map((x: { rank: number; unitName: string; total: string; index: string; bandLabel: string }) => [x.rank, x.unitName, Number(x.total), Number(x.index), x.bandLabel].join('|')));
    expect(rows[0]).toBe('1|Sở Tư pháp|94|94|Tốt');
    const crit = await server.gql('query($r: ID!) { ranking(roundId: $r, group: "thu-nghiem") { rows { unitName criteria { code points } } } }', { r: roundId }, admin.token);
    expect(crit.data!.ranking.rows[0].criteria).toContainEqual({ code: '2.1', points: '14' }); // the appraised value, never the self-score (20)
    const docx = await fetch(`${server.url}${await url('DOCX')}`);
    const xml = await (await JSZip.loadAsync(Buffer.from(await docx.arrayBuffer()))).file('word/document.xml')!.async('string');
    expect(xml).toContain('PHỤ LỤC');
    expect(xml).toContain('Sở Xây dựng');
    const csv = Buffer.from(await (await fetch(`${server.url}${await url('CSV')}`)).arrayBuffer()).toString('utf8');
    expect(csv).toContain('Sở Y tế');
    const bad = await fetch(`${server.url}${(await url('JSON')).replace('f=json', 'f=xlsx')}`);
    expect(bad.status).toBe(403);
  });

  it("a unit downloads its own report (XLSX and DOCX) with every stage and comment, in Vietnamese; not another unit's", async () => {
    const q = 'query($id: ID!, $f: ReportFormat!) { scorecardReport(scorecardId: $id, format: $f) { fileName mediaType contentBase64 } }';
    const x = await server.gql(q, { id: cards['so-tu-phap'], f: 'XLSX' }, units['so-tu-phap']!.token);
    expect(x.errors).toBeUndefined();
    expect(x.data!.scorecardReport.fileName).toBe('phieu-cham-so-tu-phap-2027.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.data!.scorecardReport.contentBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Phiếu chấm')!;
    expect(String(ws.getCell('A1').value)).toContain('Sở Tư pháp');
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const r21 = rows.find((r) => r[0] === '2.1')!;
    // code, title, max, self (value, points, comment), A1 (value, points, comment), A2 …, final, reason
    expect(r21.slice(0, 10)).toEqual(['2.1', '  Ban hành văn bản', 20, 'tot', 20, '', 'kha', 14, 'Một văn bản ban hành chậm so với kế hoạch.', 'kha']);
    expect(rows.some((r) => String(r[1]) === 'Kết quả cuối cùng' && String(r[3]) === 'Tổng điểm: 94')).toBe(true);

    const d = await server.gql(q, { id: cards['so-y-te'], f: 'DOCX' }, units['so-y-te']!.token);
    expect(d.data!.scorecardReport.mediaType).toMatch(/wordprocessingml/);
    const xml = await (await JSZip.loadAsync(Buffer.from(d.data!.scorecardReport.contentBase64, 'base64'))).file('word/document.xml')!.async('string');
    expect(xml).toContain('PHIẾU CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH');
    expect(xml).toContain('Sở Y tế');
    expect(xml).toContain('Cổng thông tin mới cập nhật được một phần chuyên mục');

    const other = await server.gql(q, { id: cards['so-y-te'], f: 'XLSX' }, units['so-tu-phap']!.token);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

