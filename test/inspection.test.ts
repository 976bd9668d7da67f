import type { EntityManager } from '@mikro-orm/postgresql';
import { docxHeadings, docxParagraphs, Evidence, Role, toGlobalId, Unit } from '@par/core';
import { createLogger, loadDemoData } from '@par/server';
import { seedAccount, sql, startTestServer, type SeededAccount, type TestServer } from '@par/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: TestServer;
let admin: SeededAccount;
let inspector: SeededAccount;
let unitAcc: SeededAccount;
let outsider: SeededAccount;
const em = () => server.platform.orm.em.fork() as unknown as EntityManager;
const unitId = async (code: string, province = 'kon-tum') => toGlobalId('Unit', (await em().findOneOrFail(Unit, { code, province: { code: province } })).id);
const count = async (table: string) => (await sql<{ n: number }>(server.db.url, `select count(*)::int as n from ${table}`))[0]!.n;

beforeAll(async () => {
  server = await startTestServer();
  await loadDemoData(em(), createLogger('silent'), server.platform.services);
  admin = await seedAccount(server, { province: 'kon-tum', username: 'kt.admin', role: Role.ADMIN });
  inspector = await seedAccount(server, { province: 'kon-tum', username: 'kt.kiemtra', role: Role.INSPECTOR });
  unitAcc = await seedAccount(server, { province: 'kon-tum', username: 'kt.sotuphap', role: Role.UNIT, unitCode: 'so-tu-phap' });
  outsider = await seedAccount(server, { province: 'kon-tum', username: 'kt.kiemtra2', role: Role.INSPECTOR });
  // The admin names the team: inspectors see the plans of the teams they are on.
  const plan = (await server.gql('{ inspectionPlans(year: 2024) { id } }', {}, admin.token)).data!.inspectionPlans[0];
  const team = await server.gql(
    'mutation($p: ID!, $m: [TeamMemberInput!]!) { setInspectionTeam(planId: $p, members: $m) { role displayName } }',
    { p: plan.id, m: [{ userId: inspector.id, role: 'LEAD', title: 'Phó Giám đốc Sở Nội vụ (thử nghiệm)' }] },
    admin.token,
  );
  expect(team.errors).toBeUndefined();
});
afterAll(async () => {
  await server?.stop();
});

const PLANS = `{ inspectionPlans(year: 2024) { id title noticeDays reportDays conclusionDays selfReportDueOn legalDocument { number }
  direct: targets(mode: DIRECT) { id unit { name } } self: targets(mode: SELF) { unit { name } reportDueOn } } }`;

