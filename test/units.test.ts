import type { EntityManager } from '@mikro-orm/postgresql';
import { AssessmentRound, Band, historicalBand, Province, Role, RoundGroup, toGlobalId, Unit, UnitGroup, UnitKind } from '@par/core';
import { createLogger, loadDemoData } from '@par/server';
import { seedAccount, sql, startTestServer, type SeededAccount, type TestServer } from '@par/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: TestServer;
let kh: SeededAccount; // Khánh Hòa admin
let qn: SeededAccount; // Quảng Ngãi admin
let unitUser: SeededAccount;
const em = () => server.platform.orm.em.fork() as unknown as EntityManager;

beforeAll(async () => {
  server = await startTestServer();
  await loadDemoData(em(), createLogger('silent'), server.platform.services);
  kh = await seedAccount(server, { province: 'khanh-hoa', username: 'test.admin.kh', role: Role.ADMIN });
  qn = await seedAccount(server, { province: 'quang-ngai', username: 'test.admin.qn', role: Role.ADMIN });
  unitUser = await seedAccount(server, { province: 'khanh-hoa', username: 'test.donvi.kh', role: Role.UNIT, unitCode: 'so-tu-phap' });
});
afterAll(async () => {
  await server?.stop();
});

const UNITS_ON = `query($p: String!, $d: LocalDate!) {
  units(filter: { province: $p, validOn: $d }, first: 100) { totalCount nodes { code name kind validFrom validTo } }
}`;
const names = (r: { data?: any }) => r.data.units.nodes.map((u: { name: string }) => u.name) as string[];
const unitId = async (province: string, code: string) => {
  const u = await em().findOneOrFail(Unit, { province: { code: province }, code });
  return toGlobalId('Unit', u.id);
};

