/**
 * The authorization matrix: every root field × every role × own / other unit / other province,
 * generated from the schema. The table below is the reviewed declaration of who may call what; the
 * test fails when a field has no entry, when the code's rule differs from it, when a role outside
 * it gets through, or when anything of another province (or, for unit accounts, of another unit)
 * comes back or changes.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  accessRuleOf,
  Area,
  AssessmentRound,
  DeadlineKind,
  Evidence,
  InspectionFinding,
  InspectionPlan,
  InspectionTarget,
  planTaskTemplate,
  Province,
  ReformPlan,
  ReformPlanTask,
  Role,
  Scorecard,
  ScorecardEntry,
  toGlobalId,
  Unit,
  User,
} from '@par/core';
import { buildPlatformSchema, createLogger, loadDemoData } from '@par/server';
import { seedAccount, sql, startTestServer, type SeededAccount, type TestServer } from '@par/testing';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Who may call each root field: A admin, U unit, R reviewer, C council member, I inspector, T integration, N national reader. */
const MATRIX: Record<string, string> = {
  'Query.me': 'authenticated',
  'Query.users': 'A',
  'Query.apiTokens': 'A',
  'Query.rankingExportUrl': 'AURCITN',
  'Query.ranking': 'AURCITN',
  // Re-scoring, what-if and comparisons (issue 14): read-only; units see only their own year over year.
  'Query.rescoreRound': 'ACN',
  'Query.whatIf': 'ARCN',
  'Query.unitYearOverYear': 'AURCIN',
  'Query.groupComparison': 'ARCIN',
  'Query.nationalComparison': 'N',
  'Query.scorecard': 'AURCIN',
  'Query.scorecards': 'ARCIN',
  'Query.calendar': 'authenticated',
  'Query.auditCheck': 'A',
  'Query.myTasks': 'authenticated',
  'Query.scorecardReport': 'AURCIN',
  'Query.inspectionFindings': 'AURCI',
  'Query.inspectionOutline': 'AUI',
  'Query.inspectionPlans': 'AI',
  'Query.myInspections': 'U',
  'Query.inspectionItems': 'AI',
  'Query.reformPlans': 'AURCIN',
  'Query.planTasks': 'AURCIN',
  'Query.planCompletion': 'AURCIN',
  'Query.reformPlanTemplate': 'A',
  'Query.presets': 'authenticated',
  'Query.criteriaSets': 'authenticated',
  'Query.criteriaImportTemplate': 'A',
  'Query.scorePreview': 'authenticated',
  'Query.node': 'authenticated',
  'Query.health': 'public',
  'Query.indicatorDefinitions': 'authenticated',
  'Query.indicatorValues': 'authenticated',
  'Query.unitImportTemplate': 'A',
  'Query.legalDocuments': 'authenticated',
  'Query.provinces': 'authenticated',
  'Query.rounds': 'authenticated',
  'Query.units': 'authenticated',
  'Query.unitGroups': 'authenticated',
  'Mutation.login': 'public',
  'Mutation.logout': 'authenticated',
  'Mutation.changePassword': 'authenticated',
  'Mutation.createUser': 'A',
  'Mutation.resetUserPassword': 'A',
  'Mutation.createApiToken': 'A',
  'Mutation.revokeApiToken': 'A',
  'Mutation.saveSelfAssessmentEntry': 'U',
  'Mutation.submitSelfAssessment': 'U',
  'Mutation.addEvidence': 'U',
  'Mutation.returnScorecard': 'A',
  'Mutation.setPhaseDeadline': 'A',
  'Mutation.extendDeadline': 'A',
  'Mutation.setCalendarDay': 'A',
  'Mutation.assignReviewer': 'A',
  'Mutation.appraiseEntry': 'R',
  'Mutation.requestExplanation': 'R',
  'Mutation.answerExplanation': 'U',
  'Mutation.appointCouncilMember': 'A',
  'Mutation.castCouncilVote': 'C',
  'Mutation.decideCouncil': 'A',
  'Mutation.publishResults': 'A',
  'Mutation.setInspectionTeam': 'A',
  'Mutation.recordInspectionFinding': 'AI',
  'Mutation.reportRemediation': 'U',
  'Mutation.reviewRemediation': 'AI',
  'Mutation.createInspectionPlan': 'A',
  'Mutation.setInspectionTarget': 'A',
  'Mutation.recordInspectionStep': 'AI',
  'Mutation.createReformPlan': 'A',
  'Mutation.importReformPlanTasks': 'A',
  'Mutation.updatePlanTask': 'AU',
  'Mutation.importCriteriaSet': 'A',
  'Mutation.importUnits': 'A',
  'Mutation.createLegalDocument': 'A',
  'Mutation.createRound': 'A',
  'Mutation.createUnitGroup': 'A',
  'Mutation.createUnit': 'A',
  'Mutation.updateUnit': 'A',
  'Mutation.recordLineageEvent': 'A',
  'Mutation.recordIndicators': 'AT',
  'Query.webhookEvents': 'AT',
  'Query.webhooks': 'A',
  'Mutation.createWebhook': 'A',
  'Mutation.setWebhookActive': 'A',
};
/** Fields about the caller's own credentials: checked for the role gate, not swept (they would end the sweep's sessions). */
const SELF = new Set(['Mutation.login', 'Mutation.logout', 'Mutation.changePassword']);
const LETTER: Record<Role, string> = {
  [Role.ADMIN]: 'A',
  [Role.UNIT]: 'U',
  [Role.REVIEWER]: 'R',
  [Role.COUNCIL_MEMBER]: 'C',
  [Role.INSPECTOR]: 'I',
  [Role.INTEGRATION]: 'T',
  [Role.NATIONAL_READER]: 'N',
};

