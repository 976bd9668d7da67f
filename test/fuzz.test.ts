/**
 * Property-based fuzzing of the GraphQL API (fast-check): operations generated from the schema —
 * a root field, arguments from their types (mostly real ids of the world, plus junk, ids of the
 * wrong type and other provinces' ids), a selection set from the return type — sent over HTTP by
 * every role of Khánh Hòa and anonymously. Every answer must be a well-formed GraphQL answer with a
 * stable code: never an internal error, a stack trace or SQL text, and never a record of another
 * province (or, for a unit account, another unit's private records).
 *
 * Reproduce: FUZZ_SEED=<seed printed by the run> npx vitest run test/fuzz.test.ts
 * (FUZZ_OPS=<n> changes the number of operations; TEST_LOG_LEVEL=error shows the server's logs).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { accessRuleOf, AssessmentRound, InspectionTarget, Role, toGlobalId } from '@par/core';
import { buildPlatformSchema, createLogger, loadConfig, loadDemoData } from '@par/server';
import { seedAccount, sql, startTestServer, type SeededAccount, type TestServer } from '@par/testing';
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_120);
const OPS = Number(process.env.FUZZ_OPS ?? 10_000);
const CONCURRENCY = 8;
/** Nesting of a selection below the root field. */
const MAX_SELECTION_DEPTH = Number(process.env.FUZZ_DEPTH ?? 3);
const NOW = new Date('2026-11-20T03:00:00Z');

// ----- the world -----

type Caller = { name: string; role: Role | null; token: string | null; uuid: string | null };

let server: TestServer;
let schema: GraphQLSchema;
const em = () => server.platform.orm.em.fork() as unknown as EntityManager;
const callers: Caller[] = [];
/** Global ids of the records of each GraphQL type: of Khánh Hòa (A), of the other provinces (B), of the unit account's own unit. */
const pools = { A: new Map<string, string[]>(), B: new Map<string, string[]>(), own: new Map<string, string[]>() };
/** Ids (raw and global) that no caller of Khánh Hòa but the national reader may get back. */
const otherProvinceIds = new Set<string>();
/** Ids (raw and global) of other units' private records, which the unit account may not get back. */
const otherUnitIds = new Set<string>();
const domain = {
  criterionCodes: ['1.1.1'] as string[],
  unitCodes: ['so-tu-phap'] as string[],
  groupCodes: ['so-nganh'] as string[],
  templates: [] as string[],
};

/** GraphQL type → table, for the id pools and the scope checks. */
const TABLES: Record<string, string> = {
  ApiToken: 'api_token',
  AssessmentRound: 'assessment_round',
  CriteriaSet: 'criteria_set',
  Evidence: 'evidence',
  EvidenceFile: 'evidence_file',
  ExplanationRequest: 'explanation_request',
  IndicatorValue: 'indicator_value',
  InspectionFinding: 'inspection_finding',
  InspectionPlan: 'inspection_plan',
  InspectionTarget: 'inspection_target',
  LegalDocument: 'legal_document',
  Publication: 'publication',
  ReformPlan: 'reform_plan',
  ReformPlanTask: 'reform_plan_task',
  ReviewerAssignment: 'reviewer_assignment',
  Scorecard: 'scorecard',
  ScorecardEntry: 'scorecard_entry',
  Unit: 'unit',
  UnitGroup: 'unit_group',
  User: 'app_user',
  Webhook: 'webhook',
};
/** The tables whose rows are a province's (as in the authorization matrix). */
const PROVINCE_PRIVATE = ['Unit', 'UnitGroup', 'AssessmentRound', 'Scorecard', 'ScorecardEntry', 'Evidence', 'EvidenceFile', 'InspectionPlan', 'InspectionTarget', 'InspectionFinding', 'ReformPlan', 'ReformPlanTask', 'User', 'IndicatorValue', 'CriteriaSet', 'Publication', 'LegalDocument', 'ExplanationRequest', 'ReviewerAssignment', 'ApiToken', 'Webhook'];

