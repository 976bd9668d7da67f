import type { EntityManager } from '@mikro-orm/postgresql';
import { Area, DeadlineKind, planTaskTemplate, recordIndicatorValue, Role, Unit, type PlanTaskInput } from '@par/core';
import { createLogger, loadDemoData } from '@par/server';
import { seedAccount, sql, startTestServer, type SeededAccount, type TestServer } from '@par/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A fixed clock inside Khánh Hòa's 2026 self-assessment (open until January 2027).
const NOW = new Date('2026-11-20T03:00:00Z');
let server: TestServer;
let admin: SeededAccount;
let tuPhap: SeededAccount;
let noiVu: SeededAccount;
let planId: string;
const em = () => server.platform.orm.em.fork() as unknown as EntityManager;
const count = async (table: string) => (await sql<{ n: number }>(server.db.url, `select count(*)::int as n from ${table}`))[0]!.n;

const d = (kind: DeadlineKind, text: string) => ({ kind, dueOn: null, text });
/** The 2026 task table (illustrative tasks, shaped like 3487/QĐ-UBND's). Sở Tư pháp leads four dated tasks and a regular one. */
const TASKS: PlanTaskInput[] = [
  { area: Area.LEADERSHIP, position: '1', title: 'Ban hành Kế hoạch cải cách hành chính năm 2026 của Sở', product: 'Kế hoạch của Sở', deadline: d(DeadlineKind.QUARTER, 'Quý I/2026'), lead: 'Sở Tư pháp' },
  { area: Area.INSTITUTIONS, position: '1', title: 'Xây dựng Kế hoạch theo dõi tình hình thi hành pháp luật năm 2026', product: 'Kế hoạch được UBND tỉnh ban hành', deadline: d(DeadlineKind.MONTH, 'Tháng 01/2026'), lead: 'so-tu-phap' },
  { area: Area.INSTITUTIONS, position: '2', title: 'Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh', product: 'Báo cáo rà soát', deadline: d(DeadlineKind.DATE, '30/6/2026'), lead: 'so-tu-phap' },
  { area: Area.PROCEDURES, position: '1', title: 'Công bố danh mục thủ tục hành chính lĩnh vực tư pháp', product: 'Quyết định công bố', deadline: d(DeadlineKind.YEAR, 'Trong năm 2026'), lead: 'so-tu-phap' },
  { area: Area.CIVIL_SERVICE, position: '1', title: 'Bồi dưỡng nghiệp vụ cho công chức làm công tác pháp chế', product: 'Lớp bồi dưỡng', deadline: d(DeadlineKind.REGULAR, 'Thường xuyên'), lead: 'so-tu-phap' },
  { area: Area.ORGANIZATION, position: '1', title: 'Sắp xếp tổ chức bên trong các cơ quan chuyên môn cấp tỉnh', product: 'Quyết định của UBND tỉnh', deadline: d(DeadlineKind.CONDITIONAL, 'Sau khi Đề án được phê duyệt'), lead: 'Sở Nội vụ' },
  { area: Area.DIGITAL_GOVERNMENT, position: '1', title: 'Ban hành Kế hoạch chuyển đổi số năm 2027', product: 'Kế hoạch của UBND tỉnh', deadline: d(DeadlineKind.QUARTER, 'Quý IV/2026'), lead: 'so-noi-vu', coordinating: ['so-tu-phap', 'Các cơ quan liên quan'] },
];

const TASK_FIELDS = 'id number title area deadlineKind deadlineLabel dueOn status version onTime overdue lead { name } coordinatingUnits { name } coordinatingNote evidence { title }';
const tasksOf = async (token: string) => (await server.gql(`query { planTasks(year: 2026) { ${TASK_FIELDS} } }`, {}, token)).data!.planTasks as Record<string, any>[];
const UPDATE = `mutation($i: UpdatePlanTaskInput!) { updatePlanTask(input: $i) { status completedOn version onTime } }`;
const doc = (title: string, effectiveOn: string) => ({ title, documentNumber: '01/KH-STP (thử nghiệm)', effectiveOn });
const criterion = async (code: string) => {
  const r = await server.gql('query($r: ID!) { scorecard(roundId: $r) { result { criteria { code points reason } } } }', { r: roundId }, tuPhap.token);
  expect(r.errors).toBeUndefined();
  return r.data!.scorecard.result.criteria.find((c: { code: string }) => c.code === code);
};
let roundId: string;