/** The records a call is pointed at. */
interface Target {
  province: string;
  round: string;
  unit: string;
  scorecard: string;
  inspectionPlan: string;
  inspectionTarget: string;
  finding: string;
  reformPlan: string;
  task: string;
  user: string;
  legalDocument: string;
  evidence: string;
  explanation: string;
}

const NOW = new Date('2026-11-20T03:00:00Z');
let server: TestServer;
let schema: GraphQLSchema;
const accounts = new Map<Role, SeededAccount>();
let grantedReader: SeededAccount;
let own: Target; // Khánh Hòa, Sở Tư pháp (the unit account's own unit)
let otherUnit: Target; // Khánh Hòa, Sở Y tế
let otherProvince: Target; // Kon Tum, Sở Tư pháp
const em = () => server.platform.orm.em.fork() as unknown as EntityManager;

/** Every row of a province, per table, as one digest: any write shows (but a token's last use, which authentication records). */
async function digest(provinceId: string): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string }>(
    server.db.url,
    `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'province_id' order by table_name`,
  );
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [row] = await sql<{ d: string | null }>(server.db.url, `select md5(string_agg(r, '|' order by r)) as d from (select (to_jsonb(t) - 'last_used_at')::text as r from "${table_name}" t where province_id = $1) x`, [provinceId]);
    out[table_name] = row!.d ?? '';
  }
  return out;
}

