import type { EntityManager } from '@mikro-orm/postgresql';
import { canonicalJson, Role, rowHash, toGlobalId, Unit } from '@par/core';
import { createLogger, loadDemoData } from '@par/server';
import { seedAccount, sql, startTestServer, type SeededAccount, type TestServer } from '@par/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: TestServer;
let admin: SeededAccount;
let nhaTrang: SeededAccount; // UBND phường Nha Trang
let camRanh: SeededAccount; // UBND phường Cam Ranh
let roundId = '';
let cardId = '';

/** A small criteria set for communes, so every expected point can be computed by hand. */
const SET = `code: xa-2027
title: Bộ tiêu chí UBND cấp xã 2027 (thử nghiệm)
areas:
  LEADERSHIP:
    code: "1"
    title: Chỉ đạo, điều hành
    max: 10
    children:
      - { code: "1.1", title: Kế hoạch CCHC năm, max: 4, method: { kind: yesNo }, evidence: { required: true, description: Kế hoạch } }
      - { code: "1.2", title: Hoàn thành kế hoạch, max: 6, method: { kind: ratioLinear, source: { numerator: done, denominator: planned }, zeroAt: 50, fullAt: 100 } }
  INSTITUTIONS:
    code: "2"
    title: Thể chế
    max: 10
    children:
      - { code: "2.1", title: Rà soát văn bản, max: 10, method: { kind: levels, levels: [ { value: tot, label: Tốt, points: 10 }, { value: kha, label: Khá, points: 7 } ] }, evidence: { required: true } }
  PROCEDURES:
    code: "3"
    title: TTHC
    max: 20
    children:
      - { code: "3.1", title: Hồ sơ trễ hạn, max: 20, method: { kind: ratioThresholds, source: { indicator: LATE_DOSSIER_RATE }, thresholds: [ { atMost: 1, points: 20 }, { below: 5, points: 12 } ] } }
  ORGANIZATION:
    code: "4"
    title: Tổ chức bộ máy
    max: 10
    children:
      - { code: "4.1", title: Vi phạm, max: 10, method: { kind: count, variable: violations, perItem: -2.5 } }
  CIVIL_SERVICE:
    code: "5"
    title: Công vụ
    max: 10
    children:
      - { code: "5.1", title: Kỷ luật, max: 10, method: { kind: formula, expression: "10 - 2 * late" } }
  PUBLIC_FINANCE:
    code: "6"
    title: Tài chính công
    max: 10
    children:
      - { code: "6.1", title: Tự chủ, max: 10, method: { kind: yesNo }, notApplicable: exclude }
  DIGITAL_GOVERNMENT:
    code: "7"
    title: Chính quyền số
    max: 30
    children:
      - { code: "7.1", title: Cổng thông tin, max: 30, method: { kind: levels, levels: [ { value: day-du, label: Đầy đủ, points: 30 }, { value: mot-phan, label: Một phần, points: 15 } ] } }
`;

const em = () => server.platform.orm.em.fork() as unknown as EntityManager;
const CARD = `query($r: ID!) { scorecard(roundId: $r) { id status version selfAssessmentDeadline { closesOn closed extended }
  entries { code value version variables { name value } } result { total max index band areas { area points } criteria { code points reason missingEvidence } } } }`;
const SAVE = `mutation($i: SaveSelfAssessmentEntryInput!) { saveSelfAssessmentEntry(input: $i) { code version value } }`;
const save = (token: string, code: string, expectedVersion: number, extra: Record<string, unknown> = {}) =>
  server.gql(SAVE, { i: { scorecardId: cardId, code, expectedVersion, ...extra } }, token);
const entriesCount = async () => (await sql<{ n: number }>(server.db.url, 'select count(*)::int as n from scorecard_entry'))[0]!.n;