describe("Kon Tum's 2024 inspection plan (1871/KH-UBND)", () => {
  it('loads from the demo: the ten direct targets and self-inspection for the others', async () => {
    const r = await server.gql(PLANS, {}, inspector.token);
    expect(r.errors).toBeUndefined();
    const [plan] = r.data!.inspectionPlans;
    expect([plan.legalDocument.number, plan.noticeDays, plan.reportDays, plan.conclusionDays, plan.selfReportDueOn]).toEqual(['1871/KH-UBND', 10, 5, 10, '2024-08-10']);
    expect(plan.direct.map((t: { unit: { name: string } }) => t.unit.name).sort(new Intl.Collator('vi').compare)).toEqual([
      'Sở Công Thương',
      'Sở Giáo dục và Đào tạo',
      'Sở Giao thông vận tải',
      'Sở Tư pháp',
      'Sở Xây dựng',
      'Sở Y tế',
      "UBND huyện Ia H'Drai",
      'UBND huyện Kon Plông',
      'UBND huyện Ngọc Hồi',
      'UBND huyện Tu Mơ Rông',
    ]);
    expect(plan.self).toEqual([{ unit: { name: 'Sở Nội vụ' }, reportDueOn: '2024-08-10' }]);
  });

  it('derives deadlines on the working-day calendar: a visit near 2/9/2024 and one near Tết 2025', async () => {
    const plan = (await server.gql(PLANS, {}, admin.token)).data!.inspectionPlans[0];
    const set = async (code: string, visitOn: string) =>
      (await server.gql(
        'mutation($i: SetInspectionTargetInput!) { setInspectionTarget(input: $i) { visitOn noticeDueOn reportDueOn conclusionDueOn } }',
        { i: { planId: plan.id, unitId: await unitId(code), mode: 'DIRECT', visitOn } },
        admin.token,
      )).data!.setInspectionTarget;
    // Visit Thu 5/9/2024. Days off: Sat 31/8 – Tue 3/9 (Quốc khánh).
    // Notice, 10 working days before, counting back from Wed 4/9: 4/9 (1), Fri 30/8 (2), 29 (3), 28 (4), 27 (5), 26 (6),
    //   Fri 23 (7), 22 (8), 21 (9), Tue 20/8 (10) → 20/8. Report, 5 before: 4/9, 30/8, 29, 28, 27/8 → 27/8.
    // Conclusion, within 10 after, from Fri 6/9: 6 (1), 9 (2), 10 (3), 11 (4), 12 (5), 13 (6), 16 (7), 17 (8), 18 (9), 19/9 (10) → 19/9.
    expect(await set('so-tu-phap', '2024-09-05')).toEqual({ visitOn: '2024-09-05', noticeDueOn: '2024-08-20', reportDueOn: '2024-08-27', conclusionDueOn: '2024-09-19' });
    // Visit Wed 5/2/2025. Tết: weekdays 27/1 – 31/1 off (with the weekends around them).
    // Notice: 4/2 (1), 3/2 (2), Fri 24/1 (3), 23 (4), 22 (5), 21 (6), 20 (7), Fri 17 (8), 16 (9), 15/1 (10) → 15/1.
    // Report: 4/2, 3/2, 24/1, 23/1, 22/1 → 22/1. Conclusion from Thu 6/2: 6, 7, 10, 11, 12, 13, 14, 17, 18, 19/2 → 19/2.
    expect(await set('so-y-te', '2025-02-05')).toEqual({ visitOn: '2025-02-05', noticeDueOn: '2025-01-15', reportDueOn: '2025-01-22', conclusionDueOn: '2025-02-19' });
  });

  it('overdue items are queryable; a recorded step closes its item; units see only their own inspections', async () => {
    const items = (await server.gql('{ inspectionItems(overdueOnly: true) { unitName step dueOn overdue } }', {}, inspector.token)).data!.inspectionItems;
    // Nothing recorded and the dates are past: Sở Tư pháp's four steps and Sở Nội vụ's self-inspection report.
    expect(items.filter((i: { unitName: string }) => i.unitName === 'Sở Tư pháp').map((i: { step: string }) => i.step)).toEqual(['NOTICE', 'REPORT', 'CONCLUSION', 'REMEDIATION']);
    expect(items).toContainEqual({ unitName: 'Sở Nội vụ', step: 'REPORT', dueOn: '2024-08-10', overdue: true });
    const target = (await server.gql('{ myInspections { id mode visitOn } }', {}, unitAcc.token)).data!.myInspections;
    expect(target).toEqual([{ id: expect.any(String), mode: 'DIRECT', visitOn: '2024-09-05' }]);
    await server.gql('mutation($t: ID!) { recordInspectionStep(targetId: $t, step: "NOTICE") { noticeSentAt } }', { t: target[0].id }, inspector.token);
    const after = (await server.gql('{ inspectionItems { unitName step } }', {}, inspector.token)).data!.inspectionItems;
    expect(after.filter((i: { unitName: string }) => i.unitName === 'Sở Tư pháp').map((i: { step: string }) => i.step)).toEqual(['REPORT', 'CONCLUSION', 'REMEDIATION']);
    const denied = await server.gql('{ inspectionPlans { id } }', {}, unitAcc.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

const FINDING = `mutation($i: RecordFindingInput!) { recordInspectionFinding(input: $i) { id year area kind repeated repeatedFrom { year unit { name } } remediationStatus remediationDueOn criterionCode topic evidence { title } } }`;

describe('inspection teams, findings and remediation', () => {
  let targetId: string;
  let shortcomingId: string;

  it('a team needs exactly one lead among the province\'s inspectors; an inspector off the team sees nothing of the plan', async () => {
    const plan = (await server.gql('{ inspectionPlans(year: 2024) { id team { role displayName title } } }', {}, inspector.token)).data!.inspectionPlans[0];
    expect(plan.team).toEqual([{ role: 'LEAD', displayName: 'Tài khoản kt.kiemtra', title: 'Phó Giám đốc Sở Nội vụ (thử nghiệm)' }]);
    const noLead = await server.gql('mutation($p: ID!, $m: [TeamMemberInput!]!) { setInspectionTeam(planId: $p, members: $m) { role } }', { p: plan.id, m: [{ userId: outsider.id, role: 'MEMBER' }] }, admin.token);
    expect(noLead.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'members' });
    const notInspector = await server.gql('mutation($p: ID!, $m: [TeamMemberInput!]!) { setInspectionTeam(planId: $p, members: $m) { role } }', { p: plan.id, m: [{ userId: unitAcc.id, role: 'LEAD' }] }, admin.token);
    expect(notInspector.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await server.gql('{ inspectionPlans(year: 2024) { team { role } } }', {}, admin.token)).data!.inspectionPlans[0].team).toHaveLength(1);

    expect((await server.gql('{ inspectionPlans { id } }', {}, outsider.token)).data!.inspectionPlans).toEqual([]);
    expect((await server.gql('{ inspectionItems { step } }', {}, outsider.token)).data!.inspectionItems).toEqual([]);
    expect((await server.gql('query($id: ID!) { node(id: $id) { id } }', { id: plan.id }, outsider.token)).data!.node).toBeNull();
    const t = (await server.gql('{ myInspections { id } }', {}, unitAcc.token)).data!.myInspections[0];
    targetId = t.id;
    const before = await count('inspection_finding');
    const refused = await server.gql(FINDING, { i: { targetId, area: 'PROCEDURES', kind: 'SHORTCOMING', description: 'x', recommendation: 'y' } }, outsider.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const step = await server.gql('mutation($t: ID!) { recordInspectionStep(targetId: $t, step: "REPORT") { id } }', { t: targetId }, outsider.token);
    expect(step.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await count('inspection_finding')).toBe(before);
  });

  it('records findings per area with evidence; bad input is refused and writes nothing', async () => {
    const before = [await count('inspection_finding'), await count('evidence')];
    const noRecommendation = await server.gql(FINDING, { i: { targetId, area: 'PROCEDURES', kind: 'SHORTCOMING', description: 'Niêm yết TTHC chưa đầy đủ' } }, inspector.token);
    expect(noRecommendation.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recommendation' });
    const badDoc = await server.gql(
      FINDING,
      { i: { targetId, area: 'PROCEDURES', kind: 'SHORTCOMING', description: 'Niêm yết TTHC chưa đầy đủ', recommendation: 'Cập nhật', documents: [{ title: 'Biên bản', effectiveOn: '2024-09-05' }] } },
      inspector.token,
    );
    expect(badDoc.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documents.0.documentNumber' });
    // Existing evidence must be the inspected unit's (here: a Khánh Hòa plan task's document).
    const foreign = await em().findOneOrFail(Evidence, { unit: { province: { code: 'khanh-hoa' } } });
    const notOwned = await server.gql(FINDING, { i: { targetId, area: 'PROCEDURES', kind: 'SHORTCOMING', description: 'x', recommendation: 'y', evidenceIds: [toGlobalId('Evidence', foreign.id)] } }, inspector.token);
    expect(notOwned.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'evidenceIds' });
    expect([await count('inspection_finding'), await count('evidence')]).toEqual(before);

    const good = await server.gql(FINDING, { i: { targetId, area: 'INSTITUTIONS', kind: 'GOOD_PRACTICE', description: 'Rà soát văn bản quy phạm pháp luật kịp thời (thử nghiệm)' } }, inspector.token);
    expect(good.data!.recordInspectionFinding).toMatchObject({ year: 2024, kind: 'GOOD_PRACTICE', remediationStatus: 'NOT_REQUIRED', repeated: false });
    const bad = await server.gql(
      FINDING,
      {
        i: {
          targetId,
          area: 'PROCEDURES',
          kind: 'SHORTCOMING',
          description: 'Niêm yết công khai TTHC tại Bộ phận Một cửa chưa đầy đủ (thử nghiệm)',
          recommendation: 'Cập nhật niêm yết trong 10 ngày làm việc',
          criterionCode: '3.1',
          topic: '  Niêm yết   TTHC ',
          documents: [{ title: 'Biên bản kiểm tra (thử nghiệm)', documentNumber: '01/BB-ĐKT', effectiveOn: '2024-09-05' }],
        },
      },
      inspector.token,
    );
    expect(bad.errors).toBeUndefined();
    // Visit 5/9/2024 → conclusion due 19/9 → remediation report 20 working days later: 20/9 … 17/10/2024.
    expect(bad.data!.recordInspectionFinding).toMatchObject({ remediationStatus: 'OPEN', remediationDueOn: '2024-10-17', topic: 'niêm yết tthc', repeated: false, evidence: [{ title: 'Biên bản kiểm tra (thử nghiệm)' }] });
    shortcomingId = bad.data!.recordInspectionFinding.id;
  });

  it("reviewers see the findings beside the criterion of the unit's scorecard", async () => {
    const reviewer = await seedAccount(server, { province: 'kon-tum', username: 'kt.thamdinh', role: Role.REVIEWER });
    const round = (await server.gql('{ rounds { id year } }', {}, reviewer.token)).data!.rounds.find((r: { year: number }) => r.year === 2024);
    const card = await server.gql('query($r: ID!, $u: ID!) { scorecard(roundId: $r, unitId: $u) { all: inspectionFindings { kind } c31: inspectionFindings(code: "3.1") { description } } }', { r: round.id, u: await unitId('so-tu-phap') }, reviewer.token);
    expect(card.errors).toBeUndefined();
    expect(card.data!.scorecard).toEqual({ all: [{ kind: 'SHORTCOMING' }], c31: [{ description: 'Niêm yết công khai TTHC tại Bộ phận Một cửa chưa đầy đủ (thử nghiệm)' }] });
  });

  it('the unit reports its remediation; the team rejects with a reason, then accepts; the target step closes', async () => {
    const REPORT = 'mutation($i: ReportRemediationInput!) { reportRemediation(input: $i) { remediationStatus remediationReport evidence(purpose: "REMEDIATION") { title } } }';
    const REVIEW = 'mutation($i: ReviewRemediationInput!) { reviewRemediation(input: $i) { remediationStatus remediationReviewNote } }';
    const empty = await server.gql(REPORT, { i: { findingId: shortcomingId, report: '  ' } }, unitAcc.token);
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'report' });
    const byInspector = await server.gql(REPORT, { i: { findingId: shortcomingId, report: 'x' } }, inspector.token);
    expect(byInspector.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const tooEarly = await server.gql(REVIEW, { i: { findingId: shortcomingId, accept: true } }, inspector.token);
    expect(tooEarly.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const reported = await server.gql(REPORT, { i: { findingId: shortcomingId, report: 'Đã cập nhật niêm yết 42 TTHC', documents: [{ title: 'Ảnh chụp bảng niêm yết', documentNumber: 'Ảnh 01', effectiveOn: `${new Date().getFullYear()}-01-02` }] } }, unitAcc.token);
    expect(reported.errors).toBeUndefined();
    expect(reported.data!.reportRemediation).toMatchObject({ remediationStatus: 'REPORTED', evidence: [{ title: 'Ảnh chụp bảng niêm yết' }] });
    const again = await server.gql(REPORT, { i: { findingId: shortcomingId, report: 'lần hai' } }, unitAcc.token);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await server.gql('query($id: ID!) { node(id: $id) { ... on InspectionTarget { remediationReceivedAt } } }', { id: targetId }, admin.token)).data!.node.remediationReceivedAt).not.toBeNull();

    const noReason = await server.gql(REVIEW, { i: { findingId: shortcomingId, accept: false } }, inspector.token);
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    expect((await server.gql(REVIEW, { i: { findingId: shortcomingId, accept: false, note: 'Còn 3 TTHC chưa cập nhật' } }, inspector.token)).data!.reviewRemediation).toEqual({ remediationStatus: 'REJECTED', remediationReviewNote: 'Còn 3 TTHC chưa cập nhật' });
    expect((await server.gql('{ inspectionFindings(openRemediationOnly: true) { id } }', {}, unitAcc.token)).data!.inspectionFindings).toEqual([{ id: shortcomingId }]);
    await server.gql(REPORT, { i: { findingId: shortcomingId, report: 'Đã cập nhật đủ 45 TTHC' } }, unitAcc.token);
    expect((await server.gql(REVIEW, { i: { findingId: shortcomingId, accept: true } }, inspector.token)).data!.reviewRemediation.remediationStatus).toBe('ACCEPTED');
  });

  it("flags a shortcoming repeated the next year, through lineage (Kon Tum's Sở Tư pháp → Quảng Ngãi's)", async () => {
    const qnAdmin = await seedAccount(server, { province: 'quang-ngai', username: 'qn.admin', role: Role.ADMIN });
    const qnInspector = await seedAccount(server, { province: 'quang-ngai', username: 'qn.kiemtra', role: Role.INSPECTOR });
    const plan = await server.gql('mutation { createInspectionPlan(input: { year: 2025, title: "Kiểm tra CCHC năm 2025 (thử nghiệm)", kind: THEMATIC, theme: "TTHC, dịch vụ công trực tuyến", periodFrom: "2025-07-01", periodTo: "2025-11-30" }) { id } }', {}, qnAdmin.token);
    const planId = plan.data!.createInspectionPlan.id;
    await server.gql('mutation($p: ID!, $m: [TeamMemberInput!]!) { setInspectionTeam(planId: $p, members: $m) { role } }', { p: planId, m: [{ userId: qnInspector.id, role: 'LEAD' }] }, qnAdmin.token);
    const target = await server.gql('mutation($i: SetInspectionTargetInput!) { setInspectionTarget(input: $i) { id } }', { i: { planId, unitId: await unitId('so-tu-phap', 'quang-ngai'), mode: 'DIRECT', visitOn: '2025-10-15', visitNote: '8 giờ, trụ sở Sở' } }, qnAdmin.token);
    const t = target.data!.setInspectionTarget.id;
    const byTopic = await server.gql(FINDING, { i: { targetId: t, area: 'PROCEDURES', kind: 'VIOLATION', description: 'Chưa niêm yết TTHC mới công bố', recommendation: 'Niêm yết ngay', topic: 'niêm yết TTHC' } }, qnInspector.token);
    expect(byTopic.errors).toBeUndefined();
    expect(byTopic.data!.recordInspectionFinding).toMatchObject({ repeated: true, repeatedFrom: { year: 2024, unit: { name: 'Sở Tư pháp' } } });
    const otherArea = await server.gql(FINDING, { i: { targetId: t, area: 'CIVIL_SERVICE', kind: 'SHORTCOMING', description: 'Chưa cập nhật vị trí việc làm', recommendation: 'Cập nhật', topic: 'niêm yết TTHC' } }, qnInspector.token);
    expect(otherArea.data!.recordInspectionFinding.repeated).toBe(false);
    expect((await server.gql('{ inspectionFindings(repeatedOnly: true) { description } }', {}, qnAdmin.token)).data!.inspectionFindings).toEqual([{ description: 'Chưa niêm yết TTHC mới công bố' }]);

    // SQL statements per request do not grow with the number of findings listed.
    const LIST = '{ inspectionFindings { kind repeated repeatedFrom { year } unit { name } target { mode visitOn unit { name } } evidence { title } } }';
    const statements = async () => {
      const before = server.platform.sqlStats.statements;
      const r = await server.gql(LIST, {}, qnAdmin.token);
      expect(r.errors).toBeUndefined();
      return { n: server.platform.sqlStats.statements - before, rows: r.data!.inspectionFindings.length };
    };
    const few = await statements();
    for (let i = 0; i < 10; i++)
      await server.gql(FINDING, { i: { targetId: t, area: 'PROCEDURES', kind: 'SHORTCOMING', description: `Tồn tại thử nghiệm ${i}`, recommendation: 'Khắc phục', topic: 'niêm yết TTHC', documents: [{ title: `Biên bản ${i}`, documentNumber: `BB-${i}`, effectiveOn: '2025-10-15' }] } }, qnInspector.token);
    const many = await statements();
    expect([few.rows, many.rows]).toEqual([2, 12]);
    expect(many.n).toBe(few.n);
  });
});

describe('the report outline (đề cương 1871/KH-UBND)', () => {
  it('opens as DOCX with the seven area headings in order, prefilled for a demo unit (Khánh Hòa, Sở Tư pháp, 2025)', async () => {
    const kh = await seedAccount(server, { province: 'khanh-hoa', username: 'kh.sotuphap.outline', role: Role.UNIT, unitCode: 'so-tu-phap' });
    const r = await server.gql('{ inspectionOutline(year: 2025) { fileName mediaType contentBase64 } }', {}, kh.token);
    expect(r.errors).toBeUndefined();
    expect(r.data!.inspectionOutline).toMatchObject({ fileName: 'bao-cao-cchc-so-tu-phap-2025.docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    const docx = Buffer.from(r.data!.inspectionOutline.contentBase64, 'base64');
    const headings = await docxHeadings(docx);
    expect(headings.filter((h) => h.level === 2).map((h) => h.text)).toEqual([
      '1. Công tác chỉ đạo, điều hành',
      '2. Cải cách thể chế',
      '3. Cải cách thủ tục hành chính',
      '4. Cải cách tổ chức bộ máy',
      '5. Cải cách chế độ công vụ',
      '6. Cải cách tài chính công',
      '7. Xây dựng và phát triển chính quyền điện tử, chính quyền số',
    ]);
    expect(headings.filter((h) => h.level === 1).map((h) => h.text)).toEqual(['I. KẾT QUẢ ĐẠT ĐƯỢC', 'II. ĐÁNH GIÁ CHUNG', 'III. KIẾN NGHỊ, ĐỀ XUẤT']);
    const text = await docxParagraphs(docx);
    const at = (needle: string) => text.findIndex((p) => p.includes(needle));
    const h2 = at('2. Cải cách thể chế');
    const h3 = at('3. Cải cách thủ tục hành chính');
    const h4 = at('4. Cải cách tổ chức bộ máy');
    // Prefilled from the demo: the published (illustrative) 2025 score, the plan task Sở Tư pháp leads under area 2, the findings of 936/QĐ-UBND's visit.
    expect(at('Điểm đã công bố')).toBeGreaterThan(-1);
    const task = at('Xây dựng và triển khai công tác theo dõi tình hình thi hành pháp luật trong lĩnh vực trọng tâm');
    expect(task).toBeGreaterThan(h2);
    expect(task).toBeLessThan(h3);
    const shortcoming = at('Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa chưa cập nhật đầy đủ');
    expect(shortcoming).toBeGreaterThan(h3);
    expect(shortcoming).toBeLessThan(h4);
    expect(text.some((p) => p.includes('Tỷ lệ nhiệm vụ kế hoạch CCHC hoàn thành đúng hạn: 1/1 (100,0 %)'))).toBe(true);
  });

  it('a unit gets only its own outline; an inspector only for units of their plans', async () => {
    const other = await server.gql('query($u: ID!) { inspectionOutline(year: 2024, unitId: $u) { fileName } }', { u: await unitId('so-y-te') }, unitAcc.token);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const offTeam = await server.gql('query($u: ID!) { inspectionOutline(year: 2024, unitId: $u) { fileName } }', { u: await unitId('so-y-te') }, outsider.token);
    expect(offTeam.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const onTeam = await server.gql('query($u: ID!) { inspectionOutline(year: 2024, unitId: $u) { fileName } }', { u: await unitId('so-y-te') }, inspector.token);
    expect(onTeam.errors).toBeUndefined();
  });
});