/** Ids (raw and global) that must not come back: every record of a province, or a unit's private records. */
async function forbiddenIds(where: { provinceId?: string; unitId?: string }): Promise<string[]> {
  const tables: [string, string, string][] = where.provinceId
    ? [
        ['unit', 'Unit', 'province_id'],
        ['unit_group', 'UnitGroup', 'province_id'],
        ['assessment_round', 'AssessmentRound', 'province_id'],
        ['scorecard', 'Scorecard', 'province_id'],
        ['scorecard_entry', 'ScorecardEntry', 'province_id'],
        ['evidence', 'Evidence', 'province_id'],
        ['evidence_file', 'EvidenceFile', 'province_id'],
        ['inspection_plan', 'InspectionPlan', 'province_id'],
        ['inspection_target', 'InspectionTarget', 'province_id'],
        ['inspection_finding', 'InspectionFinding', 'province_id'],
        ['reform_plan', 'ReformPlan', 'province_id'],
        ['reform_plan_task', 'ReformPlanTask', 'province_id'],
        ['app_user', 'User', 'province_id'],
        ['indicator_value', 'IndicatorValue', 'province_id'],
        ['criteria_set', 'CriteriaSet', 'province_id'],
        ['publication', 'Publication', 'province_id'],
      ]
    : [
        ['scorecard', 'Scorecard', 'unit_id'],
        ['inspection_target', 'InspectionTarget', 'unit_id'],
        ['inspection_finding', 'InspectionFinding', 'unit_id'],
      ];
  const ids: string[] = [];
  for (const [table, type, column] of tables) {
    const rows = await sql<{ id: string }>(server.db.url, `select id from "${table}" where ${column} = $1`, [where.provinceId ?? where.unitId]);
    for (const r of rows) ids.push(r.id, toGlobalId(type, r.id));
  }
  if (where.unitId) {
    // A unit's scorecard entries and the evidence attached to its scorecards or findings.
    const rows = await sql<{ id: string; type: string }>(
      server.db.url,
      `select e.id, 'ScorecardEntry' as type from scorecard_entry e join scorecard s on s.id = e.scorecard_id where s.unit_id = $1
       union select l.evidence_id, 'Evidence' from evidence_link l join scorecard s on s.id = l.scorecard_id where s.unit_id = $1
       union select fe.evidence_id, 'Evidence' from inspection_finding_evidence fe join inspection_finding f on f.id = fe.finding_id where f.unit_id = $1`,
      [where.unitId],
    );
    for (const r of rows) ids.push(r.id, toGlobalId(r.type, r.id));
  }
  return ids;
}

// ----- operations generated from the schema -----

function sampleInput(type: GraphQLInputType, name: string, t: Target, field: string, depth = 0): unknown {
  if (isNonNullType(type)) return sampleInput(type.ofType, name, t, field, depth);
  if (isListType(type)) {
    if (/Ids$/.test(name)) return name === 'evidenceIds' ? [t.evidence] : [];
    const item = sampleInput(type.ofType, name, t, field, depth);
    return item === undefined ? [] : [item];
  }
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    if (depth > 3) return undefined;
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      const v = sampleInput(f.type, f.name, t, field, depth + 1);
      if (v !== undefined && (isNonNullType(f.type) || /Id$|^year$|^code$/.test(f.name))) out[f.name] = v;
    }
    return out;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return idFor(name, field, t);
      case 'Int':
        return /year/i.test(name) ? 2026 : /version/i.test(name) ? 1 : 1;
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'LocalDate':
        return '2026-06-01';
      case 'DateTimeISO':
        return '2026-06-01T00:00:00.000Z';
      case 'Decimal':
        return '1';
      default:
        return name === 'code' ? '1.1.1' : name === 'province' ? t.province : name === 'groupCode' || name === 'group' ? 'so-nganh' : name.endsWith('Base64') || name === 'content' ? 'eA==' : 'Thử nghiệm';
    }
  }
  return undefined;
}

const unknownIdArgs = new Set<string>();
function idFor(name: string, field: string, t: Target): string {
  switch (name) {
    case 'roundId':
      return t.round;
    case 'unitId':
    case 'leadUnitId':
    case 'parentId':
      return t.unit;
    case 'scorecardId':
      return t.scorecard;
    case 'planId':
      return /nspection|Team/.test(field) ? t.inspectionPlan : t.reformPlan;
    case 'targetId':
      return t.inspectionTarget;
    case 'findingId':
      return t.finding;
    case 'taskId':
      return t.task;
    case 'userId':
      return t.user;
    case 'legalDocumentId':
      return t.legalDocument;
    case 'requestId':
      return t.explanation;
    case 'fileId':
      return t.evidence;
    case 'id':
      return t.user;
    default:
      unknownIdArgs.add(`${field}.${name}`);
      return t.unit;
  }
}

function selection(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isScalarType(named) || isEnumType(named)) return '';
  if (isInterfaceType(named) || isUnionType(named)) return '{ __typename ... on Node { id } }';
  if (!isObjectType(named)) return '';
  const parts: string[] = [];
  for (const f of Object.values(named.getFields())) {
    if (f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const inner = getNamedType(f.type);
    if (isScalarType(inner) || isEnumType(inner)) parts.push(f.name);
    else if (depth < 2) {
      const sub = selection(f.type, depth + 1);
      if (sub) parts.push(`${f.name} ${sub}`);
    }
  }
  return parts.length ? `{ ${parts.join(' ')} }` : '{ __typename }';
}