beforeAll(async () => {
  server = await startTestServer({ evidenceMaxBytes: 64 * 1024 });
  await loadDemoData(em(), createLogger('silent'), server.platform.services);
  admin = await seedAccount(server, { province: 'khanh-hoa', username: 'sa.admin', role: Role.ADMIN });
  nhaTrang = await seedAccount(server, { province: 'khanh-hoa', username: 'sa.nhatrang', role: Role.UNIT, unitCode: 'phuong-nha-trang' });
  camRanh = await seedAccount(server, { province: 'khanh-hoa', username: 'sa.camranh', role: Role.UNIT, unitCode: 'phuong-cam-ranh' });
  const imported = await server.gql('mutation($c: String!) { importCriteriaSet(input: { content: $c }) { ref } }', { c: SET }, admin.token);
  expect(imported.errors).toBeUndefined();
  const round = await server.gql(
    `mutation { createRound(input: { year: 2027, title: "Đánh giá 2027", referenceDate: "2027-12-31", preset: "khanh-hoa",
       groups: [{ groupCode: "cap-xa", criteriaSet: "set:xa-2027" }] }) { id phases { phase closesOn } } }`,
    {},
    admin.token,
  );
  expect(round.errors).toBeUndefined();
  roundId = round.data!.createRound.id;
  // Indicator for 3.1 (lower is better): 2.5 % late dossiers in 2027.
  const unit = await em().findOneOrFail(Unit, { code: 'phuong-nha-trang', province: { code: 'khanh-hoa' } });
  await sql(
    server.db.url,
    `insert into indicator_value (id, created_at, province_id, unit_id, code, period, period_start, period_end, value, source, observed_at, idempotency_key)
     values (gen_random_uuid(), now(), $1, $2, 'LATE_DOSSIER_RATE', '2027', '2027-01-01', '2027-12-31', 2.5, 'Hệ thống một cửa (thử nghiệm)', now(), 'test-late-2027')`,
    [unit.province.id, unit.id],
  );
  const card = await server.gql(CARD, { r: roundId }, nhaTrang.token);
  cardId = card.data!.scorecard.id;
});
afterAll(async () => {
  await server?.stop();
});

describe('opening a round', () => {
  it('creates one scorecard per assessed unit and the phase deadlines from the preset and the working-day calendar', async () => {
    const cards = await server.gql('query($r: ID!) { scorecards(roundId: $r, first: 100) { totalCount } }', { r: roundId }, admin.token);
    expect(cards.data!.scorecards.totalCount).toBe(5); // the five communes of the demo valid on 31/12/2027
    const r = await server.gql('query($id: ID!) { node(id: $id) { ... on AssessmentRound { phases { phase closesOn } } } }', { id: roundId }, admin.token);
    const phases = r.data!.node.phases;
    // National defaults: self-assessment closes 15/1/2028 (Sat? 15/1/2028 is a Saturday — a fixed date is kept as set);
    // appraisal 1 ten working days after; the calendar beyond 2026 is weekends only.
    expect(phases[0]).toEqual({ phase: 'SELF_ASSESSMENT', closesOn: '2028-01-15' });
    // 10 working days after Sat 15/1/2028: Mon 17 … Fri 21 (5), Mon 24 … Fri 28 (10) → 28/1/2028
    expect(phases[1]).toEqual({ phase: 'APPRAISAL_1', closesOn: '2028-01-28' });
    expect(phases.map((p: { phase: string }) => p.phase)).toEqual(['SELF_ASSESSMENT', 'APPRAISAL_1', 'EXPLANATION', 'APPRAISAL_2', 'COUNCIL', 'PUBLICATION']);
  });
});