async function buildWorld() {
  server = await startTestServer(
    {
      // Not simply rate limited: sessions and tokens unlimited, anonymous callers practically so. Depth, cost, aliases and tokens stay on.
      limits: { ...loadConfig({}).limits, rateLimitPerMinute: 0, anonymousRateLimitPerMinute: 1_000_000_000 },
    },
    { now: () => NOW },
  );
  schema = buildPlatformSchema();
  await loadDemoData(em(), createLogger('silent'), server.platform.services);
  const spec: [Role, string, string?][] = [
    [Role.ADMIN, 'fz.admin'],
    [Role.UNIT, 'fz.sotuphap', 'so-tu-phap'],
    [Role.REVIEWER, 'fz.thamdinh'],
    [Role.COUNCIL_MEMBER, 'fz.hoidong'],
    [Role.INSPECTOR, 'fz.kiemtra'],
    [Role.INTEGRATION, 'fz.tichhop'],
    [Role.NATIONAL_READER, 'fz.bonoivu'],
  ];
  const accounts = new Map<Role, SeededAccount>();
  for (const [role, username, unitCode] of spec) {
    const a = await seedAccount(server, { province: 'khanh-hoa', username, role, ...(unitCode ? { unitCode } : {}), ...(role === Role.REVIEWER ? { areas: ['INSTITUTIONS' as never] } : {}) });
    accounts.set(role, a);
    callers.push({ name: role, role, token: a.token, uuid: a.uuid });
  }
  callers.push({ name: 'ANONYMOUS', role: null, token: null, uuid: null });
  const admin = accounts.get(Role.ADMIN)!;

  // Khánh Hòa: the inspector joins the 2025 team, the reviewer is assigned the 2026 round's institutions, Sở Y tế attaches a file.
  const khPlan = (await server.gql('{ inspectionPlans(year: 2025) { id } }', {}, admin.token)).data!.inspectionPlans[0].id;
  await server.gql('mutation($p: ID!, $m: [TeamMemberInput!]!) { setInspectionTeam(planId: $p, members: $m) { role } }', { p: khPlan, m: [{ userId: accounts.get(Role.INSPECTOR)!.id, role: 'LEAD' }] }, admin.token);
  const khRound = toGlobalId('AssessmentRound', (await em().findOneOrFail(AssessmentRound, { province: { code: 'khanh-hoa' }, year: 2026 })).id);
  await server.gql('mutation($i: AssignReviewerInput!) { assignReviewer(input: $i) { id } }', { i: { roundId: khRound, userId: accounts.get(Role.REVIEWER)!.id, area: 'INSTITUTIONS' } }, admin.token);
  const yTe = await seedAccount(server, { province: 'khanh-hoa', username: 'fz.soyte', role: Role.UNIT, unitCode: 'so-y-te' });
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const up = await fetch(`${server.url}/evidence/upload`, { method: 'POST', headers: { 'content-type': 'application/pdf', 'x-file-name': 'bao-cao.pdf', authorization: `Bearer ${yTe.token}` }, body: pdf });
  const file = (await up.json()) as { id: string };
  const yTeCard = (await server.gql('query($r: ID!) { scorecard(roundId: $r) { id } }', { r: khRound }, yTe.token)).data!.scorecard.id;
  await server.gql('mutation($i: AddEvidenceInput!) { addEvidence(input: $i) { id } }', { i: { scorecardId: yTeCard, code: '1.1.1', title: 'Kế hoạch CCHC 2026 (thử nghiệm)', effectiveOn: '2026-01-05', fileId: file.id } }, yTe.token);
  // Things for the fuzzer to revoke and pause that are not its callers'.
  const spare = await seedAccount(server, { province: 'khanh-hoa', username: 'fz.spare.tichhop', role: Role.INTEGRATION });
  await server.gql('mutation($u: ID!) { createApiToken(input: { userId: $u, name: "Dự phòng" }) { token } }', { u: spare.id }, admin.token);
  await server.gql('mutation { createWebhook(input: { url: "https://example.com/par", events: ["*"] }) { secret } }', {}, admin.token);
  for (const [q, v] of [['{ unitImportTemplate }', {}], ['{ criteriaImportTemplate }', {}], ['{ reformPlanTemplate(year: 2025) }', {}]] as const) {
    const r = await server.gql(q, v, admin.token);
    domain.templates.push(Object.values(r.data ?? {})[0] as string);
  }

  // Kon Tum: a team, a finding and a plan, so every kind of record exists there too.
  const kt = await seedAccount(server, { province: 'kon-tum', username: 'fz.kt.admin', role: Role.ADMIN });
  const ktInspector = await seedAccount(server, { province: 'kon-tum', username: 'fz.kt.kiemtra', role: Role.INSPECTOR });
  const ktPlan = (await server.gql('{ inspectionPlans(year: 2024) { id } }', {}, kt.token)).data!.inspectionPlans[0].id;
  await server.gql('mutation($p: ID!, $m: [TeamMemberInput!]!) { setInspectionTeam(planId: $p, members: $m) { role } }', { p: ktPlan, m: [{ userId: ktInspector.id, role: 'LEAD' }] }, kt.token);
  const ktTarget = (await em().findOneOrFail(InspectionTarget, { unit: { province: { code: 'kon-tum' }, code: 'so-tu-phap' } })).id;
  await server.gql('mutation($i: RecordFindingInput!) { recordInspectionFinding(input: $i) { id } }', { i: { targetId: toGlobalId('InspectionTarget', ktTarget), area: 'PROCEDURES', kind: 'SHORTCOMING', description: 'Thử nghiệm', recommendation: 'Khắc phục', documents: [{ title: 'Biên bản', documentNumber: 'BB-1', effectiveOn: '2024-09-05' }] } }, ktInspector.token);
  await server.gql('mutation { createReformPlan(input: { year: 2024, title: "Kế hoạch CCHC năm 2024 (thử nghiệm)" }) { id } }', {}, kt.token);

  // Id pools and the ids that must not come back.
  const provinces = await sql<{ id: string; code: string }>(server.db.url, 'select id, code from province');
  const kh = provinces.find((p) => p.code === 'khanh-hoa')!.id;
  const own = (await sql<{ id: string }>(server.db.url, `select id from unit where province_id = $1 and code = 'so-tu-phap'`, [kh]))[0]!.id;
  const callerIds = new Set(callers.map((c) => c.uuid));
  const integrationToken = (await sql<{ id: string }>(server.db.url, `select t.id from api_token t join app_user u on u.id = t.user_id where u.username = 'fz.tichhop'`)).map((r) => r.id);
  for (const [type, table] of Object.entries(TABLES)) {
    const rows = await sql<{ id: string; province_id: string | null }>(server.db.url, `select id, province_id from "${table}" order by id`);
    for (const r of rows) {
      if (type === 'User' && callerIds.has(r.id)) continue; // never reset the fuzzer's own accounts
      if (type === 'ApiToken' && integrationToken.includes(r.id)) continue; // nor revoke its token
      const pool = r.province_id === kh || r.province_id === null ? pools.A : pools.B;
      (pool.get(type) ?? pool.set(type, []).get(type)!).push(toGlobalId(type, r.id));
      if (pool === pools.B && PROVINCE_PRIVATE.includes(type)) otherProvinceIds.add(r.id).add(toGlobalId(type, r.id));
    }
  }
  const ownRows = await sql<{ id: string; type: string }>(
    server.db.url,
    `select id, 'Unit' as type from unit where id = $1
     union all select id, 'Scorecard' from scorecard where unit_id = $1
     union all select e.id, 'ScorecardEntry' from scorecard_entry e join scorecard s on s.id = e.scorecard_id where s.unit_id = $1
     union all select id, 'Evidence' from evidence where unit_id = $1
     union all select id, 'ReformPlanTask' from reform_plan_task where lead_id = $1
     union all select id, 'InspectionTarget' from inspection_target where unit_id = $1
     union all select id, 'InspectionFinding' from inspection_finding where unit_id = $1`,
    [own],
  );
  for (const r of ownRows) (pools.own.get(r.type) ?? pools.own.set(r.type, []).get(r.type)!).push(toGlobalId(r.type, r.id));
  const privateRows = await sql<{ id: string; type: string }>(
    server.db.url,
    `select s.id, 'Scorecard' as type from scorecard s where s.province_id = $1 and s.unit_id <> $2
     union all select t.id, 'InspectionTarget' from inspection_target t where t.province_id = $1 and t.unit_id <> $2
     union all select f.id, 'InspectionFinding' from inspection_finding f where f.province_id = $1 and f.unit_id <> $2
     union all select e.id, 'ScorecardEntry' from scorecard_entry e join scorecard s on s.id = e.scorecard_id where s.province_id = $1 and s.unit_id <> $2
     union all select l.evidence_id, 'Evidence' from evidence_link l join scorecard s on s.id = l.scorecard_id where s.province_id = $1 and s.unit_id <> $2
     union all select fe.evidence_id, 'Evidence' from inspection_finding_evidence fe join inspection_finding f on f.id = fe.finding_id where f.province_id = $1 and f.unit_id <> $2`,
    [kh, own],
  );
  for (const r of privateRows) otherUnitIds.add(r.id).add(toGlobalId(r.type, r.id));

  domain.criterionCodes = (await sql<{ code: string }>(server.db.url, `select distinct code from criterion_snapshot order by code limit 80`)).map((r) => r.code);
  domain.unitCodes = (await sql<{ code: string }>(server.db.url, `select distinct code from unit order by code`)).map((r) => r.code);
  domain.groupCodes = (await sql<{ code: string }>(server.db.url, `select distinct code from unit_group order by code`)).map((r) => r.code);
}