function operation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, t: Target): { query: string; variables: Record<string, unknown> } {
  const defs: string[] = [];
  const args: string[] = [];
  const variables: Record<string, unknown> = {};
  for (const a of field.args as readonly GraphQLArgument[]) {
    const value = a.name === 'id' && field.name === 'node' ? t.unit : sampleInput(a.type, a.name, t, field.name);
    if (value === undefined) continue;
    if (!isNonNullType(a.type) && !['roundId', 'unitId', 'planId', 'year', 'province', 'code', 'scorecardId', 'group', 'groupCode'].includes(a.name)) continue;
    defs.push(`$${a.name}: ${a.type.toString()}`);
    args.push(`${a.name}: $${a.name}`);
    variables[a.name] = value;
  }
  const sel = selection(field.type, 0);
  return {
    query: `${kind}${defs.length ? `(${defs.join(', ')})` : ''} { ${field.name}${args.length ? `(${args.join(', ')})` : ''} ${sel} }`,
    variables,
  };
}

function rootFields(): { key: string; kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] {
  return [
    ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({ key: `Query.${field.name}`, kind: 'query' as const, field })),
    ...Object.values(schema.getMutationType()!.getFields()).map((field) => ({ key: `Mutation.${field.name}`, kind: 'mutation' as const, field })),
  ];
}

const allowed = (key: string, role: Role) => {
  const rule = MATRIX[key]!;
  return rule === 'public' || rule === 'authenticated' || rule.includes(LETTER[role]);
};

async function call(token: string | null, kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, t: Target) {
  const op = operation(kind, field, t);
  const r = await server.gql(op.query, op.variables, token ?? undefined);
  return { op, r, text: JSON.stringify(r.data ?? null) };
}

// ----- the world: two provinces of the demo, an account per role -----

async function targetOf(provinceCode: string, unitCode: string): Promise<Target> {
  const e = em();
  const province = await e.findOneOrFail(Province, { code: provinceCode });
  const unit = await e.findOneOrFail(Unit, { province, code: unitCode });
  const round = (await e.find(AssessmentRound, { province }, { orderBy: { year: 'desc' } }))[0]!;
  const scorecard = await e.findOneOrFail(Scorecard, { round, unit });
  const target = await e.findOne(InspectionTarget, { unit }, { orderBy: { createdAt: 'desc' } });
  const finding = await e.findOne(InspectionFinding, { unit });
  const reformPlan = await e.findOne(ReformPlan, { province });
  const task = await e.findOne(ReformPlanTask, { lead: unit });
  const user = await e.findOneOrFail(User, { province, role: Role.ADMIN });
  const evidence = await e.findOne(Evidence, { unit });
  const explanation = (await sql<{ id: string }>(server.db.url, 'select r.id from explanation_request r join scorecard s on s.id = r.scorecard_id where s.unit_id = $1 limit 1', [unit.id]))[0];
  const inspectionPlan = target ? target.plan.id : (await e.findOneOrFail(InspectionPlan, { province })).id;
  const legal = (await sql<{ id: string }>(server.db.url, 'select id from legal_document where province_id = $1 limit 1', [province.id]))[0];
  const g = toGlobalId;
  return {
    province: provinceCode,
    round: g('AssessmentRound', round.id),
    unit: g('Unit', unit.id),
    scorecard: g('Scorecard', scorecard.id),
    inspectionPlan: g('InspectionPlan', inspectionPlan),
    inspectionTarget: target ? g('InspectionTarget', target.id) : g('InspectionTarget', '00000000-0000-4000-8000-000000000000'),
    finding: finding ? g('InspectionFinding', finding.id) : g('InspectionFinding', '00000000-0000-4000-8000-000000000000'),
    reformPlan: reformPlan ? g('ReformPlan', reformPlan.id) : g('ReformPlan', '00000000-0000-4000-8000-000000000000'),
    task: task ? g('ReformPlanTask', task.id) : g('ReformPlanTask', '00000000-0000-4000-8000-000000000000'),
    user: g('User', user.id),
    legalDocument: legal ? g('LegalDocument', legal.id) : g('LegalDocument', '00000000-0000-4000-8000-000000000000'),
    evidence: evidence ? g('Evidence', evidence.id) : g('Evidence', '00000000-0000-4000-8000-000000000000'),
    explanation: explanation ? g('ExplanationRequest', explanation.id) : g('ExplanationRequest', '00000000-0000-4000-8000-000000000000'),
  };
}