describe('self-assessment of a demo unit (UBND phường Nha Trang)', () => {
  it('refuses values out of bounds, naming the criterion, and writes nothing', async () => {
    const before = await entriesCount();
    const level = await save(nhaTrang.token, '2.1', 0, { value: 'xuat-sac' });
    expect(level.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', criterion: '2.1' });
    expect(level.errors?.[0]?.message).toMatch(/Tiêu chí 2\.1: mức "xuat-sac" không có/);
    const ratio = await save(nhaTrang.token, '1.2', 0, { variables: [{ name: 'done', value: '9' }, { name: 'planned', value: '8' }] });
    expect(ratio.errors?.[0]?.message).toMatch(/done \(9\) không được lớn hơn planned \(8\)/);
    const count = await save(nhaTrang.token, '4.1', 0, { variables: [{ name: 'violations', value: '1.5' }] });
    expect(count.errors?.[0]?.message).toMatch(/violations phải là số nguyên không âm/);
    const unknown = await save(nhaTrang.token, '9.9', 0, { value: 'yes' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await entriesCount()).toBe(before);
  });

  it('another unit cannot read or write this scorecard', async () => {
    const before = await entriesCount();
    const w = await save(camRanh.token, '1.1', 0, { value: 'yes' });
    expect(w.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const r = await server.gql('query($r: ID!, $u: ID!) { scorecard(roundId: $r, unitId: $u) { id } }', { r: roundId, u: (await server.gql(CARD, { r: roundId }, nhaTrang.token)).data!.scorecard ? toGlobalId('Unit', (await em().findOneOrFail(Unit, { code: 'phuong-nha-trang' })).id) : '' }, camRanh.token);
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const n = await server.gql('query($id: ID!) { node(id: $id) { id } }', { id: cardId }, camRanh.token);
    expect(n.data).toEqual({ node: null });
    expect(await entriesCount()).toBe(before);
  });

  it('saves drafts entry by entry with optimistic locking: a stale version is refused naming the criterion, nothing lost', async () => {
    expect((await save(nhaTrang.token, '1.1', 0, { value: 'yes' })).data!.saveSelfAssessmentEntry).toEqual({ code: '1.1', version: 1, value: 'yes' });
    expect((await save(nhaTrang.token, '1.1', 1, { value: 'no' })).data!.saveSelfAssessmentEntry.version).toBe(2);
    const stale = await save(nhaTrang.token, '1.1', 1, { value: 'yes' });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'STALE_VERSION', criterion: '1.1', currentVersion: 2 });
    expect(stale.errors?.[0]?.message).toMatch(/Tiêu chí 1\.1 đã được người khác sửa/);
    const stored = await sql<{ value: string; version: number }>(server.db.url, `select value, version from scorecard_entry where code = '1.1'`);
    expect(stored).toEqual([{ value: 'no', version: 2 }]);
    expect((await save(nhaTrang.token, '1.1', 2, { value: 'yes' })).data!.saveSelfAssessmentEntry.version).toBe(3);
  });

  it('refuses submission listing every criterion not scored, or scored without evidence or explanation; nothing changes', async () => {
    await save(nhaTrang.token, '1.2', 0, { variables: [{ name: 'done', value: '7' }, { name: 'planned', value: '8' }] });
    await save(nhaTrang.token, '2.1', 0, { value: 'kha' });
    const card = (await server.gql(CARD, { r: roundId }, nhaTrang.token)).data!.scorecard;
    const r = await server.gql('mutation($i: SubmitSelfAssessmentInput!) { submitSelfAssessment(input: $i) { status } }', { i: { scorecardId: cardId, expectedVersion: card.version } }, nhaTrang.token);
    expect(r.data).toBeNull();
    const problems = r.errors?.[0]?.extensions?.problems as { criterion: string; problem: string }[];
    expect(problems.map((p) => `${p.criterion}:${p.problem}`)).toEqual([
      '1.1:EVIDENCE_MISSING', // yes (4 points) without the required plan
      '2.1:EVIDENCE_MISSING', // Khá (7 points) without evidence
      '4.1:NOT_ENTERED',
      '5.1:NOT_ENTERED',
      '6.1:NOT_ENTERED',
      '7.1:NOT_ENTERED',
    ]); // 3.1 comes from the indicator; 1.2 requires no evidence
    const after = (await server.gql(CARD, { r: roundId }, nhaTrang.token)).data!.scorecard;
    expect([after.status, after.version]).toEqual(['DRAFT', card.version]);
  });

  it('submits when complete; stored points equal the hand-computed ones; then the card is read-only', async () => {
    // evidence for 1.1 (an official document), an explanation for 2.1
    const ev = await server.gql(
      `mutation($i: AddEvidenceInput!) { addEvidence(input: $i) { id title criteria } }`,
      { i: { scorecardId: cardId, code: '1.1', title: 'Kế hoạch CCHC năm 2027', documentNumber: '12/KH-UBND', issuedOn: '2027-01-10', issuer: 'UBND phường Nha Trang', effectiveOn: '2027-01-10', section: 'Mục II' } },
      nhaTrang.token,
    );
    expect(ev.errors).toBeUndefined();
    expect(ev.data!.addEvidence.criteria).toEqual(['1.1']);
    const wrongYear = await server.gql(
      `mutation($i: AddEvidenceInput!) { addEvidence(input: $i) { id } }`,
      { i: { scorecardId: cardId, code: '1.1', title: 'Kế hoạch cũ', documentNumber: '5/KH-UBND', effectiveOn: '2026-03-01' } },
      nhaTrang.token,
    );
    expect(wrongYear.errors?.[0]?.message).toMatch(/không thuộc năm đánh giá 2027/);
    const v21 = (await server.gql(CARD, { r: roundId }, nhaTrang.token)).data!.scorecard.entries.find((e: { code: string }) => e.code === '2.1').version;
    await save(nhaTrang.token, '2.1', v21, { value: 'kha', explanation: 'Báo cáo rà soát đang chờ ký, sẽ bổ sung khi giải trình.' });
    await save(nhaTrang.token, '4.1', 0, { variables: [{ name: 'violations', value: '1' }] });
    await save(nhaTrang.token, '5.1', 0, { variables: [{ name: 'late', value: '2' }] });
    await save(nhaTrang.token, '6.1', 0, { notApplicable: true });
    await save(nhaTrang.token, '7.1', 0, { value: 'mot-phan' });
    const card = (await server.gql(CARD, { r: roundId }, nhaTrang.token)).data!.scorecard;
    const r = await server.gql('mutation($i: SubmitSelfAssessmentInput!) { submitSelfAssessment(input: $i) { status version } }', { i: { scorecardId: cardId, expectedVersion: card.version } }, nhaTrang.token);
    expect(r.errors).toBeUndefined();
    expect(r.data!.submitSelfAssessment.status).toBe('SUBMITTED');

    const res = (await server.gql(CARD, { r: roundId }, nhaTrang.token)).data!.scorecard.result;
    const areas = Object.fromEntries(res.areas.map((a: { area: string; points: string }) => [a.area, a.points]));
    expect(areas).toEqual({
      LEADERSHIP: '8.5', // 1.1 yes = 4; 1.2: 7/8 = 87.5 % → (87.5 − 50)/(100 − 50) = 0.75 × 6 = 4.5
      INSTITUTIONS: '7', // Khá
      PROCEDURES: '12', // indicator 2.5 %: not ≤ 1, < 5 → 12
      ORGANIZATION: '7.5', // 10 − 1 × 2.5
      CIVIL_SERVICE: '6', // 10 − 2 × 2
      PUBLIC_FINANCE: '0', // not applicable, excluded (its 10 leave the maximum)
      DIGITAL_GOVERNMENT: '15', // Một phần
    });
    // 8.5 + 7 + 12 + 7.5 + 6 + 0 + 15 = 56 of 100 − 10 = 90 → 56 / 90 = 62.222… → 62.22 %; Khánh Hòa: Trung bình from 50
    expect([res.total, res.max, res.index, res.band]).toEqual(['56', '90', '62.22', 'AVERAGE']);
    // Materialized: the stored rows say the same without recomputing.
    const stored = await sql(server.db.url, `select total::text, max::text, index::text from scorecard_result where stage = 'SELF' and scorecard_id = (select id from scorecard where status = 'SUBMITTED')`);
    expect(stored).toEqual([{ total: '56.0000', max: '90.0000', index: '62.22' }]);

    const after = await save(nhaTrang.token, '7.1', 1, { value: 'day-du' });
    expect(after.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    expect(after.errors?.[0]?.message).toMatch(/đã nộp/);
  });
});

describe('deadlines', () => {
  it('after the self-assessment deadline writes are refused with the deadline in the message; an extension for one unit reopens it for that unit only', async () => {
    await server.gql(
      'mutation($i: SetPhaseDeadlineInput!) { setPhaseDeadline(input: $i) { id } }',
      { i: { roundId, phase: 'SELF_ASSESSMENT', closesOn: '2026-11-01' } },
      admin.token,
    );
    const camCard = (await server.gql(CARD, { r: roundId }, camRanh.token)).data!.scorecard;
    expect(camCard.selfAssessmentDeadline).toEqual({ closesOn: '2026-11-01', closed: true, extended: false });
    const before = await entriesCount();
    const w = await server.gql(SAVE, { i: { scorecardId: camCard.id, code: '1.1', expectedVersion: 0, value: 'yes' } }, camRanh.token);
    expect(w.errors?.[0]?.extensions).toMatchObject({ code: 'PHASE_CLOSED', deadline: '2026-11-01' });
    expect(w.errors?.[0]?.message).toMatch(/đã kết thúc lúc 23:59:59 ngày 1\/11\/2026/);
    expect(await entriesCount()).toBe(before);

    const camUnit = toGlobalId('Unit', (await em().findOneOrFail(Unit, { code: 'phuong-cam-ranh' })).id);
    const ext = await server.gql(
      'mutation($i: ExtendDeadlineInput!) { extendDeadline(input: $i) { closesOn extended closed } }',
      { i: { roundId, unitId: camUnit, phase: 'SELF_ASSESSMENT', closesOn: '2027-12-31', reason: 'Đơn vị bị ảnh hưởng bởi bão số 13' } },
      admin.token,
    );
    expect(ext.data!.extendDeadline).toEqual({ closesOn: '2027-12-31', extended: true, closed: false });
    const ok = await server.gql(SAVE, { i: { scorecardId: camCard.id, code: '1.1', expectedVersion: 0, value: 'yes' } }, camRanh.token);
    expect(ok.errors).toBeUndefined();
    const recorded = await sql(server.db.url, `select reason, closes_on::text from phase_extension`);
    expect(recorded).toEqual([{ reason: 'Đơn vị bị ảnh hưởng bởi bão số 13', closes_on: '2027-12-31' }]);
  });
});

describe('evidence files through the platform', () => {
  const upload = (body: Uint8Array | string, name: string, token: string | null = camRanh.token, type = 'application/pdf') =>
    fetch(`${server.url}/evidence/upload`, {
      method: 'POST',
      headers: { 'content-type': type, 'x-file-name': encodeURIComponent(name), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

  it('refuses an .exe renamed .pdf, an empty file, an oversized file and anonymous uploads; nothing is recorded', async () => {
    const files = async () => (await sql<{ n: number }>(server.db.url, 'select count(*)::int as n from evidence_file'))[0]!.n;
    const before = await files();
    const exe = await upload(Buffer.concat([Buffer.from('MZ\x90\x00\x03'), Buffer.alloc(200)]), 'bao-cao.pdf');
    expect(exe.status).toBe(415);
    expect(((await exe.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNSUPPORTED_FILE_TYPE');
    expect((await upload(Buffer.alloc(0), 'rong.pdf')).status).toBe(400);
    expect((await upload(Buffer.concat([pdf, Buffer.alloc(100 * 1024)]), 'lon.pdf')).status).toBe(413); // limit 64 KB in this server
    expect((await upload(pdf, 'a.pdf', null)).status).toBe(401);
    expect((await upload(pdf, 'a.pdf', admin.token)).status).toBe(401); // only units upload their own evidence
    expect(await files()).toBe(before);
  });

  it('a PDF is stored by SHA-256, attached as evidence, and downloaded through a short-lived signed link by its unit only', async () => {
    const res = await upload(pdf, 'Kế hoạch CCHC 2027.pdf');
    expect(res.status).toBe(201);
    const file = (await res.json()) as { id: string; sha256: string; mediaType: string };
    expect(file.mediaType).toBe('application/pdf');
    const camCard = (await server.gql(CARD, { r: roundId }, camRanh.token)).data!.scorecard;
    const ev = await server.gql(
      `mutation($i: AddEvidenceInput!) { addEvidence(input: $i) { id file { fileName sha256 downloadUrl } } }`,
      { i: { scorecardId: camCard.id, code: '1.1', title: 'Kế hoạch CCHC năm 2027', effectiveOn: '2027-01-05', fileId: file.id } },
      camRanh.token,
    );
    expect(ev.errors).toBeUndefined();
    const f = ev.data!.addEvidence.file;
    expect(f.sha256).toBe(file.sha256);
    const dl = await fetch(`${server.url}${f.downloadUrl}`);
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer()).equals(pdf)).toBe(true);
    const tampered = await fetch(`${server.url}${f.downloadUrl.replace(/sig=[0-9a-f]/, (m: string) => (m.endsWith('0') ? 'sig=1' : 'sig=0'))}`);
    expect(tampered.status).toBe(403);
    // Another unit cannot reach the evidence or its file.
    const other = await server.gql('query($id: ID!) { node(id: $id) { id } }', { id: ev.data!.addEvidence.id }, nhaTrang.token);
    expect(other.data).toEqual({ node: null });
    // Someone else's upload cannot be attached.
    const steal = await server.gql(
      `mutation($i: AddEvidenceInput!) { addEvidence(input: $i) { id } }`,
      { i: { scorecardId: cardId, code: '1.1', title: 'x', effectiveOn: '2027-01-05', fileId: file.id } },
      nhaTrang.token,
    );
    expect(steal.errors?.[0]?.extensions?.code).toMatch(/NOT_FOUND|INVALID_STATE/);
  });
});

describe('the audit trail', () => {
  const check = async () => (await server.gql('{ auditCheck { ok firstBrokenSeq problem message } }', {}, admin.token)).data!.auditCheck;
  const province = async () => (await sql<{ id: string }>(server.db.url, `select id from province where code = 'khanh-hoa'`))[0]!.id;

  it('records every change in the same transaction and checks out', async () => {
    const actions = await sql<{ action: string }>(server.db.url, `select action from audit_event order by seq`);
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['round.opened', 'scorecard.entry.saved', 'evidence.linked', 'scorecard.submitted', 'deadline.set', 'deadline.extended']),
    );
    expect(await check()).toEqual({ ok: true, firstBrokenSeq: null, problem: null, message: null });
  });

  it('detects an edited row', async () => {
    const p = await province();
    // The row of Nha Trang's second save of 1.1 (value "no"), wherever the demo data put it in the chain:
    // someone rewrites history to "yes".
    const [row] = await sql<{ seq: string }>(
      server.db.url,
      `select a.seq from audit_event a join scorecard s on s.id::text = a.payload->>'scorecard' join unit u on u.id = s.unit_id
        where a.province_id = $1 and u.code = 'phuong-nha-trang' and a.action = 'scorecard.entry.saved'
          and a.payload->>'code' = '1.1' and a.payload->>'value' = 'no' order by a.seq limit 1`,
      [p],
    );
    const seq = Number(row!.seq);
    await sql(server.db.url, `update audit_event set payload = jsonb_set(payload, '{value}', '"yes"') where province_id = $1 and seq = $2`, [p, seq]);
    expect(await check()).toMatchObject({ ok: false, firstBrokenSeq: seq, problem: 'row-edited' });
    await sql(server.db.url, `update audit_event set payload = jsonb_set(payload, '{value}', '"no"') where province_id = $1 and seq = $2`, [p, seq]);
    expect((await check()).ok).toBe(true); // restoring the exact original makes the row hash again
  });

  it('detects rows deleted at the end', async () => {
    const p = await province();
    const saved = await sql(server.db.url, `select * from audit_event where province_id = $1 order by seq desc limit 2`, [p]);
    await sql(server.db.url, `delete from audit_event where province_id = $1 and seq > (select max(seq) - 2 from audit_event where province_id = $1)`, [p]);
    expect(await check()).toMatchObject({ ok: false, problem: 'rows-missing-at-end' });
    for (const r of saved)
      await sql(
        server.db.url,
        `insert into audit_event (id, created_at, province_id, seq, at, actor_id, action, entity_type, entity_id, payload, prev_hash, hash)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [r.id, r.created_at, r.province_id, r.seq, r.at, r.actor_id, r.action, r.entity_type, r.entity_id, JSON.stringify(r.payload), r.prev_hash, r.hash],
      );
    expect((await check()).ok).toBe(true);
  });

  it('detects a chain recomputed without the key (edited, re-hashed, head updated)', async () => {
    const p = await province();
    const rows = await sql<Record<string, any>>(server.db.url, `select province_id, seq, at, actor_id, action, entity_type, entity_id, payload, prev_hash, hash from audit_event where province_id = $1 order by seq`, [p]);
    // The attacker edits row 2 and recomputes every hash after it — everything but the signature.
    let prev = rows[0]!.hash as string;
    for (const r of rows.slice(1)) {
      if (r.seq === 2) r.payload = { ...r.payload, forged: true };
      r.prev_hash = prev;
      r.hash = rowHash(r as never);
      prev = r.hash;
      await sql(server.db.url, `update audit_event set payload = $1::jsonb, prev_hash = $2, hash = $3 where province_id = $4 and seq = $5`, [canonicalJson(r.payload), r.prev_hash, r.hash, p, r.seq]);
    }
    await sql(server.db.url, `update audit_head set hash = $1 where province_id = $2`, [prev, p]);
    expect(await check()).toMatchObject({ ok: false, problem: 'head-signature-invalid' });
  });
});