// ----- values -----

const JUNK = [
  '',
  ' ',
  '\n\t',
  'Sở Tư pháp tỉnh Khánh Hòa',
  'ĐÀ NẴNG KHÁNH HÒA',
  'Ủy ban nhân dân phường Nha Trang — “thử nghiệm”',
  'Hòa', // decomposed
  'a'.repeat(5000),
  'Đ'.repeat(2000),
  "'; drop table unit; --",
  "1' or '1'='1",
  '%',
  '_',
  '\\',
  '$1',
  'null',
  'NULL',
  'nul\u0000byte',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '😀👍🏽',
  '\ud800',
  '\u202eRTL',
  'zero\u200bwidth',
  'İß',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '%s%n%x',
  '{{7*7}}',
  '${7*7}',
  '../../etc/passwd',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '0x10',
  '99999999999999999999999999999999',
  '-1',
  '1.5',
];
const junkString = fc.oneof(
  { arbitrary: fc.constantFrom(...JUNK), weight: 5 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 },
);
const vietnamese = fc.constantFrom('Thử nghiệm', 'Kế hoạch cải cách hành chính năm 2026', 'Báo cáo kết quả thực hiện', 'Đơn vị bị ảnh hưởng bởi bão số 13', 'Khắc phục tồn tại', 'Ghi chú của Sở Nội vụ', 'Biên bản kiểm tra');
const intBoundary = fc.constantFrom(0, -1, 1, 2_147_483_647, -2_147_483_648, 2_147_483_648, 100, 101, 50);
const decimal = fc.oneof(
  { arbitrary: fc.constantFrom('0', '1', '1.5', '2', '10', '100', '0.25', '6', '400'), weight: 6 },
  { arbitrary: fc.constantFrom('-1', '1e5', '99999999999999999999.99999', 'abc', '', '1,5', 'NaN', 'Infinity'), weight: 2 },
  { arbitrary: fc.double({ noNaN: true, min: -1e6, max: 1e6 }), weight: 1 },
);
const localDate = fc.oneof(
  { arbitrary: fc.constantFrom('2026-06-01', '2026-01-05', '2026-12-31', '2027-01-15', '2025-07-01', '2024-09-05', '2026-11-20'), weight: 6 },
  { arbitrary: fc.date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), weight: 2 },
  { arbitrary: fc.constantFrom('2026-02-30', '0000-01-01', '9999-12-31', '2026-1-1', '01/06/2026', 'hôm nay', ''), weight: 1 },
);
const dateTime = fc.oneof(
  { arbitrary: fc.constantFrom('2026-11-19T17:00:00Z', '2026-06-01T00:00:00.000Z', '2027-12-31T00:00:00Z'), weight: 4 },
  { arbitrary: fc.constantFrom('2026-13-01T00:00:00Z', 'yesterday', '1', ''), weight: 1 },
);
const fresh = (prefix: string) => fc.nat({ max: 1_000_000 }).map((n) => `${prefix}${n}`);
const YAML_SET = (code: string) => `code: ${code}
title: Bộ tiêu chí thử nghiệm
areas:
  LEADERSHIP: { code: "1", title: Chỉ đạo, max: 10, children: [ { code: "1.1", title: Kế hoạch, max: 10, method: { kind: yesNo } } ] }
  INSTITUTIONS: { code: "2", title: Thể chế, max: 10, children: [ { code: "2.1", title: Rà soát, max: 10, method: { kind: yesNo } } ] }
  PROCEDURES: { code: "3", title: TTHC, max: 10, children: [ { code: "3.1", title: Một cửa, max: 10, method: { kind: yesNo } } ] }
  ORGANIZATION: { code: "4", title: Bộ máy, max: 10, children: [ { code: "4.1", title: Vi phạm, max: 10, method: { kind: yesNo } } ] }
  CIVIL_SERVICE: { code: "5", title: Công vụ, max: 10, children: [ { code: "5.1", title: Kỷ luật, max: 10, method: { kind: yesNo } } ] }
  PUBLIC_FINANCE: { code: "6", title: Tài chính, max: 10, children: [ { code: "6.1", title: Tự chủ, max: 10, method: { kind: yesNo } } ] }
  DIGITAL_GOVERNMENT: { code: "7", title: Chính quyền số, max: 10, children: [ { code: "7.1", title: Cổng, max: 10, method: { kind: yesNo } } ] }
`;