beforeAll(async () => {
  server = await startTestServer({}, { now: () => NOW });
  schema = buildPlatformSchema();
  await loadDemoData(em(), createLogger('silent'), server.platform.services);
  const spec: [Role, string, string?][] = [
    [Role.ADMIN, 'm.admin'],
    [Role.UNIT, 'm.sotuphap', 'so-tu-phap'],
    [Role.REVIEWER, 'm.thamdinh'],
    [Role.COUNCIL_MEMBER, 'm.hoidong'],
    [Role.INSPECTOR, 'm.kiemtra'],
    [Role.INTEGRATION, 'm.tichhop'],
    [Role.NATIONAL_READER, 'm.bonoivu'],
  ];
  for (const [role, username, unitCode] of spec) accounts.set(role, await seedAccount(server, { province: 'khanh-hoa', username, role, ...(unitCode ? { unitCode } : {}) }));
  grantedReader = await seedAccount(server, { province: 'khanh-hoa', username: 'm.bonoivu.tailieu', role: Role.NATIONAL_READER });
  await sql(server.db.url, `update app_user set evidence_access = true where username = 'm.bonoivu.tailieu'`);
  const admin = accounts.get(Role.ADMIN)!;

  // Khánh Hòa: the inspector joins the 2025 team; Sở Y tế (the other unit) uploads and attaches a file.
  const khPlan = (await server.gql('{ inspectionPlans(year: 2025) { id } }', {}, admin.token)).data!.inspectionPlans[0].id;
  await server.gql('mutation($p: ID!, $m: [TeamMemberInput!]!) { setInspectionTeam(planId: $p, members: $m) { role } }', { p: khPlan, m: [{ userId: accounts.get(Role.INSPECTOR)!.id, role: 'LEAD' }] }, admin.token);
  const yTe = await seedAccount(server, { province: 'khanh-hoa', username: 'm.soyte', role: Role.UNIT, unitCode: 'so-y-te' });
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const up = await fetch(`${server.url}/evidence/upload`, { method: 'POST', headers: { 'content-type': 'application/pdf', 'x-file-name': 'bao-cao.pdf', authorization: `Bearer ${yTe.token}` }, body: pdf });
  expect(up.status).toBe(201);
  const file = (await up.json()) as { id: string };
  const khRound = (await em().findOneOrFail(AssessmentRound, { province: { code: 'khanh-hoa' }, year: 2026 })).id;
  const yTeCard = (await server.gql('query($r: ID!) { scorecard(roundId: $r) { id } }', { r: toGlobalId('AssessmentRound', khRound) }, yTe.token)).data!.scorecard.id;
  const ev = await server.gql('mutation($i: AddEvidenceInput!) { addEvidence(input: $i) { id } }', { i: { scorecardId: yTeCard, code: '1.1.1', title: 'Kế hoạch CCHC 2026 (thử nghiệm)', effectiveOn: '2026-01-05', fileId: file.id } }, yTe.token);
  expect(ev.errors).toBeUndefined();

  // Kon Tum: a team, a finding and a plan with a task, so every kind of record exists there too.
  const kt = await seedAccount(server, { province: 'kon-tum', username: 'm.kt.admin', role: Role.ADMIN });
  const ktInspector = await seedAccount(server, { province: 'kon-tum', username: 'm.kt.kiemtra', role: Role.INSPECTOR });
  const ktPlan = (await server.gql('{ inspectionPlans(year: 2024) { id } }', {}, kt.token)).data!.inspectionPlans[0].id;
  await server.gql('mutation($p: ID!, $m: [TeamMemberInput!]!) { setInspectionTeam(planId: $p, members: $m) { role } }', { p: ktPlan, m: [{ userId: ktInspector.id, role: 'LEAD' }] }, kt.token);
  const ktTarget = (await em().findOneOrFail(InspectionTarget, { unit: { province: { code: 'kon-tum' }, code: 'so-tu-phap' } })).id;
  const f = await server.gql('mutation($i: RecordFindingInput!) { recordInspectionFinding(input: $i) { id } }', { i: { targetId: toGlobalId('InspectionTarget', ktTarget), area: 'PROCEDURES', kind: 'SHORTCOMING', description: 'Thử nghiệm', recommendation: 'Khắc phục', documents: [{ title: 'Biên bản', documentNumber: 'BB-1', effectiveOn: '2024-09-05' }] } }, ktInspector.token);
  expect(f.errors).toBeUndefined();
  const rp = await server.gql('mutation { createReformPlan(input: { year: 2024, title: "Kế hoạch CCHC năm 2024 (thử nghiệm)" }) { id } }', {}, kt.token);
  const table = await planTaskTemplate(2024, [], [{ area: Area.LEADERSHIP, title: 'Nhiệm vụ thử nghiệm', deadline: { kind: DeadlineKind.QUARTER, dueOn: null, text: 'Quý IV/2024' }, lead: 'so-tu-phap' }]);
  const imported = await server.gql('mutation($p: ID!, $f: String!) { importReformPlanTasks(planId: $p, fileBase64: $f) { tasksCreated } }', { p: rp.data!.createReformPlan.id, f: table.toString('base64') }, kt.token);
  expect(imported.errors).toBeUndefined();

  own = await targetOf('khanh-hoa', 'so-tu-phap');
  otherUnit = await targetOf('khanh-hoa', 'so-y-te');
  otherProvince = await targetOf('kon-tum', 'so-tu-phap');
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('the authorization matrix', () => {
  it('has an entry for every root field, and each entry is the rule the code enforces', () => {
    const keys = rootFields().map((f) => f.key);
    expect(keys.filter((k) => !(k in MATRIX))).toEqual([]); // a new field needs a reviewed entry
    expect(Object.keys(MATRIX).filter((k) => !keys.includes(k))).toEqual([]);
    const differs = rootFields().flatMap(({ key, field }) => {
      const rule = accessRuleOf(field.extensions)!;
      const actual = rule.kind === 'roles' ? rule.roles.map((r) => LETTER[r]).join('') : rule.kind;
      return [...actual].sort().join('') === [...MATRIX[key]!].sort().join('') || actual === MATRIX[key] ? [] : [`${key}: code ${actual}, matrix ${MATRIX[key]}`];
    });
    expect(differs).toEqual([]);
  });

  it('refuses every role outside a field\'s entry (and anonymous callers) with FORBIDDEN / UNAUTHENTICATED, writing nothing', async () => {
    const before = [await digest((await em().findOneOrFail(Province, { code: 'khanh-hoa' })).id), await digest((await em().findOneOrFail(Province, { code: 'kon-tum' })).id)];
    const leaks: string[] = [];
    let calls = 0;
    for (const { key, kind, field } of rootFields()) {
      if (MATRIX[key] === 'public') continue;
      const callers: [string, string | null, boolean][] = [['anonymous', null, false], ...[...accounts].map(([role, a]): [string, string | null, boolean] => [role, a.token, allowed(key, role)])];
      for (const [who, token, ok] of callers) {
        if (ok) continue;
        const { r } = await call(token, kind, field, own);
        calls++;
        const code = r.errors?.[0]?.extensions?.code;
        const expected = token ? 'FORBIDDEN' : 'UNAUTHENTICATED';
        if (code !== expected || (r.data && r.data[field.name] != null)) leaks.push(`${key} as ${who}: ${code ?? 'no error'} ${r.errors?.[0]?.message ?? ''}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(calls).toBeGreaterThan(300);
    const after = [await digest((await em().findOneOrFail(Province, { code: 'khanh-hoa' })).id), await digest((await em().findOneOrFail(Province, { code: 'kon-tum' })).id)];
    expect(after).toEqual(before);
  }, 120_000);

  it('lets no provincial role read or change anything of another province (0 leaks)', async () => {
    const kontum = (await em().findOneOrFail(Province, { code: 'kon-tum' })).id;
    const foreign = await forbiddenIds({ provinceId: kontum });
    const before = await digest(kontum);
    const leaks: string[] = [];
    for (const { key, kind, field } of rootFields()) {
      if (MATRIX[key] === 'public' || SELF.has(key)) continue;
      for (const [role, a] of accounts) {
        if (role === Role.NATIONAL_READER || !allowed(key, role)) continue;
        const { text } = await call(a.token, kind, field, otherProvince);
        const hit = foreign.find((id) => text.includes(id));
        if (hit) leaks.push(`${key} as ${role} returned ${hit}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(await digest(kontum)).toEqual(before);
    expect([...unknownIdArgs]).toEqual([]); // every ID argument was pointed at a real target
  }, 120_000);

  it("lets a unit account read or change nothing private of another unit of its province (0 leaks)", async () => {
    const yTe = (await em().findOneOrFail(Unit, { province: { code: 'khanh-hoa' }, code: 'so-y-te' })).id;
    const privateIds = await forbiddenIds({ unitId: yTe });
    expect(privateIds.length).toBeGreaterThan(4);
    const unit = accounts.get(Role.UNIT)!;
    const entries = async () => sql(server.db.url, `select e.* from scorecard_entry e join scorecard s on s.id = e.scorecard_id where s.unit_id = $1 order by e.id`, [yTe]);
    const evidence = async () => sql(server.db.url, `select * from evidence where unit_id = $1 order by id`, [yTe]);
    const before = [await entries(), await evidence()];
    const leaks: string[] = [];
    for (const { key, kind, field } of rootFields()) {
      if (SELF.has(key) || !allowed(key, Role.UNIT) || MATRIX[key] === 'public') continue;
      const { text } = await call(unit.token, kind, field, otherUnit);
      const hit = privateIds.find((id) => text.includes(id));
      if (hit) leaks.push(`${key} returned ${hit}`);
    }
    expect(leaks).toEqual([]);
    expect([await entries(), await evidence()]).toEqual(before);
  }, 60_000);

  it('node(id): records of another province are null for every provincial role; a unit sees no other unit\'s private records', async () => {
    const kontum = (await em().findOneOrFail(Province, { code: 'kon-tum' })).id;
    const foreign = (await forbiddenIds({ provinceId: kontum })).filter((id) => !/^[0-9a-f-]{36}$/.test(id));
    const NODE = 'query($id: ID!) { node(id: $id) { id } }';
    const leaks: string[] = [];
    for (const [role, a] of accounts) {
      if (role === Role.NATIONAL_READER) continue;
      for (const id of foreign) if ((await server.gql(NODE, { id }, a.token)).data?.node) leaks.push(`${role} read ${id}`);
    }
    const yTe = (await em().findOneOrFail(Unit, { province: { code: 'khanh-hoa' }, code: 'so-y-te' })).id;
    for (const id of (await forbiddenIds({ unitId: yTe })).filter((x) => !/^[0-9a-f-]{36}$/.test(x)))
      if ((await server.gql(NODE, { id }, accounts.get(Role.UNIT)!.token)).data?.node) leaks.push(`UNIT read ${id}`);
    expect(leaks).toEqual([]);
    // The national reader reads another province's records, but no account or token.
    const reader = accounts.get(Role.NATIONAL_READER)!;
    const card = (await em().findOneOrFail(Scorecard, { province: kontum }, { orderBy: { id: 'asc' } })).id;
    expect((await server.gql(NODE, { id: toGlobalId('Scorecard', card) }, reader.token)).data!.node).toEqual({ id: toGlobalId('Scorecard', card) });
    const ktUser = (await em().findOneOrFail(User, { province: kontum })).id;
    expect((await server.gql(NODE, { id: toGlobalId('User', ktUser) }, reader.token)).data!.node).toBeNull();
    const entry = await em().findOne(ScorecardEntry, { province: kontum });
    if (entry) expect((await server.gql(NODE, { id: toGlobalId('ScorecardEntry', entry.id) }, accounts.get(Role.ADMIN)!.token)).data!.node).toBeNull();
  }, 60_000);
});

describe('the national reader', () => {
  it('reads every province (rounds, rankings, scorecards, plans) and writes nothing anywhere', async () => {
    const reader = accounts.get(Role.NATIONAL_READER)!;
    const provinces = (await server.gql('{ provinces { code } }', {}, reader.token)).data!.provinces.map((p: { code: string }) => p.code);
    expect(provinces).toEqual(expect.arrayContaining(['khanh-hoa', 'kon-tum', 'quang-ngai']));
    expect((await server.gql('{ rounds(province: "kon-tum") { year } }', {}, reader.token)).data!.rounds.map((r: { year: number }) => r.year)).toContain(2024);
    // A reader whose home is Quảng Ngãi reads Khánh Hòa's published 2025 ranking.
    const qnReader = await seedAccount(server, { province: 'quang-ngai', username: 'm.bonoivu.qn', role: Role.NATIONAL_READER });
    const rounds = await server.gql('{ rounds(province: "khanh-hoa") { id year } }', {}, qnReader.token);
    const ranking = await server.gql('query($r: ID!) { ranking(roundId: $r, group: "so-nganh") { rows { unitName total } } }', { r: rounds.data!.rounds.find((r: { year: number }) => r.year === 2025).id }, qnReader.token);
    expect(ranking.errors).toEqual(undefined);
    expect(ranking.data!.ranking.rows.length).toBeGreaterThan(10);
    expect((await server.gql('{ reformPlans(year: 2025, province: "khanh-hoa") { title } }', {}, reader.token)).data!.reformPlans).toHaveLength(1);

    const digests = async () => Promise.all((await em().find(Province, {})).map((p) => digest(p.id)));
    const before = await digests();
    const refused: string[] = [];
    for (const { key, kind, field } of rootFields()) {
      if (kind !== 'mutation' || SELF.has(key)) continue;
      for (const t of [own, otherProvince]) {
        const { r } = await call(reader.token, kind, field, t);
        if (r.errors?.[0]?.extensions?.code !== 'FORBIDDEN') refused.push(`${key}: ${r.errors?.[0]?.extensions?.code ?? 'accepted'}`);
      }
    }
    expect(refused).toEqual([]);
    expect(await digests()).toEqual(before);
    // A provincial admin cannot create one.
    const made = await server.gql('mutation { createUser(input: { username: "bo.noivu.2", displayName: "Bộ Nội vụ", role: NATIONAL_READER }) { initialPassword } }', {}, accounts.get(Role.ADMIN)!.token);
    expect(made.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }, 60_000);
});

describe('evidence downloads', () => {
  it('a file is downloadable only by its unit, its province\'s readers and a national reader granted access', async () => {
    const file = (await sql<{ id: string }>(server.db.url, `select f.id from evidence_file f join app_user u on u.id = f.uploaded_by where u.username = 'm.soyte'`))[0]!.id;
    const Q = 'query($id: ID!) { node(id: $id) { ... on EvidenceFile { downloadUrl } } }';
    const id = toGlobalId('EvidenceFile', file);
    // Another unit of the province: the record does not exist for it.
    expect((await server.gql(Q, { id }, accounts.get(Role.UNIT)!.token)).data!.node).toBeNull();
    // Another province: nothing.
    const kt = await seedAccount(server, { province: 'kon-tum', username: 'm.kt.admin2', role: Role.ADMIN });
    expect((await server.gql(Q, { id }, kt.token)).data!.node).toBeNull();
    // The national reader without the grant: refused on the link.
    const denied = await server.gql(Q, { id }, accounts.get(Role.NATIONAL_READER)!.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // With the grant, and the province's admin: a signed link that works.
    for (const token of [grantedReader.token, accounts.get(Role.ADMIN)!.token]) {
      const url = (await server.gql(Q, { id }, token)).data!.node.downloadUrl as string;
      const res = await fetch(new URL(url, server.url));
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    // The bare path without a signature is refused.
    const sha = (await sql<{ sha256: string }>(server.db.url, 'select sha256 from evidence_file where id = $1', [file]))[0]!.sha256;
    expect((await fetch(`${server.url}/evidence/files/${sha}`)).status).toBeGreaterThanOrEqual(400);
  });
});