describe('units over time (demo provinces)', () => {
  it('Khánh Hòa on 30/6/2025 has its districts; on 1/7/2025 its new communes and special zone instead', async () => {
    const before = await server.gql(UNITS_ON, { p: 'khanh-hoa', d: '2025-06-30' }, kh.token);
    const after = await server.gql(UNITS_ON, { p: 'khanh-hoa', d: '2025-07-01' }, kh.token);
    // Hand count from the demo list: 11 departments after the 1/3/2025 mergers, 3 central
    // vertical agencies, 1 public service unit; plus 3 districts before, 5 communes after.
    expect(before.data!.units.totalCount).toBe(18);
    expect(after.data!.units.totalCount).toBe(20);
    expect(names(before)).toEqual(expect.arrayContaining(['UBND thành phố Nha Trang', 'UBND huyện Trường Sa']));
    expect(names(before)).not.toContain('UBND phường Nha Trang');
    expect(names(after)).toEqual(expect.arrayContaining(['UBND phường Nha Trang', 'UBND đặc khu Trường Sa']));
    expect(names(after)).not.toContain('UBND huyện Trường Sa');
    // Merged away on 1/3/2025: gone from both dates.
    expect(names(before)).not.toContain('Sở Kế hoạch và Đầu tư');
  });

  it('Kon Tum ends on 30/6/2025 and Quảng Ngãi gains units on 1/7/2025', async () => {
    const kt0 = await server.gql(UNITS_ON, { p: 'kon-tum', d: '2025-06-30' }, qn.token);
    const kt1 = await server.gql(UNITS_ON, { p: 'kon-tum', d: '2025-07-01' }, qn.token);
    const qn0 = await server.gql(UNITS_ON, { p: 'quang-ngai', d: '2025-06-30' }, qn.token);
    const qn1 = await server.gql(UNITS_ON, { p: 'quang-ngai', d: '2025-07-01' }, qn.token);
    expect([kt0, kt1, qn0, qn1].map((r) => r.data!.units.totalCount)).toEqual([10, 0, 6, 8]);
    expect(names(kt0)).toContain("UBND huyện Ia H'Drai");
    expect(names(qn1)).toContain('UBND đặc khu Lý Sơn');
  });

  it('filters by kind and ranking group', async () => {
    const r = await server.gql(
      `{ communes: units(filter: { province: "khanh-hoa", group: "cap-xa", validOn: "2025-07-01" }) { totalCount }
         vertical: units(filter: { province: "khanh-hoa", kind: CENTRAL_VERTICAL }) { nodes { name group { code } } } }`,
      {},
      kh.token,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.communes.totalCount).toBe(5);
    expect(r.data!.vertical.nodes).toHaveLength(3);
    expect(r.data!.vertical.nodes.every((u: { group: { code: string } }) => u.group.code === 'nganh-doc')).toBe(true);
  });

  it('lists in Vietnamese order (ICU vi collation): Đ after D, Ư after U', async () => {
    const r = await server.gql(UNITS_ON, { p: 'khanh-hoa', d: '2025-07-01' }, kh.token);
    const list = names(r);
    expect(list).toEqual([...list].sort(new Intl.Collator('vi').compare));
    expect(list.indexOf('UBND đặc khu Trường Sa')).toBeGreaterThan(list.indexOf('Thuế tỉnh Khánh Hòa'));
  });

  it('pages with Relay cursors, first ≤ 100', async () => {
    const q = `query($a: String) { units(filter: { province: "khanh-hoa" }, first: 7, after: $a) {
      edges { cursor node { code } } pageInfo { hasNextPage endCursor } totalCount } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const r: any = await server.gql(q, { a: after }, kh.token);
      seen.push(...r.data.units.edges.map((e: { node: { code: string } }) => e.node.code));
      if (!r.data.units.pageInfo.hasNextPage) break;
      after = r.data.units.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(28);
    expect(new Set(seen).size).toBe(28);
    const tooMany = await server.gql('{ units(first: 101) { totalCount } }', {}, kh.token);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await server.gql('{ units(first: 5, after: "abc") { totalCount } }', {}, kh.token);
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('lineage', () => {
  const LINEAGE = `query($id: ID!) { node(id: $id) { ... on Unit {
    name province { code }
    predecessors { name province { code } }
    successors { name province { code } }
    lineageEvents { kind effectiveOn legalDocument { number issuer } }
  } } }`;

  it('crosses provinces: Kon Tum\'s Sở Tư pháp into Quảng Ngãi\'s, both ways, with its legal basis', async () => {
    const q = await server.gql(LINEAGE, { id: await unitId('quang-ngai', 'so-tu-phap') }, qn.token);
    expect(q.errors).toBeUndefined();
    expect(q.data!.node.predecessors).toEqual([{ name: 'Sở Tư pháp', province: { code: 'kon-tum' } }]);
    expect(q.data!.node.lineageEvents).toEqual([
      { kind: 'TRANSFER', effectiveOn: '2025-07-01', legalDocument: { number: '202/2025/QH15', issuer: 'Quốc hội' } },
    ]);
    const k = await server.gql(LINEAGE, { id: await unitId('kon-tum', 'so-tu-phap') }, qn.token);
    expect(k.data!.node.successors).toEqual([{ name: 'Sở Tư pháp', province: { code: 'quang-ngai' } }]);
  });

  it("Quảng Ngãi's people read Kon Tum's history; Khánh Hòa's do not", async () => {
    const ok = await server.gql('{ units(filter: { province: "kon-tum" }) { totalCount } }', {}, qn.token);
    expect(ok.data!.units.totalCount).toBe(11);
    const no = await server.gql('{ units(filter: { province: "kon-tum" }) { totalCount } }', {}, kh.token);
    expect(no.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const node = await server.gql('query($id: ID!) { node(id: $id) { id } }', { id: await unitId('kon-tum', 'so-y-te') }, kh.token);
    expect(node.data).toEqual({ node: null });
    const provinces = await server.gql('{ provinces { code successor { code } } }', {}, qn.token);
    expect(provinces.data!.provinces).toEqual([
      { code: 'kon-tum', successor: { code: 'quang-ngai' } },
      { code: 'quang-ngai', successor: null },
    ]);
  });

  it('history rule: a merged unit takes the worst band of its predecessors for a year before it existed', async () => {
    const id = await unitId('khanh-hoa', 'so-nong-nghiep-va-moi-truong');
    const r = await server.gql(
      `query($id: ID!) { node(id: $id) { ... on Unit {
         y2024: standingFor(date: "2024-12-31") { code }
         y2025: standingFor(date: "2025-12-31") { code } } } }`,
      { id },
      kh.token,
    );
    const y2024 = r.data!.node.y2024.map((u: { code: string }) => u.code);
    expect(y2024).toEqual(['so-nong-nghiep-va-phat-trien-nong-thon', 'so-tai-nguyen-va-moi-truong']);
    expect(r.data!.node.y2025).toEqual([{ code: 'so-nong-nghiep-va-moi-truong' }]);

    // Bands of 2024 (illustrative): agriculture Tốt, natural resources Trung bình ⇒ the merged unit counts as Trung bình.
    const bands: Record<string, Band> = { 'so-nong-nghiep-va-phat-trien-nong-thon': Band.GOOD, 'so-tai-nguyen-va-moi-truong': Band.AVERAGE };
    expect(historicalBand('so-nong-nghiep-va-moi-truong', y2024, (u) => bands[u])).toBe(Band.AVERAGE);
    // In 2025 it existed: its own band, whatever its predecessors had.
    expect(historicalBand('so-nong-nghiep-va-moi-truong', ['so-nong-nghiep-va-moi-truong'], () => Band.EXCELLENT)).toBe(Band.EXCELLENT);
    // An absorbing unit that existed before keeps its own history (Sở Tài chính absorbed Sở KH&ĐT).
    const tc = await server.gql(`query($id: ID!) { node(id: $id) { ... on Unit { standingFor(date: "2024-12-31") { code } } } }`, { id: await unitId('khanh-hoa', 'so-tai-chinh') }, kh.token);
    expect(tc.data!.node.standingFor).toEqual([{ code: 'so-tai-chinh' }]);
  });

  it('recordLineageEvent: a merge through the API, checked and applied; bad shapes refused with nothing written', async () => {
    const create = (code: string, name: string, validFrom: string) =>
      server.gql(
        `mutation($i: CreateUnitInput!) { createUnit(input: $i) { id validFrom } }`,
        { i: { code, name, kind: 'COMMUNE', validFrom } },
        kh.token,
      );
    const a = (await create('xa-a', 'UBND xã A', '2020-01-01')).data!.createUnit.id;
    const b = (await create('xa-b', 'UBND xã B', '2020-01-01')).data!.createUnit.id;
    const c = (await create('xa-c', 'UBND xã C', '2026-01-01')).data!.createUnit.id;
    const events = async () => (await sql<{ n: number }>(server.db.url, 'select count(*)::int as n from lineage_event'))[0]!.n;
    const before = await events();
    const record = (input: Record<string, unknown>) =>
      server.gql('mutation($i: RecordLineageEventInput!) { recordLineageEvent(input: $i) { kind successors { name } predecessors { name validTo } } }', { i: input }, kh.token);

    const split = await record({ kind: 'SPLIT', effectiveOn: '2026-01-01', predecessorIds: [a, b], successorIds: [c] });
    expect(split.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const wrongDay = await record({ kind: 'MERGE', effectiveOn: '2025-12-01', predecessorIds: [a, b], successorIds: [c] });
    expect(wrongDay.errors?.[0]?.message).toMatch(/phải bắt đầu hiệu lực đúng ngày thay đổi 1\/12\/2025/);
    const notUnit = await record({ kind: 'MERGE', effectiveOn: '2026-01-01', predecessorIds: [a, toGlobalId('Province', '00000000-0000-4000-8000-000000000000')], successorIds: [c] });
    expect(notUnit.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await events()).toBe(before);
    expect((await sql(server.db.url, `select valid_to from unit where code in ('xa-a','xa-b')`)).every((r) => r.valid_to === null)).toBe(true);

    const ok = await record({ kind: 'MERGE', effectiveOn: '2026-01-01', predecessorIds: [a, b], successorIds: [c], note: 'Hợp nhất xã A và xã B' });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.recordLineageEvent.predecessors).toEqual([
      { name: 'UBND xã A', validTo: '2025-12-31' },
      { name: 'UBND xã B', validTo: '2025-12-31' },
    ]);
    expect(await events()).toBe(before + 1);
    const standing = await server.gql(`query($id: ID!) { node(id: $id) { ... on Unit { standingFor(date: "2025-06-30") { name } } } }`, { id: c }, kh.token);
    expect(standing.data!.node.standingFor).toEqual([{ name: 'UBND xã A' }, { name: 'UBND xã B' }]);
  });

  it("a province's admin cannot change another province's units; a unit account cannot change any", async () => {
    const other = await server.gql(
      'mutation($i: UpdateUnitInput!) { updateUnit(input: $i) { name } }',
      { i: { id: await unitId('quang-ngai', 'so-y-te'), name: 'Đổi tên trái phép' } },
      kh.token,
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unit = await server.gql(
      'mutation { createUnitGroup(input: { code: "moi", name: "Nhóm mới" }) { code } }',
      {},
      unitUser.token,
    );
    expect(unit.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sql(server.db.url, `select name from unit where code = 'so-y-te' and name <> 'Sở Y tế'`)).length).toBe(0);
  });
});

describe('ids, rounds and indicators', () => {
  it('node(id) refetches any record by its global id; malformed or mistyped ids are BAD_USER_INPUT', async () => {
    const id = await unitId('khanh-hoa', 'so-y-te');
    const r = await server.gql('query($id: ID!) { node(id: $id) { id __typename ... on Unit { name } } }', { id }, kh.token);
    expect(r.data!.node).toEqual({ id, __typename: 'Unit', name: 'Sở Y tế' });
    for (const bad of ['zzz', '1; drop table unit', toGlobalId('Unit', 'not-a-uuid'), toGlobalId('Bogus', '00000000-0000-4000-8000-000000000000')]) {
      const b = await server.gql('query($id: ID!) { node(id: $id) { id } }', { id: bad }, kh.token);
      expect(b.errors?.[0]?.extensions?.code, bad).toBe('BAD_USER_INPUT');
    }
    const wrongType = await server.gql('mutation($i: UpdateUnitInput!) { updateUnit(input: $i) { name } }', { i: { id: kh.id, name: 'x' } }, kh.token);
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("a round's assessed units are those valid on its reference date in its groups", async () => {
    const r = await server.gql(
      `{ rounds { year referenceDate legalDocument { number } groups { criteriaSet group { code } } assessedUnits(group: "cap-xa") { name } } }`,
      {},
      kh.token,
    );
    expect(r.errors).toBeUndefined();
    const round = r.data!.rounds.find((x: { year: number }) => x.year === 2025);
    expect(r.data!.rounds.map((x: { year: number }) => x.year)).toEqual([2026, 2025, 2024]);
    expect(round.legalDocument.number).toBe('3487/QĐ-UBND');
    expect(round.groups.map((g: { group: { code: string } }) => g.group.code).sort()).toEqual(['cap-xa', 'nganh-doc', 'so-nganh']);
    expect(round.assessedUnits.map((u: { name: string }) => u.name)).toEqual([
      'UBND đặc khu Trường Sa',
      'UBND phường Bắc Nha Trang',
      'UBND phường Cam Ranh',
      'UBND phường Nha Trang',
      'UBND phường Ninh Hòa',
    ]);
    const dup = await server.gql(
      'mutation { createRound(input: { year: 2025, title: "Lặp", referenceDate: "2025-12-31", groups: [{ groupCode: "so-nganh", criteriaSet: "x" }] }) { id } }',
      {},
      kh.token,
    );
    expect(dup.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('indicator values are exact decimals: 12 of 480 late dossiers is 2.5 %, and sums do not drift', async () => {
    const r = await server.gql(
      `query($id: ID!) { node(id: $id) { ... on Unit { indicators(code: "LATE_DOSSIER_RATE") { value numerator denominator period title source } } } }`,
      { id: await unitId('khanh-hoa', 'so-tu-phap') },
      kh.token,
    );
    expect(r.data!.node.indicators).toEqual([
      {
        value: '2.5',
        numerator: '12',
        denominator: '480',
        period: '2025',
        title: 'Tỷ lệ hồ sơ trễ hạn',
        source: 'Dữ liệu minh họa (demo), không phải số liệu chính thức',
      },
    ]);
    // 61 of 1012 = 6.02766…% → stored half-up to 4 decimals
    const xd = await sql<{ value: string }>(server.db.url, `select v.value::text as value from indicator_value v join unit u on u.id = v.unit_id where u.code = 'so-xay-dung' and v.code = 'LATE_DOSSIER_RATE'`);
    expect(xd[0]!.value).toBe('6.0277');
    const [{ s }] = (await sql<{ s: string }>(server.db.url, `select (0.1::numeric + 0.2::numeric)::text as s`)) as [{ s: string }];
    expect(s).toBe('0.3');
  });
});

describe('XLSX import of units and accounts', () => {
  async function workbook(units: unknown[][], accounts: unknown[][] = []) {
    const wb = new ExcelJS.Workbook();
    const u = wb.addWorksheet('Đơn vị');
    u.addRow(['Mã đơn vị', 'Tên đơn vị', 'Loại', 'Nhóm xếp hạng', 'Mã đơn vị cấp trên', 'Hiệu lực từ', 'Hiệu lực đến']);
    for (const r of units) u.addRow(r);
    const a = wb.addWorksheet('Tài khoản');
    a.addRow(['Tên đăng nhập', 'Họ tên', 'Vai trò', 'Mã đơn vị', 'Lĩnh vực thẩm định']);
    for (const r of accounts) a.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  }
  const importFile = (fileBase64: string, token = kh.token) =>
    server.gql(
      'mutation($i: ImportUnitsInput!) { importUnits(input: $i) { unitsCreated unitsUpdated accounts { username role initialPassword } } }',
      { i: { fileBase64 } },
      token,
    );
  const counts = async () =>
    (await sql<{ units: number; users: number }>(server.db.url, 'select (select count(*) from unit)::int as units, (select count(*) from app_user)::int as users'))[0]!;

  it('a file with two bad rows lists both with sheet, row and column, and writes nothing', async () => {
    const before = await counts();
    const file = await workbook(
      [
        ['phuong-moi-1', 'UBND phường Mới 1', 'UBND xã, phường, đặc khu', 'cap-xa', '', '01/07/2025', ''],
        ['Phuong Sai', 'UBND phường Sai', 'COMMUNE', 'cap-xa', '', '01/07/2025', ''],
        ['phuong-moi-2', 'UBND phường Mới 2', 'COMMUNE', 'khong-co-nhom', '', '31/02/2025', ''],
      ],
      [['canbo.phuongmoi1', 'Trần Thị B', 'UNIT', 'phuong-moi-1', '']],
    );
    const r = await importFile(file);
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/ở 2 dòng; chưa có dữ liệu nào được ghi/);
    const problems = r.errors?.[0]?.extensions?.problems as { sheet: string; row: number; column: string }[];
    expect(problems.map((p) => [p.sheet, p.row, p.column])).toEqual([
      ['Đơn vị', 3, 'Mã đơn vị'],
      ['Đơn vị', 4, 'Nhóm xếp hạng'],
      ['Đơn vị', 4, 'Hiệu lực từ'],
    ]);
    expect(await counts()).toEqual(before);
  });

  it('a good file creates and updates units and creates accounts with one-time passwords', async () => {
    const before = await counts();
    const file = await workbook(
      [
        ['phuong-moi-1', 'UBND phường Mới 1', 'UBND xã, phường, đặc khu', 'cap-xa', '', '01/07/2025', ''],
        ['so-y-te', 'Sở Y tế', 'Sở, ban, ngành', 'so-nganh', '', new Date(Date.UTC(2000, 0, 1)), ''],
        ['trung-tam-y-te-nha-trang', 'Trung tâm Y tế khu vực Nha Trang', 'PUBLIC_SERVICE', 'su-nghiep', 'so-y-te', '01/07/2025', ''],
      ],
      [
        ['canbo.phuongmoi1', 'Trần Thị B', 'Cơ quan, đơn vị tự đánh giá', 'phuong-moi-1', ''],
        ['thamdinh.thutuc', 'Lê Văn C', 'REVIEWER', '', 'PROCEDURES, DIGITAL_GOVERNMENT'],
      ],
    );
    const r = await importFile(file);
    expect(r.errors).toBeUndefined();
    expect(r.data!.importUnits).toMatchObject({ unitsCreated: 2, unitsUpdated: 1 });
    expect(r.data!.importUnits.accounts.map((a: { username: string; role: string }) => [a.username, a.role])).toEqual([
      ['canbo.phuongmoi1', 'UNIT'],
      ['thamdinh.thutuc', 'REVIEWER'],
    ]);
    expect(await counts()).toEqual({ units: before.units + 2, users: before.users + 2 });
    const child = await sql(server.db.url, `select p.code from unit c join unit p on p.id = c.parent_id where c.code = 'trung-tam-y-te-nha-trang'`);
    expect(child).toEqual([{ code: 'so-y-te' }]);
  });

  it('garbage instead of a workbook, or a non-admin, is refused', async () => {
    const r = await importFile(Buffer.from('không phải excel').toString('base64'));
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const t = await server.gql('{ unitImportTemplate }', {}, unitUser.token);
    expect(t.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const template = await server.gql('{ unitImportTemplate }', {}, kh.token);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(template.data!.unitImportTemplate, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Đơn vị', 'Tài khoản', 'Hướng dẫn']);
  });
});

describe('SQL statements per request do not grow with the number of units', () => {
  async function provinceWith(code: string, n: number) {
    const e = em();
    const province = e.create(Province, { code, name: `Tỉnh thử ${n}` });
    const group = e.create(UnitGroup, { province, code: 'so-nganh', name: 'Sở, ban, ngành' });
    const parent = e.create(Unit, { province, code: 'van-phong', name: 'Văn phòng UBND tỉnh', kind: UnitKind.DEPARTMENT, group, validFrom: '2020-01-01' });
    for (let i = 1; i < n; i++)
      e.create(Unit, { province, code: `don-vi-${i}`, name: `Đơn vị ${i}`, kind: i % 2 ? UnitKind.DEPARTMENT : UnitKind.PUBLIC_SERVICE, group, parent, validFrom: '2020-01-01' });
    const round = e.create(AssessmentRound, { province, year: 2025, title: 'Thử', referenceDate: '2025-12-31' });
    e.create(RoundGroup, { round, province, group, criteriaSet: 'thu' });
    await e.flush();
    return seedAccount(server, { province: code, username: `admin.${code}`, role: Role.ADMIN });
  }

  async function statements(token: string, query: string) {
    const before = server.platform.sqlStats.statements;
    const r = await server.gql(query, {}, token);
    expect(r.errors).toBeUndefined();
    return { n: server.platform.sqlStats.statements - before, data: r.data };
  }

  it('10 vs 200 units: the same count for a page (10 vs 100) and for a whole round (10 vs 200)', async () => {
    const small = await provinceWith('tinh-10', 10);
    const big = await provinceWith('tinh-200', 200);
    const fields = 'name kind parent { name } group { name } province { name } predecessors { name }';
    const page = (n: number) => `{ units(first: ${n}) { totalCount nodes { ${fields} } } }`;
    const round = `{ rounds { assessedUnits { ${fields} } } }`;

    // Pages of one province (a loader skips records the request already holds, so a page that
    // happens to contain its units' parent saves a statement: compare like with like).
    const p10 = await statements(big.token, page(10));
    const p100 = await statements(big.token, page(100));
    expect(p10.data!.units.nodes).toHaveLength(10);
    expect(p100.data!.units.nodes).toHaveLength(100);
    expect(p100.n).toBe(p10.n);

    const r10 = await statements(small.token, round);
    const r200 = await statements(big.token, round);
    expect(r10.data!.rounds[0].assessedUnits).toHaveLength(10);
    expect(r200.data!.rounds[0].assessedUnits).toHaveLength(200);
    expect(r200.n).toBe(r10.n);
    expect(r200.n).toBeLessThanOrEqual(10);
    console.info(`SQL statements per request: page of 10 → ${p10.n}, page of 100 → ${p100.n}; round of 10 → ${r10.n}, round of 200 → ${r200.n}`);
  });
});