/** Domain-looking values for a string argument or input field, by its name (and its parent's). */
function domainString(name: string, parent: string): fc.Arbitrary<unknown> | null {
  const codes = () => fc.constantFrom(...domain.criterionCodes);
  switch (name) {
    case 'code':
      if (/Indicator|indicatorValues/.test(parent)) return fc.constantFrom('LATE_DOSSIER_RATE', 'ON_TIME_RATE', 'ONLINE_PAYMENT_RATE', 'DIGITISATION_RATE', 'ONLINE_DOSSIER_RATE', 'SATISFACTION', 'SERVICE_INDEX_766', 'PLAN_ON_TIME_RATE');
      if (/Unit/.test(parent)) return fc.oneof(fresh('fz-don-vi-'), fc.constantFrom(...domain.unitCodes), fc.constantFrom(...domain.groupCodes));
      return codes();
    case 'criterionCode':
      return codes();
    case 'unitCode':
      return fc.constantFrom(...domain.unitCodes);
    case 'group':
    case 'groupCode':
      return fc.constantFrom(...domain.groupCodes);
    case 'province':
      return fc.constantFrom('khanh-hoa', 'kon-tum', 'quang-ngai');
    case 'preset':
    case 'criteriaSet':
      return fc.constantFrom('national', 'khanh-hoa', 'kon-tum', 'set:fz-1', 'set:fz-1@1');
    case 'period':
      return fc.constantFrom('2026', '2026-Q3', '2026-09', '2025', '2024-Q4', '2026-Q5', '2026-13');
    case 'value':
      if (/Indicator/.test(parent)) return decimal.map(String);
      return fc.constantFrom('yes', 'no', 'tot', 'kha', 'day-du', 'mot-phan', '1', '0');
    case 'numerator':
    case 'denominator':
      return fc.constantFrom('0', '1', '6', '7', '400', '-1', '1.5');
    case 'name':
      if (/Variable/.test(parent)) return fc.constantFrom('done', 'planned', 'violations', 'late', 'x');
      return vietnamese;
    case 'username':
      return fresh('fz.moi.');
    case 'password':
    case 'currentPassword':
    case 'newPassword':
      return fc.constantFrom('mat-khau-thu-nghiem-1', 'ngan', 'mat-khau-moi-2026');
    case 'url':
      return fc.constantFrom('https://example.com/hook', 'http://127.0.0.1:1/hook', 'https://10.0.0.1/x', 'javascript:alert(1)', 'file:///etc/passwd', 'https://[::1]/');
    case 'events':
      return fc.constantFrom('*', 'scorecard.submitted', 'deadline.', 'plan.', 'khong-co');
    case 'step':
      return fc.constantFrom('NOTICE', 'REPORT', 'CONCLUSION', 'REMEDIATION');
    case 'content':
      return fc.oneof(fresh('fz-').map(YAML_SET), fc.constant('code: [unclosed'), fc.constant('a: &a [*a, *a]'));
    case 'fileBase64':
      return fc.oneof(fc.constantFrom(...domain.templates), fc.base64String({ maxLength: 200 }), fc.constant('không phải base64'));
    case 'format':
      return fc.constantFrom('yaml', 'xlsx', 'XLSX', 'pdf');
    case 'area':
      return fc.constantFrom('INSTITUTIONS', 'PROCEDURES', 'LEADERSHIP', 'IMPACT', 'khong-co');
    case 'source':
      return fc.constantFrom('Hệ thống một cửa điện tử tỉnh (thử nghiệm)', ' ');
    case 'idempotencyKey':
      return fresh('fz-khoa-');
    case 'after':
      return fc.constantFrom('YWJj', 'eyJ4IjoxfQ', '');
    default:
      return /title|reason|message|note|answer|report|description|recommendation|comment|explanation|issuer|number|documentNumber|displayName|theme|topic|search|excerpt|section|visitNote/.test(name) ? vietnamese : null;
  }
}

/** The Node type an ID argument or input field refers to. */
function idType(name: string, parent: string): string | null {
  switch (name) {
    case 'roundId':
      return 'AssessmentRound';
    case 'unitId':
    case 'leadUnitId':
    case 'parentId':
    case 'predecessorIds':
    case 'successorIds':
      return 'Unit';
    case 'scorecardId':
      return 'Scorecard';
    case 'planId':
      return /nspection|Team|Target/.test(parent) ? 'InspectionPlan' : 'ReformPlan';
    case 'targetId':
      return 'InspectionTarget';
    case 'findingId':
      return 'InspectionFinding';
    case 'taskId':
      return 'ReformPlanTask';
    case 'userId':
      return 'User';
    case 'legalDocumentId':
      return 'LegalDocument';
    case 'requestId':
      return 'ExplanationRequest';
    case 'fileId':
      return 'EvidenceFile';
    case 'evidenceIds':
      return 'Evidence';
    case 'id':
      return parent === 'revokeApiToken' ? 'ApiToken' : parent === 'setWebhookActive' ? 'Webhook' : parent === 'UpdateUnitInput' ? 'Unit' : null;
    default:
      return null;
  }
}

const garbageId = fc.oneof(
  junkString,
  fc.uuid(),
  fc.uuid().map((u) => toGlobalId('Scorecard', u)),
  fc.constantFrom(toGlobalId('Scorecard', 'not-a-uuid'), toGlobalId('', '00000000-0000-4000-8000-000000000000'), Buffer.from('Unit').toString('base64url'), '=='),
);

