import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '@par/core';
import { createLogger, loadDemoData } from '@par/server';
import { seedAccount, sql, startTestServer, type SeededAccount, type TestServer } from '@par/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Inside Khánh Hòa's 2026 self-assessment; 2025 is published (illustrative demo publication).
const NOW = new Date('2026-11-20T03:00:00Z');
let server: TestServer;
let integration: string;
let unit: SeededAccount;
const em = () => server.platform.orm.em.fork() as unknown as EntityManager;
const count = async (table: string) => (await sql<{ n: number }>(server.db.url, `select count(*)::int as n from ${table}`))[0]!.n;
const RECORD = `mutation($v: [IndicatorValueInput!]!) { recordIndicators(values: $v) { created { code period value numerator denominator unit { code } } unchanged { code } rescoredScorecards } }`;
const row = (over: Record<string, unknown> = {}) => ({ unitCode: 'so-tu-phap', code: 'LATE_DOSSIER_RATE', period: '2026', numerator: '6', denominator: '400', source: 'Hệ thống một cửa điện tử tỉnh (thử nghiệm)', observedAt: '2026-11-19T17:00:00Z', ...over });
let roundId: string;
const criterion = async (code: string) =>
  (await server.gql('query($r: ID!) { scorecard(roundId: $r) { result { criteria { code points reason } } } }', { r: roundId }, unit.token)).data!.scorecard.result.criteria.find((c: { code: string }) => c.code === code);

beforeAll(async () => {
  server = await startTestServer({}, { now: () => NOW });
  await loadDemoData(em(), createLogger('silent'), server.platform.services);
  const admin = await seedAccount(server, { province: 'khanh-hoa', username: 'i.admin', role: Role.ADMIN });
  unit = await seedAccount(server, { province: 'khanh-hoa', username: 'i.sotuphap', role: Role.UNIT, unitCode: 'so-tu-phap' });
  const it = await seedAccount(server, { province: 'khanh-hoa', username: 'i.motcua', role: Role.INTEGRATION });
  const token = await server.gql('mutation($u: ID!) { createApiToken(input: { userId: $u, name: "Một cửa (thử nghiệm)" }) { token } }', { u: it.id }, admin.token);
  integration = token.data!.createApiToken.token;
  roundId = (await server.gql('{ rounds { id year } }', {}, admin.token)).data!.rounds.find((r: { year: number }) => r.year === 2026).id;
  // A stored SELF result for Sở Tư pháp's open 2026 scorecard.
  const card = (await server.gql('query($r: ID!) { scorecard(roundId: $r) { id } }', { r: roundId }, unit.token)).data!.scorecard;
  const saved = await server.gql('mutation($i: SaveSelfAssessmentEntryInput!) { saveSelfAssessmentEntry(input: $i) { code } }', { i: { scorecardId: card.id, code: '1.1.1', value: 'yes', expectedVersion: 0 } }, unit.token);
  expect(saved.errors).toBeUndefined();
});
afterAll(async () => {
  await server?.stop();
});

describe('indicator ingestion (provincial IT)', () => {
  it('refuses a batch with any bad row, listing every problem, and writes nothing', async () => {
    const before = [await count('indicator_value'), await count('audit_event')];
    const r = await server.gql(
      RECORD,
      {
        v: [
          row(),
          row({ unitCode: 'khong-co' }),
          row({ code: 'UNKNOWN' }),
          row({ period: '2026-13' }),
          row({ numerator: '500', denominator: '400' }),
          row({ code: 'SATISFACTION', numerator: null, denominator: null, value: '101' }),
          row({ code: 'PLAN_ON_TIME_RATE', numerator: null, denominator: null, value: '90' }),
          row({ source: ' ' }),
        ],
      },
      integration,
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.extensions!.problems).toEqual([
      { row: 2, field: 'unit', message: 'Không tìm thấy đơn vị "khong-co" trong tỉnh.' },
      { row: 3, field: 'code', message: 'Chỉ số "UNKNOWN" không có trong danh mục.' },
      { row: 4, field: 'period', message: 'Kỳ "2026-13" không hợp lệ (ví dụ "2025", "2025-Q3", "2025-09").' },
      { row: 5, field: 'numerator', message: 'Tử số phải từ 0 đến mẫu số.' },
      { row: 6, field: 'value', message: 'Giá trị 101 của "Chỉ số hài lòng của người dân, tổ chức (SIPAS)" phải từ 0 đến 100.' },
      { row: 7, field: 'code', message: expect.stringMatching(/tự tính/) },
      { row: 8, field: 'source', message: 'Cần ghi nguồn dữ liệu.' },
    ]);
    expect([await count('indicator_value'), await count('audit_event')]).toEqual(before);
  });

  it("accepts a batch, re-scores the open scorecard, leaves published results alone; re-sending it changes nothing", async () => {
    // 3.3.2 (lower is better): no value yet → 0 points.
    expect((await criterion('3.3.2')).points).toBe('0');
    const publications = async () => sql(server.db.url, 'select id, digest, results from publication order by id');
    const published = await publications();
    const batch = [row(), row({ period: '2025', numerator: '30', denominator: '400' })];
    const r = await server.gql(RECORD, { v: batch }, integration);
    expect(r.errors).toBeUndefined();
    // 6 / 400 = 1.5 % → "at most 2 %": 1 point. The 2025 value re-scores nothing: that round is published.
    expect(r.data!.recordIndicators).toMatchObject({ created: [{ code: 'LATE_DOSSIER_RATE', period: '2026', value: '1.5', unit: { code: 'so-tu-phap' } }, { period: '2025', value: '7.5' }], unchanged: [], rescoredScorecards: 1 });
    expect(await criterion('3.3.2')).toMatchObject({ points: '1' });
    expect(await publications()).toEqual(published);

    const before = [await count('indicator_value'), await count('audit_event')];
    const again = await server.gql(RECORD, { v: batch }, integration);
    expect(again.data!.recordIndicators).toMatchObject({ created: [], unchanged: [{ code: 'LATE_DOSSIER_RATE' }, { code: 'LATE_DOSSIER_RATE' }], rescoredScorecards: 0 });
    expect([await count('indicator_value'), await count('audit_event')]).toEqual(before);
    // The same key with another value is a conflict of facts, refused.
    const changed = await server.gql(RECORD, { v: [row({ numerator: '7' })] }, integration);
    expect(changed.errors![0]!.extensions!.problems).toEqual([{ row: 1, field: 'idempotencyKey', message: expect.stringMatching(/đã dùng cho một giá trị khác/) }]);
  });

  it('is for the province\'s integrations and admins only', async () => {
    const denied = await server.gql(RECORD, { v: [row()] }, unit.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await seedAccount(server, { province: 'kon-tum', username: 'i.kt.admin', role: Role.ADMIN });
    // Khánh Hòa's Sở Tư pháp by id, sent by Kon Tum's admin: not a unit of that province.
    const khUnit = (await server.gql('{ me { unit { id } } }', {}, unit.token)).data!.me.unit.id;
    const before = await count('indicator_value');
    const foreign = await server.gql(RECORD, { v: [row({ unitCode: null, unitId: khUnit })] }, other.token);
    expect(foreign.errors?.[0]?.extensions?.problems).toEqual([{ row: 1, field: 'unit', message: expect.stringMatching(/^Không tìm thấy đơn vị/) }]);
    expect(await count('indicator_value')).toBe(before);
  });
});
