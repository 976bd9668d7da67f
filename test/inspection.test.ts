import type { EntityManager } from '@mikro-orm/postgresql';
import { Role, toGlobalId, Unit } from '@par/core';
import { createLogger, loadDemoData } from '@par/server';
import { seedAccount, startTestServer, type SeededAccount, type TestServer } from '@par/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: TestServer;
let admin: SeededAccount;
let inspector: SeededAccount;
let unitAcc: SeededAccount;
const em = () => server.platform.orm.em.fork() as unknown as EntityManager;
const unitId = async (code: string) => toGlobalId('Unit', (await em().findOneOrFail(Unit, { code, province: { code: 'kon-tum' } })).id);

beforeAll(async () => {
  server = await startTestServer();
  await loadDemoData(em(), createLogger('silent'), server.platform.services);
  admin = await seedAccount(server, { province: 'kon-tum', username: 'kt.admin', role: Role.ADMIN });
  inspector = await seedAccount(server, { province: 'kon-tum', username: 'kt.kiemtra', role: Role.INSPECTOR });
  unitAcc = await seedAccount(server, { province: 'kon-tum', username: 'kt.sotuphap', role: Role.UNIT, unitCode: 'so-tu-phap' });
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