function idArb(type: string | null, flavour: 'unit' | 'other'): fc.Arbitrary<string> {
  const all = [...pools.A.values(), ...pools.B.values()].flat();
  const anyOf = (ids: string[] | undefined) => (ids?.length ? fc.constantFrom(...ids) : fc.constantFrom(...all));
  if (!type) return fc.oneof({ arbitrary: anyOf([...pools.A.values()].flat()), weight: 6 }, { arbitrary: anyOf([...pools.B.values()].flat()), weight: 2 }, { arbitrary: garbageId, weight: 1 });
  return fc.oneof(
    { arbitrary: anyOf(pools.A.get(type)), weight: flavour === 'unit' ? 3 : 6 },
    { arbitrary: anyOf(flavour === 'unit' ? (pools.own.get(type) ?? pools.A.get(type)) : pools.A.get(type)), weight: flavour === 'unit' ? 4 : 0 },
    { arbitrary: anyOf(pools.B.get(type)), weight: 2 },
    { arbitrary: anyOf(all), weight: 1 }, // most often of the wrong type
    { arbitrary: fc.uuid().map((u) => toGlobalId(type, u)), weight: 1 }, // the right type, no such record
    { arbitrary: garbageId, weight: 1 },
  );
}

function scalarArb(type: GraphQLNamedType, name: string, parent: string, flavour: 'unit' | 'other'): fc.Arbitrary<unknown> {
  switch (type.name) {
    case 'ID':
      return idArb(idType(name, parent), flavour);
    case 'Int':
      if (/year/i.test(name)) return fc.oneof({ arbitrary: fc.constantFrom(2024, 2025, 2026, 2027), weight: 8 }, { arbitrary: intBoundary, weight: 2 });
      if (/version/i.test(name)) return fc.oneof({ arbitrary: fc.integer({ min: 0, max: 3 }), weight: 8 }, { arbitrary: intBoundary, weight: 1 });
      if (name === 'first') return fc.oneof({ arbitrary: fc.integer({ min: 1, max: 5 }), weight: 8 }, { arbitrary: intBoundary, weight: 2 });
      return fc.oneof({ arbitrary: fc.integer({ min: 0, max: 20 }), weight: 6 }, { arbitrary: intBoundary, weight: 2 });
    case 'Float':
      return fc.double({ noNaN: true });
    case 'Boolean':
      return fc.boolean();
    case 'LocalDate':
      return localDate;
    case 'DateTimeISO':
      return dateTime;
    case 'Decimal':
      return decimal;
    case 'JSONObject':
      return fc.object({ maxDepth: 2 });
    default: {
      const d = domainString(name, parent);
      return d ? fc.oneof({ arbitrary: d, weight: 7 }, { arbitrary: junkString, weight: 3 }) : fc.oneof(vietnamese, junkString);
    }
  }
}

const valueMemo = new Map<string, fc.Arbitrary<unknown>>();
/** A value for an input type; `undefined` in an input object means "left out". */
function inputArb(type: GraphQLInputType, name: string, parent: string, flavour: 'unit' | 'other', depth = 0): fc.Arbitrary<unknown> {
  const key = `${type.toString()}|${name}|${parent}|${flavour}|${depth}`;
  const hit = valueMemo.get(key);
  if (hit) return hit;
  let arb: fc.Arbitrary<unknown>;
  if (isNonNullType(type)) arb = inputArb(type.ofType, name, parent, flavour, depth);
  else if (isListType(type)) arb = fc.array(inputArb(type.ofType, name, parent, flavour, depth), { maxLength: 3 });
  else if (isEnumType(type)) arb = fc.constantFrom(...type.getValues().map((v) => v.name));
  else if (isInputObjectType(type)) {
    if (depth > 3) arb = fc.constant({});
    else {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const f of Object.values(type.getFields())) {
        const v = inputArb(f.type, f.name, type.name, flavour, depth + 1);
        model[f.name] = isNonNullType(f.type) && f.defaultValue === undefined ? v : fc.option(v, { freq: 2, nil: undefined });
      }
      arb = fc.record(model).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    }
  } else arb = scalarArb(type, name, parent, flavour);
  valueMemo.set(key, arb);
  return arb;
}

