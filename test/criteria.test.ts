import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '@par/core';
import { createLogger, installedPresets, loadConfig, loadDemoData, startPlatform } from '@par/server';
import { Area, PluginDefinitionError } from '@par/core';
import { seedAccount, sql, startTestServer, type SeededAccount, type TestServer } from '@par/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: TestServer;
let kh: SeededAccount;
let kt: SeededAccount;

beforeAll(async () => {
  server = await startTestServer();
  await loadDemoData(server.platform.orm.em.fork() as unknown as EntityManager, createLogger('silent'), server.platform.services);
  kh = await seedAccount(server, { province: 'khanh-hoa', username: 'test.admin.kh', role: Role.ADMIN });
  kt = await seedAccount(server, { province: 'kon-tum', username: 'test.admin.kt', role: Role.ADMIN });
});
afterAll(async () => {
  await server?.stop();
});

const TREE = `query($g: String!) { rounds { id year presetId: preset { id } criteria(group: $g) {
  code title max area sourceId sourceVersion children { code max methodKind evidenceRequired children { code max methodKind } } } } }`;

describe('presets side by side, criteria served from round snapshots', () => {
  it('the national, Khánh Hòa and Kon Tum presets load in one server', async () => {
    const r = await server.gql('{ presets { id province lineage areas { area pluginId max } capRules { id basis maxBand conditions } consequenceRules { flag conditions } } }', {}, kh.token);
    expect(r.errors).toBeUndefined();
    const byId = Object.fromEntries(r.data!.presets.map((p: { id: string }) => [p.id, p]));
    expect(Object.keys(byId).sort()).toEqual(['khanh-hoa', 'kon-tum', 'national']);
    const areaMax = (id: string) => byId[id].areas.reduce((s: number, a: { max: string }) => s + Number(a.max) * 10, 0) / 10;
    expect([areaMax('national'), areaMax('khanh-hoa'), areaMax('kon-tum')]).toEqual([61.5, 61.5, 61.5]);
    expect(byId['khanh-hoa'].areas.find((a: { area: string }) => a.area === 'PROCEDURES').pluginId).toBe('khanh-hoa/area-procedures');
    expect(byId['kon-tum'].areas.find((a: { area: string }) => a.area === 'PUBLIC_FINANCE').pluginId).toBe('kon-tum/area-public-finance');
    expect(byId['khanh-hoa'].capRules).toEqual([
      { id: 'kl91-cap', basis: 'Kết luận 91-KL/TU của Ban Thường vụ Tỉnh ủy Khánh Hòa', maxBand: 'FAIR', conditions: ['LATE_DOSSIER_RATE >= 5', 'SATISFACTION <= 80'] },
    ]);
    expect(byId['khanh-hoa'].consequenceRules[0].conditions).toEqual(['AVERAGE 2 năm liên tiếp', 'WEAK 1 năm liên tiếp']);
    expect(byId['khanh-hoa'].lineage).toEqual(['national']);
  });

  it("each round's criteria tree is served from its snapshot with plugin id@version", async () => {
    const k = await server.gql(TREE, { g: 'so-nganh' }, kh.token);
    expect(k.errors).toBeUndefined();
    const [round] = k.data!.rounds;
    expect(round.presetId.id).toBe('khanh-hoa');
    expect(round.criteria.map((a: { code: string }) => a.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    const area3 = round.criteria.find((a: { code: string }) => a.code === '3');
    expect([area3.sourceId, area3.sourceVersion, area3.max]).toEqual(['khanh-hoa/area-procedures', '2025.1.0', '13']);
    expect(area3.children.map((c: { code: string }) => c.code)).toEqual(['3.1', '3.2', '3.3', '3.4']);
    const targets = area3.children.find((c: { code: string }) => c.code === '3.4');
    expect(targets.children.map((c: { methodKind: string }) => c.methodKind)).toEqual(['ratioThresholds', 'ratioThresholds', 'ratioThresholds']);
    expect(round.criteria.find((a: { code: string }) => a.code === '8').max).toBe('38.5');

    const t = await server.gql(TREE, { g: 'cap-huyen' }, kt.token);
    const area6 = t.data!.rounds[0].criteria.find((a: { code: string }) => a.code === '6');
    expect(area6.sourceId).toBe('kon-tum/area-public-finance');
  });
});

const GOOD_YAML = `code: xa-thu-nghiem
title: Bộ tiêu chí UBND cấp xã (thử nghiệm)
areas:
  LEADERSHIP:
    code: "1"
    title: Công tác chỉ đạo, điều hành
    max: 10
    children:
      - { code: "1.1", title: Kế hoạch CCHC năm, max: 4, method: { kind: yesNo }, evidence: { required: true } }
      - code: "1.2"
        title: Mức độ hoàn thành kế hoạch
        max: 6
        method: { kind: ratioLinear, source: { numerator: done, denominator: planned }, zeroAt: 50, fullAt: 100 }
  INSTITUTIONS:
    code: "2"
    title: Cải cách thể chế
    max: 10
    children:
      - code: "2.1"
        title: Rà soát văn bản
        max: 10
        method: { kind: levels, levels: [ { value: tot, label: Tốt, points: 10 }, { value: kha, label: Khá, points: 7 }, { value: kem, label: Kém, points: 2 } ] }
  PROCEDURES:
    code: "3"
    title: Cải cách thủ tục hành chính
    max: 20
    children:
      - code: "3.1"
        title: Hồ sơ trễ hạn
        max: 20
        method: { kind: ratioThresholds, source: { indicator: LATE_DOSSIER_RATE }, thresholds: [ { atMost: 1, points: 20 }, { below: 5, points: 12 } ] }
  ORGANIZATION:
    code: "4"
    title: Cải cách tổ chức bộ máy
    max: 10
    children:
      - { code: "4.1", title: Vi phạm về tổ chức bộ máy, max: 10, method: { kind: count, variable: violations, perItem: -2.5 } }
  CIVIL_SERVICE:
    code: "5"
    title: Cải cách chế độ công vụ
    max: 10
    children:
      - { code: "5.1", title: "Kỷ luật, kỷ cương hành chính", max: 10, method: { kind: formula, expression: "10 - 2 * late" } }
  PUBLIC_FINANCE:
    code: "6"
    title: Cải cách tài chính công
    max: 10
    children:
      - { code: "6.1", title: Cơ chế tự chủ, max: 10, method: { kind: yesNo }, notApplicable: exclude }
  DIGITAL_GOVERNMENT:
    code: "7"
    title: Chính quyền số
    max: 30
    children:
      - code: "7.1"
        title: Hồ sơ trực tuyến toàn trình
        max: 30
        method: { kind: ratioLinear, source: { indicator: ONLINE_DOSSIER_RATE }, zeroAt: 20, fullAt: 80 }
bonus:
  code: "9"
  title: Điểm thưởng
  max: 2
  children:
    - { code: "9.1", title: Sáng kiến được công nhận, max: 2, method: { kind: bonusPenalty, variable: initiatives, perItem: 0.5, cap: 2 } }
`;

const BAD_YAML = `code: Xa Sai
title: Bộ tiêu chí lỗi
areas:
  LEADERSHIP:
    code: "1"
    title: Chỉ đạo
    max: 10
    children:
      - { code: "1.1", title: A, max: 4, method: { kind: yesNo } }
      - { code: "1.2", title: B, max: 5, method: { kind: magic } }
  INSTITUTIONS:
    code: "2"
    title: Thể chế
    max: 10
    children:
      - { code: "1.1", title: Trùng mã, max: 10, method: { kind: yesNo } }
`;

describe('criteria as data (YAML)', () => {
  const count = async () => (await sql<{ n: number }>(server.db.url, 'select count(*)::int as n from criteria_set'))[0]!.n;
  const importYaml = (content: string) =>
    server.gql('mutation($c: String!) { importCriteriaSet(input: { content: $c }) { id code version ref title } }', { c: content }, kh.token);

  it('a malformed file is rejected listing every error with its line; nothing is written', async () => {
    const before = await count();
    const r = await importYaml(BAD_YAML);
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const problems = r.errors?.[0]?.extensions?.problems as { line: number; path: string; message: string }[];
    const text = problems.map((p) => `${p.line}:${p.message}`).join('\n');
    expect(text).toMatch(/^1:code phải gồm chữ thường/m);
    for (const missing of ['PROCEDURES', 'ORGANIZATION', 'CIVIL_SERVICE', 'PUBLIC_FINANCE', 'DIGITAL_GOVERNMENT']) expect(text).toContain(`Thiếu lĩnh vực ${missing}`);
    expect(problems.length).toBeGreaterThanOrEqual(6);
    expect(await count()).toBe(before);

    // Once the shape is right, the semantics: max mismatch, unknown method, duplicate code — each at its line.
    const shaped = GOOD_YAML.replace('max: 6\n', 'max: 5\n').replace('kind: yesNo }, notApplicable', 'kind: magic }, notApplicable').replace('code: "4.1"', 'code: "1.1"');
    const r2 = await importYaml(shaped);
    const p2 = r2.errors?.[0]?.extensions?.problems as { line: number; message: string }[];
    // Lines of GOOD_YAML: 5 = area 1's mapping, 37 = the criterion recoded "1.1" (was 4.1), 49 = criterion 6.1.
    expect(p2.map((p) => [p.line, p.message])).toEqual([
      [5, '[1] Điểm tối đa 10 khác tổng điểm tối đa của các tiêu chí con (9).'],
      [37, '[1.1] Mã tiêu chí "1.1" bị trùng.'],
      [49, '[6.1] Phương pháp chấm "magic" không được hỗ trợ.'],
    ]);
    expect(await count()).toBe(before);
  });

  it('a valid file imports; a round opened with it scores a unit\'s entries to the hand-computed points', async () => {
    const imported = await importYaml(GOOD_YAML);
    expect(imported.errors).toBeUndefined();
    expect(imported.data!.importCriteriaSet).toMatchObject({ code: 'xa-thu-nghiem', version: 1, ref: 'set:xa-thu-nghiem@1' });

    const round = await server.gql(
      `mutation { createRound(input: { year: 2027, title: "Thử nghiệm 2027", referenceDate: "2027-12-31", preset: "khanh-hoa",
         groups: [{ groupCode: "cap-xa", criteriaSet: "set:xa-thu-nghiem" }] }) { id year } }`,
      {},
      kh.token,
    );
    expect(round.errors).toBeUndefined();
    const roundId = round.data!.createRound.id;

    // A later version of the set does not change the opened round: it was snapshotted.
    expect((await importYaml(GOOD_YAML.replace('Kế hoạch CCHC năm', 'Kế hoạch CCHC năm (sửa)'))).data!.importCriteriaSet.version).toBe(2);
    const tree = await server.gql('query($id: ID!) { node(id: $id) { ... on AssessmentRound { criteria(group: "cap-xa") { code sourceId sourceVersion children { title } } } } }', { id: roundId }, kh.token);
    expect(tree.data!.node.criteria[0]).toMatchObject({ code: '1', sourceId: 'set:xa-thu-nghiem', sourceVersion: '1' });
    expect(tree.data!.node.criteria[0].children[0].title).toBe('Kế hoạch CCHC năm');

    const preview = await server.gql(
      `query($id: ID!) { scorePreview(input: { roundId: $id, group: "cap-xa", unitKind: COMMUNE,
          entries: [
            { code: "1.1", value: "yes", evidenceCount: 1 },
            { code: "1.2", variables: [{ name: "done", value: "7" }, { name: "planned", value: "8" }] },
            { code: "2.1", value: "kha" },
            { code: "4.1", variables: [{ name: "violations", value: "1" }] },
            { code: "5.1", variables: [{ name: "late", value: "2" }] },
            { code: "6.1", notApplicable: true },
            { code: "9.1", variables: [{ name: "initiatives", value: "3" }] }
          ],
          indicators: [{ code: "LATE_DOSSIER_RATE", value: "2.5" }, { code: "ONLINE_DOSSIER_RATE", value: "65" }] }) {
        total max index band areas { area points max criteria { code points reason } } } }`,
      { id: roundId },
      kh.token,
    );
    expect(preview.errors).toBeUndefined();
    const s = preview.data!.scorePreview;
    const points = Object.fromEntries(s.areas.map((a: { area: string; points: string }) => [a.area, a.points]));
    expect(points).toEqual({
      LEADERSHIP: '8.5', // 1.1 yes = 4; 1.2: 7/8 = 87.5 %, (87.5 − 50) / (100 − 50) = 0.75 × 6 = 4.5
      INSTITUTIONS: '7', // level "kha" = 7
      PROCEDURES: '12', // late 2.5 %: not ≤ 1, < 5 → 12
      ORGANIZATION: '7.5', // deduction: 10 − 1 × 2.5 = 7.5
      CIVIL_SERVICE: '6', // 10 − 2 × 2 = 6
      PUBLIC_FINANCE: '0', // not applicable, excluded: its 10 leave the maximum
      DIGITAL_GOVERNMENT: '22.5', // (65 − 20) / (80 − 20) = 0.75 × 30 = 22.5
      BONUS: '1.5', // 3 × 0.5 = 1.5 (cap 2)
    });
    // appraised 8.5 + 7 + 12 + 7.5 + 6 + 0 + 22.5 = 63.5, + bonus 1.5 = 65; max 100 − 10 = 90
    // index 65 / 90 × 100 = 72.222… → 72.22 (half-up); Khánh Hòa bands: Khá from 70
    expect([s.total, s.max, s.index, s.band]).toEqual(['65', '90', '72.22', 'FAIR']);
    const reason = s.areas[2].criteria.find((c: { code: string }) => c.code === '3.1').reason;
    expect(reason).toBe('Tỷ lệ chỉ số LATE_DOSSIER_RATE = 2,5 % < 5 %: 12 điểm');
  });

  it('a round naming an unknown criteria set or preset is refused and nothing is written', async () => {
    const rounds = async () => (await sql<{ n: number }>(server.db.url, 'select count(*)::int as n from assessment_round'))[0]!.n;
    const before = await rounds();
    const r = await server.gql(
      `mutation { createRound(input: { year: 2028, title: "X", referenceDate: "2028-12-31", groups: [{ groupCode: "cap-xa", criteriaSet: "set:khong-co" }] }) { id } }`,
      {},
      kh.token,
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const p = await server.gql(
      `mutation { createRound(input: { year: 2028, title: "X", referenceDate: "2028-12-31", preset: "ha-noi", groups: [{ groupCode: "cap-xa", criteriaSet: "khanh-hoa" }] }) { id } }`,
      {},
      kh.token,
    );
    expect(p.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await rounds()).toBe(before);
    expect((await sql(server.db.url, `select 1 from criterion_snapshot s join assessment_round r on r.id = s.round_id where r.year = 2028`)).length).toBe(0);
  });
});

describe('criteria as data (XLSX, the table shape provinces publish)', () => {
  async function workbook(code: string, rows: (string | number)[][]) {
    const wb = new ExcelJS.Workbook();
    const info = wb.addWorksheet('Thông tin');
    info.addRow(['Mã bộ tiêu chí', code]);
    info.addRow(['Tên bộ tiêu chí', 'Bộ tiêu chí sở, ngành (bảng tính)']);
    const ws = wb.addWorksheet('Tiêu chí');
    ws.addRow(['Mã', 'Tiêu chí', 'Điểm tối đa', 'Phương pháp', 'Tham số', 'Tài liệu kiểm chứng', 'Hướng dẫn', 'Không áp dụng']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  }
  const areaRows = (n: number, max: string): (string | number)[][] => [
    [String(n), `Lĩnh vực ${n}`, max, '', '', '', '', ''],
    [`${n}.1`, `Tiêu chí ${n}.1`, max, 'Có/Không', '', 'Văn bản', 'Có: điểm tối đa; Không: 0', ''],
  ];
  const importXlsx = (content: string) =>
    server.gql('mutation($c: String!) { importCriteriaSet(input: { content: $c, format: "xlsx" }) { code version ref } }', { c: content }, kh.token);

  it('imports a table with a tree from its codes, methods and parameters', async () => {
    const rows = [
      ...areaRows(1, '10'),
      ...areaRows(2, '10'),
      ['3', 'Cải cách thủ tục hành chính', '20', '', '', '', '', ''],
      ['3.1', 'Tỷ lệ hồ sơ đúng hạn', '12', 'Tỷ lệ tuyến tính', '{ source: { indicator: ON_TIME_RATE }, zeroAt: 80, fullAt: 100 }', '', '', ''],
      ['3.2', 'Hồ sơ trễ hạn', '8', 'Tỷ lệ theo ngưỡng', '{ source: { indicator: LATE_DOSSIER_RATE }, thresholds: [ { atMost: 0, points: 8 }, { below: 5, points: 4 } ] }', '', '', ''],
      ...areaRows(4, '10'),
      ...areaRows(5, '10'),
      ...areaRows(6, '10'),
      ...areaRows(7, '30'),
    ];
    const r = await importXlsx(await workbook('so-nganh-bang-tinh', rows));
    expect(r.errors).toBeUndefined();
    expect(r.data!.importCriteriaSet).toEqual({ code: 'so-nganh-bang-tinh', version: 1, ref: 'set:so-nganh-bang-tinh@1' });
  });

  it('lists every bad row (row, column, message) and writes nothing', async () => {
    const before = (await sql<{ n: number }>(server.db.url, 'select count(*)::int as n from criteria_set'))[0]!.n;
    const rows = [
      ...areaRows(1, '10'),
      ['2', 'Thể chế', '10', '', '', '', '', ''],
      ['2.1', 'A', '6', 'Phép màu', '', '', '', ''], // row 5 (header 1, area 1 on 2–3, area 2 on 4): unknown method
      ['2.2', 'B', 'mười', 'Có/Không', '', '', '', ''], // row 6: max not a number
      ['2.3.1', 'C', '1', 'Có/Không', '', '', '', ''], // row 7: parent 2.3 missing
    ];
    const r = await importXlsx(await workbook('loi', rows));
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const problems = r.errors?.[0]?.extensions?.problems as { line: number | null; path: string; message: string }[];
    const byRow = problems.filter((p) => p.line).map((p) => [p.line, p.path]);
    expect(byRow).toEqual([
      [5, 'Tiêu chí!D5'],
      [6, 'Tiêu chí!C6'],
      [7, 'Tiêu chí!A7'],
    ]);
    expect(problems.filter((p) => /Thiếu lĩnh vực/.test(p.message))).toHaveLength(5); // areas 3–7
    expect((await sql<{ n: number }>(server.db.url, 'select count(*)::int as n from criteria_set'))[0]!.n).toBe(before);
  });
});

describe('boot', () => {
  it('a plugin with an incompatible core range stops the boot, naming the culprit, before anything starts', async () => {
    const [national] = installedPresets();
    // Built by hand, bypassing definePreset: the server checks every preset again when it boots.
    const procedures = { ...national!.areas[Area.PROCEDURES], id: 'tinh-loi/area-procedures', coreApi: '^2.0.0' };
    const unchecked = { ...national!, id: 'tinh-loi', areas: { ...national!.areas, [Area.PROCEDURES]: procedures } };
    const start = startPlatform(
      // A database nobody listens on: the boot must fail on the preset before trying it.
      { ...loadConfig({}), port: 0, host: '127.0.0.1', databaseUrl: 'postgres://nobody@127.0.0.1:1/none' },
      createLogger('silent'),
      { presets: [national!, unchecked] },
    );
    await expect(start).rejects.toThrow(PluginDefinitionError);
    await expect(start).rejects.toThrow(/plugin tinh-loi\/area-procedures: coreApi "\^2\.0\.0" không tương thích với API lõi 1\.0\.0/);
  });
});