beforeAll(async () => {
  server = await startTestServer({}, { now: () => NOW });
  await loadDemoData(em(), createLogger('silent'), server.platform.services);
  admin = await seedAccount(server, { province: 'khanh-hoa', username: 'kh.admin', role: Role.ADMIN });
  tuPhap = await seedAccount(server, { province: 'khanh-hoa', username: 'kh.sotuphap', role: Role.UNIT, unitCode: 'so-tu-phap' });
  noiVu = await seedAccount(server, { province: 'khanh-hoa', username: 'kh.sonoivu', role: Role.UNIT, unitCode: 'so-noi-vu' });
  const rounds = await server.gql('{ rounds { id year } }', {}, admin.token);
  roundId = rounds.data!.rounds.find((r: { year: number }) => r.year === 2026).id;
});
afterAll(async () => {
  await server?.stop();
});

describe('annual reform plans', () => {
  it("loads Khánh Hòa's 2025 plan 3487/QĐ-UBND from the demo, tasks by area with their deadlines", async () => {
    const r = await server.gql(
      `{ reformPlans(year: 2025) { title legalDocument { number } tasks { area number deadlineText deadlineKind dueOn lead { name } status onTime } } }`,
      {},
      tuPhap.token,
    );
    expect(r.errors).toBeUndefined();
    const [plan] = r.data!.reformPlans;
    expect(plan.legalDocument.number).toBe('3487/QĐ-UBND');
    expect(new Set(plan.tasks.map((t: { area: string }) => t.area)).size).toBe(7);
    // "Quý II/2025" ends 30/6; "Thường xuyên" has no date; the late completion (15/7 for 30/6) is not on time.
    expect(plan.tasks.find((t: { deadlineText: string }) => t.deadlineText === 'Quý II/2025')).toMatchObject({ deadlineKind: 'QUARTER', dueOn: '2025-06-30' });
    expect(plan.tasks.find((t: { deadlineText: string }) => t.deadlineText === 'Thường xuyên')).toMatchObject({ deadlineKind: 'REGULAR', dueOn: null });
    expect(plan.tasks.filter((t: { status: string }) => t.status === 'DONE').map((t: { onTime: boolean }) => t.onTime)).toEqual([true, true, true, false]);
  });

  it('imports a task table from XLSX; every bad row is listed and nothing is written', async () => {
    const created = await server.gql('mutation { createReformPlan(input: { year: 2026, title: "Kế hoạch CCHC năm 2026 (thử nghiệm)" }) { id } }', {}, admin.token);
    expect(created.errors).toBeUndefined();
    planId = created.data!.createReformPlan.id;
    const units = [{ code: 'so-tu-phap', name: 'Sở Tư pháp' }];
    const bad = await planTaskTemplate(2026, units, [
      ...TASKS,
      { area: Area.PROCEDURES, title: 'Nhiệm vụ của đơn vị không có', deadline: d(DeadlineKind.YEAR, 'Trong năm 2026'), lead: 'Sở Không Tồn Tại' },
      { area: Area.PROCEDURES, title: 'Nhiệm vụ hạn sai', deadline: d(DeadlineKind.YEAR, 'Quý V/2026'), lead: 'so-tu-phap' },
    ]);
    const before = await count('reform_plan_task');
    const refused = await server.gql('mutation($p: ID!, $f: String!) { importReformPlanTasks(planId: $p, fileBase64: $f) { tasksCreated } }', { p: planId, f: bad.toString('base64') }, admin.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors![0]!.extensions!.problems).toEqual([
      expect.objectContaining({ row: 9, column: 'Cơ quan chủ trì', message: 'Không tìm thấy đơn vị "Sở Không Tồn Tại" (mã hoặc tên) trong tỉnh năm 2026.' }),
      expect.objectContaining({ row: 10, column: 'Thời hạn', message: 'Thời hạn "Quý V/2026": quý phải từ I đến IV.' }),
    ]);
    expect(await count('reform_plan_task')).toBe(before);
    const notBase64 = await server.gql('mutation($p: ID!) { importReformPlanTasks(planId: $p, fileBase64: "@@@") { tasksCreated } }', { p: planId }, admin.token);
    expect(notBase64.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fileBase64' });

    const good = await planTaskTemplate(2026, units, TASKS);
    const ok = await server.gql('mutation($p: ID!, $f: String!) { importReformPlanTasks(planId: $p, fileBase64: $f) { tasksCreated plan { title } } }', { p: planId, f: good.toString('base64') }, admin.token);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.importReformPlanTasks.tasksCreated).toBe(7);
    const mine = await tasksOf(tuPhap.token);
    expect(mine.map((t) => [t.deadlineKind, t.dueOn])).toEqual([
      ['QUARTER', '2026-03-31'],
      ['MONTH', '2026-01-31'],
      ['DATE', '2026-06-30'],
      ['YEAR', '2026-12-31'],
      ['REGULAR', null],
    ]);
    const noiVuTasks = await tasksOf(noiVu.token);
    expect(noiVuTasks.find((t) => t.area === 'DIGITAL_GOVERNMENT')).toMatchObject({ coordinatingUnits: [{ name: 'Sở Tư pháp' }], coordinatingNote: 'Các cơ quan liên quan', deadlineLabel: 'Quý IV/2026' });
    // The template carries the plan's tasks back out.
    const template = await server.gql('query($p: ID!) { reformPlanTemplate(year: 2026, planId: $p) }', { p: planId }, admin.token);
    expect(template.errors).toBeUndefined();
  });

  it("feeds criterion 1.1.2 of the unit's open scorecard with the on-time share, re-scored as tasks change", async () => {
    // A first entry stores the SELF result; 1.1.2 itself is not entered (it reads PLAN_ON_TIME_RATE).
    const card = (await server.gql('query($r: ID!) { scorecard(roundId: $r) { id entries { code version } } }', { r: roundId }, tuPhap.token)).data!.scorecard;
    const saved = await server.gql('mutation($i: SaveSelfAssessmentEntryInput!) { saveSelfAssessmentEntry(input: $i) { code } }', { i: { scorecardId: card.id, code: '1.1.1', value: 'yes', expectedVersion: 0 } }, tuPhap.token);
    expect(saved.errors).toBeUndefined();
    // 0 of 4 dated tasks done: 0 % ≤ 70 % → 0 points.
    expect(await criterion('1.1.2')).toMatchObject({ points: '0' });
    const [q1, jan, june, year, regular] = await tasksOf(tuPhap.token);

    // DONE needs a completion date and evidence; refused, nothing written.
    const beforeEvidence = await count('evidence');
    const noEvidence = await server.gql(UPDATE, { i: { taskId: q1!.id, status: 'DONE', completedOn: '2026-03-20', expectedVersion: 1 } }, tuPhap.token);
    expect(noEvidence.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documents' });
    const future = await server.gql(UPDATE, { i: { taskId: q1!.id, status: 'DONE', completedOn: '2026-12-01', expectedVersion: 1, documents: [doc('Kế hoạch CCHC 2026', '2026-03-20')] } }, tuPhap.token);
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'completedOn' });
    const wrongYearDoc = await server.gql(UPDATE, { i: { taskId: q1!.id, status: 'DONE', completedOn: '2026-03-20', expectedVersion: 1, documents: [doc('Kế hoạch CCHC 2026', '2025-12-20')] } }, tuPhap.token);
    expect(wrongYearDoc.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documents.0.effectiveOn' });
    expect(await count('evidence')).toBe(beforeEvidence);
    expect((await tasksOf(tuPhap.token))[0]).toMatchObject({ status: 'NOT_STARTED', version: 1 });

    // Another unit may not report on Sở Tư pháp's task.
    const other = await server.gql(UPDATE, { i: { taskId: q1!.id, status: 'IN_PROGRESS', expectedVersion: 1 } }, noiVu.token);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const done = async (id: string, completedOn: string) => {
      const r = await server.gql(UPDATE, { i: { taskId: id, status: 'DONE', completedOn, expectedVersion: 1, documents: [doc(`Sản phẩm ${completedOn}`, completedOn)] } }, tuPhap.token);
      expect(r.errors).toBeUndefined();
      return r.data!.updatePlanTask;
    };
    expect(await done(q1!.id, '2026-03-20')).toMatchObject({ status: 'DONE', version: 2, onTime: true });
    expect(await done(jan!.id, '2026-02-05')).toMatchObject({ onTime: false }); // due 31/1
    expect(await done(june!.id, '2026-06-30')).toMatchObject({ onTime: true }); // on the day
    await done(regular!.id, '2026-05-01'); // regular tasks are not counted
    // 2 of 4 on time = 50 % → 0 points.
    expect(await server.gql('{ planCompletion(year: 2026) { onTime total rate } }', {}, tuPhap.token)).toMatchObject({ data: { planCompletion: { onTime: 2, total: 4, rate: '50' } } });
    expect(await criterion('1.1.2')).toMatchObject({ points: '0' });
    // The yearly task done on 18/11: 3 of 4 = 75 %; (75 − 70) ÷ (100 − 70) × 1 = 0.1666… → 0.17.
    await done(year!.id, '2026-11-18');
    expect(await criterion('1.1.2')).toMatchObject({ points: '0.17' });
    // Sở Nội vụ records the January task as not carried out (by direction): 3 of 3 = 100 % → 1.
    const stale = await server.gql(UPDATE, { i: { taskId: jan!.id, status: 'CANCELLED', note: 'Theo chỉ đạo của UBND tỉnh (thử nghiệm)', expectedVersion: 1 } }, admin.token);
    expect(stale.errors?.[0]?.extensions?.code).toBe('STALE_VERSION');
    const unitCancels = await server.gql(UPDATE, { i: { taskId: jan!.id, status: 'CANCELLED', note: 'x', expectedVersion: 2 } }, tuPhap.token);
    expect(unitCancels.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const cancelled = await server.gql(UPDATE, { i: { taskId: jan!.id, status: 'CANCELLED', note: 'Theo chỉ đạo của UBND tỉnh (thử nghiệm)', expectedVersion: 2 } }, admin.token);
    expect(cancelled.errors).toBeUndefined();
    expect(await criterion('1.1.2')).toMatchObject({ points: '1' });
    expect((await criterion('1.1.2')).reason).toMatch(/PLAN_ON_TIME_RATE = 100/);
  });

  it('the derived indicator cannot be pushed, and tasks of a plan with progress are not replaced', async () => {
    const unit = await em().findOneOrFail(Unit, { code: 'so-tu-phap', province: { code: 'khanh-hoa' } });
    const before = await count('indicator_value');
    await expect(recordIndicatorValue(em(), { unit, code: 'PLAN_ON_TIME_RATE', period: '2026', value: '100', source: 'Thử nghiệm', observedAt: NOW })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/tự tính/),
    });
    expect(await count('indicator_value')).toBe(before);
    const again = await server.gql('mutation($p: ID!, $f: String!) { importReformPlanTasks(planId: $p, fileBase64: $f) { tasksCreated } }', { p: planId, f: (await planTaskTemplate(2026, [], TASKS)).toString('base64') }, admin.token);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await count('reform_plan_task where plan_id is not null and status = \'DONE\'')).toBeGreaterThanOrEqual(4);
  });

  it('SQL statements per request do not grow with the number of tasks (7 vs 14 tasks with leads, coordinating units, evidence)', async () => {
    const q = (year: number) => `{ reformPlans(year: ${year}) { tasks { title onTime overdue deadlineLabel lead { name } coordinatingUnits { name } evidence { title } } } }`;
    const statements = async (year: number) => {
      const before = server.platform.sqlStats.statements;
      const r = await server.gql(q(year), {}, admin.token);
      expect(r.errors).toBeUndefined();
      return { n: server.platform.sqlStats.statements - before, tasks: r.data!.reformPlans[0].tasks.length };
    };
    const small = await statements(2026);
    const big = await statements(2025);
    expect([small.tasks, big.tasks]).toEqual([7, 14]);
    expect(big.n).toBe(small.n);
  });
});