/** A GraphQL literal for a value of an input type (inline arguments). */
function literal(value: unknown, type: GraphQLInputType): string {
  if (value === null || value === undefined) return 'null';
  if (isNonNullType(type)) return literal(value, type.ofType);
  if (isListType(type)) return Array.isArray(value) ? `[${value.map((v) => literal(v, type.ofType)).join(', ')}]` : literal(value, type.ofType);
  if (isEnumType(type)) return typeof value === 'string' && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) ? value : JSON.stringify(value);
  if (isInputObjectType(type) && typeof value === 'object' && !Array.isArray(value)) {
    const fields = type.getFields();
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${fields[k] ? literal(v, fields[k]!.type) : JSON.stringify(v)}`)
      .join(', ')} }`;
  }
  if (typeof value === 'object') return `{ ${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${/^[_A-Za-z][_0-9A-Za-z]*$/.test(k) ? k : 'k'}: ${typeof v === 'object' ? 'null' : JSON.stringify(v)}`).join(', ')} }`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  return JSON.stringify(value);
}

// ----- selections -----

function argsLiteralArb(field: GraphQLField<unknown, unknown>, flavour: 'unit' | 'other'): fc.Arbitrary<string> {
  if (!field.args.length) return fc.constant('');
  const parts = field.args.map((a) => {
    const v = inputArb(a.type, a.name, field.name, flavour).map((x) => `${a.name}: ${literal(x, a.type)}`);
    return isNonNullType(a.type) && a.defaultValue === undefined ? v : fc.option(v, { freq: 4, nil: null });
  });
  return fc.tuple(...parts).map((ps) => {
    const given = ps.filter((p): p is string => p !== null);
    return given.length ? `(${given.join(', ')})` : '';
  });
}

const selMemo = new Map<string, fc.Arbitrary<string>>();
function selectionArb(type: GraphQLNamedType, depth: number, flavour: 'unit' | 'other'): fc.Arbitrary<string> {
  const key = `${type.name}@${depth}|${flavour}`;
  const hit = selMemo.get(key);
  if (hit) return hit;
  let arb: fc.Arbitrary<string>;
  if (isInterfaceType(type) || isUnionType(type)) {
    const possible = schema.getPossibleTypes(type);
    const fragments = possible.map((t) => (depth < MAX_SELECTION_DEPTH ? fc.option(selectionArb(t, depth + 1, flavour).map((s) => `... on ${t.name} ${s}`), { freq: 1 + Math.ceil(possible.length / 2), nil: null }) : fc.constant(null)));
    const base = isInterfaceType(type) && type.getFields().id ? '__typename id' : '__typename';
    arb = fc.tuple(...fragments).map((fs) => `{ ${[base, ...fs.filter(Boolean)].join(' ')} }`);
  } else {
    const fields = Object.values((type as GraphQLObjectType).getFields());
    const parts: fc.Arbitrary<string | null>[] = [];
    const expected = Math.min(depth === 1 ? 3 : 2, fields.length);
    for (const f of fields) {
      const named = getNamedType(f.type);
      let part: fc.Arbitrary<string>;
      if (isLeafType(named)) part = argsLiteralArb(f, flavour).map((a) => `${f.name}${a}`);
      else if (depth >= MAX_SELECTION_DEPTH) continue;
      else part = fc.tuple(argsLiteralArb(f, flavour), selectionArb(named, depth + 1, flavour)).map(([a, s]) => `${f.name}${a} ${s}`);
      parts.push(f.name === 'id' ? part : fc.oneof({ arbitrary: fc.constant(null), weight: Math.max(1, fields.length - expected) }, { arbitrary: part, weight: expected }));
    }
    arb = fc.tuple(...parts).map((ps) => {
      const sel = ps.filter((p): p is string => p !== null);
      return `{ ${sel.length ? sel.join(' ') : '__typename'} }`;
    });
  }
  selMemo.set(key, arb);
  return arb;
}

// ----- operations -----

interface Op {
  caller: Caller;
  field: string;
  query: string;
  variables: Record<string, unknown>;
  /** Set when the body is not a well-formed GraphQL request on purpose. */
  rawBody?: string;
  corruption: string;
}

/** Left out of the pool: they end the fuzzer's own sessions. `login` is sent anonymously with throw-away usernames. */
const EXCLUDED = new Set(['Mutation.logout', 'Mutation.changePassword']);
/** Fields that render files, recompute a whole group or verify the whole audit chain: sent, but less often. */
const HEAVY = new Set(['Query.ranking', 'Query.scorecardReport', 'Query.inspectionOutline', 'Query.reformPlanTemplate', 'Query.criteriaImportTemplate', 'Query.unitImportTemplate', 'Query.auditCheck', 'Mutation.importUnits', 'Mutation.importReformPlanTasks', 'Mutation.createRound', 'Mutation.publishResults', 'Mutation.decideCouncil', 'Mutation.login', 'Mutation.createUser', 'Mutation.resetUserPassword', 'Mutation.recordLineageEvent']);

function rootArb(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, caller: Caller): fc.Arbitrary<Op> {
  const flavour = caller.role === Role.UNIT ? 'unit' : 'other';
  const args = field.args.map((a: GraphQLArgument) => {
    const required = isNonNullType(a.type) && a.defaultValue === undefined;
    const value = field.name === 'login' && a.name === 'input'
      ? fc.record({ username: fc.oneof(fresh('fz.khach.'), junkString), password: fc.oneof(fc.constant('mat-khau-thu-nghiem-1'), junkString) })
      : inputArb(a.type, a.name, field.name, flavour);
    const entry = fc.record({ value, mode: fc.noBias(fc.integer({ min: 0, max: 99 })) });
    return required ? entry : fc.option(entry, { freq: 2, nil: null });
  });
  const named = getNamedType(field.type);
  const sel = isLeafType(named) ? fc.constant('') : selectionArb(named, 1, flavour);
  return fc.record({ args: fc.tuple(...args), sel, alias: fc.option(fc.constantFrom('a', 'ketQua', 'x_1'), { freq: 8, nil: null }) }).map(({ args: values, sel: selection, alias }) => {
    const defs: string[] = [];
    const given: string[] = [];
    const variables: Record<string, unknown> = {};
    field.args.forEach((a, i) => {
      const v = values[i];
      if (!v) return;
      if (v.mode < 15) given.push(`${a.name}: ${literal(v.value, a.type)}`); // inline literal
      else {
        defs.push(`$${a.name}: ${a.type.toString()}`);
        given.push(`${a.name}: $${a.name}`);
        variables[a.name] = v.value;
      }
    });
    const query = `${kind}${defs.length ? `(${defs.join(', ')})` : ''} { ${alias ? `${alias}: ` : ''}${field.name}${given.length ? `(${given.join(', ')})` : ''} ${selection} }`;
    return { caller, field: `${kind === 'query' ? 'Query' : 'Mutation'}.${field.name}`, query, variables, corruption: '' };
  });
}

/** A small share of operations is broken on purpose: syntax, variable types, input shapes, unknown fields, bodies. */
function corrupt(op: Op, roll: number, pick: number): Op {
  const vars = Object.keys(op.variables);
  if (roll < 2) {
    const cut = pick % Math.max(1, op.query.length);
    const broken = [op.query.slice(0, cut), `${op.query.slice(0, cut)}}{${op.query.slice(cut)}`, op.query.replace('{', '('), `${op.query} {`, 'query { { }', '"""'][pick % 6]!;
    return { ...op, query: broken, corruption: 'syntax' };
  }
  if (roll < 4 && /\$\w+: [^,)]+/.test(op.query))
    return { ...op, query: op.query.replace(/(\$\w+: )([^,)]+)/, (_m, p1: string, p2: string) => `${p1}${p2.startsWith('Int') ? 'String' : ['Int', 'Boolean', '[ID]', 'Float!'][pick % 4]}`), corruption: 'variable-declared-type' };
  if (roll < 6 && vars.length) {
    const name = vars[pick % vars.length]!;
    return { ...op, variables: { ...op.variables, [name]: [123, true, {}, [], 'x', 1.5, null, [[1]]][pick % 8] }, corruption: 'variable-value-type' };
  }
  if (roll < 8 && vars.some((v) => op.variables[v] && typeof op.variables[v] === 'object' && !Array.isArray(op.variables[v]))) {
    const name = vars.find((v) => op.variables[v] && typeof op.variables[v] === 'object' && !Array.isArray(op.variables[v]))!;
    const obj = { ...(op.variables[name] as Record<string, unknown>) };
    const keys = Object.keys(obj);
    if (pick % 2 && keys.length) delete obj[keys[pick % keys.length]!];
    else obj[['khongCo', '__proto__', 'provinceId'][pick % 3]!] = 'x';
    return { ...op, variables: { ...op.variables, [name]: obj }, corruption: 'input-shape' };
  }
  if (roll < 9) return { ...op, query: op.query.replace(/\{ (?!\{)/, '{ truongKhongCo '), corruption: 'unknown-field' };
  if (roll < 10) {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const bodies = [
      '{"query": ',
      'not json at all',
      JSON.stringify({ query: 12 }),
      JSON.stringify({ variables: {} }),
      JSON.stringify({ query: '{ health { status } }', variables: 'x' }),
      JSON.stringify([{ query: '{ __typename }' }]),
      `{"query": "query($v: [ID!]) { __typename }", "variables": {"v": ${deep}}}`,
      `{"query": "mutation($v: [IndicatorValueInput!]!) { recordIndicators(values: $v) { rescoredScorecards } }", "variables": {"v": [${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}]}}`,
    ];
    return { ...op, rawBody: bodies[pick % bodies.length], corruption: 'body' };
  }
  return op;
}

function operationsArb(): fc.Arbitrary<Op> {
  const roots = [
    ...Object.values(schema.getQueryType()!.getFields()).map((f) => ({ key: `Query.${f.name}`, kind: 'query' as const, f })),
    ...Object.values(schema.getMutationType()!.getFields()).map((f) => ({ key: `Mutation.${f.name}`, kind: 'mutation' as const, f })),
  ].filter((r) => !EXCLUDED.has(r.key));
  const allowed = (key: string, f: GraphQLField<unknown, unknown>, c: Caller) => {
    if (key === 'Mutation.login') return c.role === null;
    const rule = accessRuleOf(f.extensions);
    if (!rule) return false;
    if (rule.kind === 'public') return true;
    if (!c.role) return false;
    return rule.kind === 'authenticated' || (rule.kind === 'roles' && rule.roles.includes(c.role));
  };
  const perCaller = callers.map((c) => {
    const weighted = (rs: typeof roots) => rs.map((r) => ({ arbitrary: rootArb(r.kind, r.f, c), weight: HEAVY.has(r.key) ? 1 : 8 }));
    const yes = roots.filter((r) => allowed(r.key, r.f, c));
    const no = roots.filter((r) => !allowed(r.key, r.f, c) && r.key !== 'Mutation.login');
    return {
      arbitrary: fc.oneof({ arbitrary: fc.oneof(...weighted(yes)), weight: c.role ? 85 : 40 }, { arbitrary: fc.oneof(...weighted(no)), weight: c.role ? 15 : 60 }),
      weight: c.role ? 10 : 5,
    };
  });
  return fc.tuple(fc.oneof(...perCaller), fc.noBias(fc.integer({ min: 0, max: 99 })), fc.noBias(fc.nat())).map(([op, roll, pick]) => corrupt(op, roll, pick));
}

// ----- checks -----

const ALLOWED_STATUS = new Set([200, 400, 413, 429]);
/** Codes of answers refused before any resolver ran. */
const BEFORE_RESOLVERS = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY', 'TOO_MANY_ALIASES', 'RATE_LIMITED', 'OPERATION_NOT_TRUSTED', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);
/** What internals look like when they leak into a message. */
const LEAKY = [/\n\s+at /, /\bat [\w.<>]+ \(.*:\d+:\d+\)/, /node_modules/, /\.(?:js|ts):\d+/, /\bselect\b[\s\S]+\bfrom\b/i, /\binsert into\b/i, /\bviolates\b/i, /duplicate key/i, /syntax error at or near/i, /invalid input syntax/i, /\bSQLSTATE\b/i, /relation "\w+"/i, /TypeError|ReferenceError|RangeError|Cannot read propert/];
const UUID_G = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TOKEN_G = /[A-Za-z0-9_-]{40,}/g;
const idsIn = (text: string) => new Set([...(text.match(UUID_G) ?? []), ...(text.match(TOKEN_G) ?? [])]);
/** Ids the caller sent, with the uuids inside the global ids it sent: a message may repeat them. */
function echoable(text: string): Set<string> {
  const ids = idsIn(text);
  for (const token of [...ids]) for (const uuid of Buffer.from(token, 'base64url').toString('latin1').match(UUID_G) ?? []) ids.add(uuid);
  return ids;
}

interface Outcome {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] } | null;
  text: string;
}

function check(op: Op, o: Outcome): string[] {
  const problems: string[] = [];
  if (!ALLOWED_STATUS.has(o.status)) problems.push(`HTTP ${o.status}`);
  if (!o.body || typeof o.body !== 'object') return [...problems, 'body is not a JSON object'];
  const requestText = `${op.rawBody ?? op.query} ${JSON.stringify(op.variables)}`;
  for (const e of o.body.errors ?? []) {
    const code = e.extensions?.code;
    if (typeof code !== 'string') problems.push(`error without extensions.code: ${e.message}`);
    if (code === 'INTERNAL_SERVER_ERROR') problems.push('INTERNAL_SERVER_ERROR');
    if (JSON.stringify(e.extensions ?? {}).includes('stacktrace')) problems.push('stacktrace in extensions');
    for (const re of LEAKY) if (re.test(e.message) && !re.test(requestText)) problems.push(`message looks internal (${re}): ${e.message.slice(0, 300)}`);
    if (code === 'UNAUTHENTICATED' && op.caller.token) problems.push('the caller\'s credentials stopped working');
  }
  if (!op.rawBody && !o.body.data && !o.body.errors?.length) problems.push('neither data nor errors');
  // Scope: nothing of another province (but for the national reader), nothing private of another unit (unit account).
  {
    const echoed = echoable(requestText);
    for (const id of idsIn(o.text)) {
      if (echoed.has(id)) continue; // the caller's own input, repeated in a message
      if (otherProvinceIds.has(id) && op.caller.role !== Role.NATIONAL_READER) problems.push(`another province's record in the answer: ${id}`);
      if (otherUnitIds.has(id) && op.caller.role === Role.UNIT) problems.push(`another unit's private record in the answer: ${id}`);
    }
  }
  return problems;
}

/** Did the operation get past parsing, validation, variable coercion and the limits, into the resolvers? */
function reachedResolvers(op: Op, o: Outcome): boolean {
  if (!o.body || op.rawBody) return false;
  const data = o.body.data;
  if (data && Object.values(data).some((v) => v !== null)) return true;
  return (o.body.errors ?? []).some((e) => {
    const code = String(e.extensions?.code ?? '');
    if (BEFORE_RESOLVERS.has(code) || code === 'UNAUTHENTICATED') return false;
    // Variable coercion errors (Apollo: BAD_USER_INPUT) have no path; resolvers' errors have one.
    return Array.isArray(e.path) && e.path.length > 0;
  });
}

async function send(op: Op): Promise<Outcome> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(op.caller.token ? { authorization: `Bearer ${op.caller.token}` } : {}) },
    body: op.rawBody ?? JSON.stringify({ query: op.query, variables: op.variables }),
  });
  const text = await res.text();
  let body: Outcome['body'] = null;
  try {
    body = JSON.parse(text) as Outcome['body'];
  } catch {
    /* checked below */
  }
  return { status: res.status, body, text };
}

beforeAll(async () => {
  await buildWorld();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('fuzzing the GraphQL API with operations generated from the schema', () => {
  it(`${OPS} operations from every role and anonymous: no internal error, no stack trace or SQL, nothing out of scope`, async () => {
    console.log(`fuzz: seed ${SEED} (FUZZ_SEED=${SEED} reproduces), ${OPS} operations, ${CONCURRENCY} in flight`);
    const started = Date.now();
    const ops = fc.sample(operationsArb(), { seed: SEED, numRuns: OPS });
    const generatedIn = Date.now() - started;
    const byCode = new Map<string, number>();
    const byStatus = new Map<number, number>();
    const timeByField = new Map<string, [number, number]>();
    const byCaller = new Map<string, [number, number]>();
    const failures: { index: number; op: Op; outcome: Outcome; problems: string[] }[] = [];
    let reached = 0;
    let succeeded = 0;
    let corrupted = 0;
    let next = 0;
    const worker = async () => {
      while (next < ops.length) {
        const index = next++;
        const op = ops[index]!;
        let outcome: Outcome;
        const t0 = performance.now();
        try {
          outcome = await send(op);
        } catch (e) {
          outcome = { status: 0, body: null, text: String(e) };
        }
        const ft = timeByField.get(op.field) ?? [0, 0];
        timeByField.set(op.field, [ft[0] + 1, ft[1] + performance.now() - t0]);
        byStatus.set(outcome.status, (byStatus.get(outcome.status) ?? 0) + 1);
        const problems = check(op, outcome);
        if (problems.length) failures.push({ index, op, outcome, problems });
        const hit = reachedResolvers(op, outcome);
        if (hit) reached++;
        if (op.corruption) corrupted++;
        const data = outcome.body?.data;
        if (data && Object.values(data).some((v) => v !== null) && !outcome.body?.errors) succeeded++;
        const codes = outcome.body?.errors?.length ? [...new Set(outcome.body.errors.map((e) => String(e.extensions?.code ?? 'NO_CODE')))] : ['OK'];
        for (const c of codes) byCode.set(c, (byCode.get(c) ?? 0) + 1);
        const cc = byCaller.get(op.caller.name) ?? [0, 0];
        byCaller.set(op.caller.name, [cc[0] + 1, cc[1] + (hit ? 1 : 0)]);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - started) / 1000;
    const share = reached / ops.length;
    console.log(
      `fuzz: ${ops.length} operations in ${seconds.toFixed(1)} s (generated in ${generatedIn} ms; ${(ops.length / seconds).toFixed(0)}/s); ` +
        `reached resolvers ${reached} (${(share * 100).toFixed(1)} %), succeeded without error ${succeeded}, deliberately malformed ${corrupted}`,
    );
    console.log(`fuzz: answers by code ${JSON.stringify(Object.fromEntries([...byCode].sort((a, b) => b[1] - a[1])))}; by HTTP status ${JSON.stringify(Object.fromEntries(byStatus))}`);
    console.log(`fuzz: per caller [sent, reached] ${JSON.stringify(Object.fromEntries(byCaller))}`);
    const slowest = [...timeByField].sort((a, b) => b[1][1] - a[1][1]).slice(0, 8);
    console.log(`fuzz: most time spent in ${slowest.map(([k, [n, ms]]) => `${k} ${n}× ${(ms / n).toFixed(0)} ms`).join(', ')}`);
    for (const f of failures.slice(0, 5))
      console.log(
        `fuzz failure #${f.index} as ${f.op.caller.name} (${f.op.field}${f.op.corruption ? `, ${f.op.corruption}` : ''}): ${f.problems.join('; ')}\n` +
          `  query: ${(f.op.rawBody ?? f.op.query).slice(0, 2000)}\n  variables: ${JSON.stringify(f.op.variables).slice(0, 2000)}\n  response (${f.outcome.status}, x-request-id in the server log): ${f.outcome.text.slice(0, 2000)}`,
      );
    expect(failures.map((f) => `#${f.index} ${f.op.caller.name} ${f.op.field}: ${f.problems.join('; ')}`).slice(0, 20)).toEqual([]);
    expect(ops.length).toBeGreaterThanOrEqual(Math.min(OPS, 10_000));
    expect(share).toBeGreaterThanOrEqual(0.3);
  }, 240_000);
});
