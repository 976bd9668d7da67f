import { accessRuleOf, DEFAULT_PAGE_SIZE, type Viewer } from '@par/core';
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isObjectType,
  type DocumentNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/**
 * The cost of an operation ≈ the number of records it may make the server load:
 *
 * - a record (an object type implementing `Node`, or the `Node` interface) costs 1; a value object
 *   that comes with its parent (results, bands, criteria tree nodes, payloads, connections) and a
 *   scalar or enum cost 0; a root field costs at least 1 and a root mutation field 10 more (writes,
 *   password hashing);
 * - a field with a `first` argument (a connection) multiplies its selection by `first` (the page
 *   size when absent); the connection's `nodes` and `edges` then count one element each;
 * - any other list multiplies its selection by the typical size in `LIST_ESTIMATES`, or by
 *   `listCost` (GRAPHQL_LIST_COST, 20) when the field is not listed;
 * - some fields cost a fixed amount whatever is selected below them (`fixedCosts`): `ranking` (a
 *   whole unit group, up to a province's size, served from stored results with a fixed number of
 *   statements), report and template generators, imports, the audit check, introspection;
 * - a root field the caller may not use is refused before anything below it runs, so it costs 1.
 */
export interface CostOptions {
  listCost: number;
  rankingCost: number;
  defaultPageSize?: number;
}

export const MUTATION_COST = 10;
export const INTROSPECTION_COST = 100;
/** Evaluated fields (fragments expanded) above which an operation is refused without a cost. */
export const MAX_EVALUATED_FIELDS = 20_000;

/** Typical sizes of the lists without `first` (a province of ≈ 130 assessed units, 60–100 criteria). */
export const LIST_ESTIMATES: Readonly<Record<string, number>> = {
  'Query.provinces': 5,
  'Query.rounds': 5,
  'Query.unitGroups': 5,
  'Query.presets': 5,
  'Query.apiTokens': 10,
  'Query.reformPlans': 10,
  'Query.planTasks': 50,
  'Query.inspectionPlans': 5,
  'Query.inspectionItems': 50,
  'Query.inspectionFindings': 50,
  'Query.myInspections': 5,
  'Query.myTasks': 20,
  'AssessmentRound.assessedUnits': 150,
  'AssessmentRound.publications': 5,
  'AssessmentRound.groups': 5,
  'Province.unitGroups': 5,
  'Unit.predecessors': 3,
  'Unit.successors': 3,
  'Unit.standingFor': 3,
  'Unit.lineageEvents': 3,
  'Unit.indicators': 20,
  'LineageEvent.predecessors': 3,
  'LineageEvent.successors': 3,
  'ReformPlan.tasks': 50,
  'ReformPlanTask.coordinatingUnits': 3,
  'ReformPlanTask.evidence': 3,
  'InspectionPlan.targets': 20,
  'InspectionPlan.team': 10,
  'InspectionFinding.evidence': 3,
  'Scorecard.entries': 100,
  'Scorecard.evidence': 20,
  'Scorecard.explanationRequests': 5,
  'Scorecard.inspectionFindings': 5,
  'CriterionBreakdown.evidence': 5,
};

export function fixedCosts(o: CostOptions): Record<string, number> {
  return {
    'Query.ranking': o.rankingCost,
    // Re-scoring and what-if score a whole group in memory; comparisons read a group or every province's records.
    'Query.rescoreRound': 2 * o.rankingCost,
    'Query.whatIf': o.rankingCost,
    'Query.groupComparison': o.rankingCost,
    'Query.nationalComparison': o.rankingCost,
    'Query.unitYearOverYear': 100,
    'Query.auditCheck': 500,
    'Query.scorecardReport': 200,
    'Query.inspectionOutline': 200,
    'Query.reformPlanTemplate': 100,
    'Query.unitImportTemplate': 100,
    'Query.criteriaImportTemplate': 100,
    'Mutation.importUnits': 500,
    'Mutation.importCriteriaSet': 500,
    'Mutation.importReformPlanTasks': 500,
  };
}

const isRecordType = (t: GraphQLNamedType) =>
  isAbstractType(t) || (isObjectType(t) && t.getInterfaces().some((i) => i.name === 'Node'));

/** Whether the caller passes the field's role gate (the same rule the access wrapper checks). */
function mayCall(field: GraphQLField<unknown, unknown>, viewer: Viewer | null | undefined): boolean {
  const rule = accessRuleOf(field.extensions);
  if (!rule) return false;
  if (rule.kind === 'public') return true;
  if (!viewer) return false;
  return rule.kind !== 'roles' || rule.roles.includes(viewer.role);
}

/** `context.viewer` (when given) makes root fields the caller may not use cost 1. */
export function costEstimator(schema: GraphQLSchema, o: CostOptions): ComplexityEstimator {
  const roots = new Set([schema.getQueryType(), schema.getMutationType()].filter(Boolean));
  const mutationType = schema.getMutationType();
  const fixed = new Map(Object.entries(fixedCosts(o)));
  const pageSize = o.defaultPageSize ?? DEFAULT_PAGE_SIZE;
  return ({ type, field, args, childComplexity, context }) => {
    const key = `${type.name}.${field.name}`;
    const root = roots.has(type as never);
    if (root && context && 'viewer' in context && !mayCall(field, context.viewer as Viewer | null)) return 1;
    const own = fixed.get(key);
    if (own !== undefined) return own;
    if (field.name.startsWith('__')) return field.name === '__typename' ? 0 : INTROSPECTION_COST;
    const named = getNamedType(field.type);
    const base = type === mutationType ? MUTATION_COST : 0;
    const record = isRecordType(named) ? 1 : 0;
    const floor = root ? 1 : 0;
    if (field.args.some((a) => a.name === 'first')) {
      const first = typeof args.first === 'number' ? Math.max(0, args.first) : pageSize;
      return base + Math.max(floor, 1) + first * childComplexity;
    }
    const listed = isListType(getNullableType(field.type)) && !type.name.endsWith('Connection');
    const n = listed ? (LIST_ESTIMATES[key] ?? o.listCost) : 1;
    return base + Math.max(floor, n * (record + childComplexity));
  };
}

export type CostResult = { cost: number } | { cost: null; reason: 'too-many-fields' | 'invalid-variables' };

/** The cost of the selected operation; null when it cannot be computed (variables the execution will refuse anyway). */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  estimator: ComplexityEstimator,
  viewer?: Viewer | null,
): CostResult {
  try {
    const cost = getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: variables ?? {},
      estimators: [estimator],
      maxQueryNodes: MAX_EVALUATED_FIELDS,
      ...(viewer !== undefined ? { context: { viewer } } : {}),
    });
    return { cost };
  } catch (e) {
    if (e instanceof Error && /maximum allowed number of nodes/.test(e.message)) return { cost: null, reason: 'too-many-fields' };
    return { cost: null, reason: 'invalid-variables' };
  }
}

/**
 * Costs already computed, per parsed document: Apollo hands the same DocumentNode to every request
 * with the same query text (its document store), and a cost depends only on the document, the
 * operation, the variables and the caller's role. Only operations whose variables are all scalars
 * (ids, numbers, short strings: the reads) are cached — input objects, which may be large or nested
 * thousands deep, are costed each time; at most PER_DOCUMENT entries per document, held weakly.
 */
export class CostCache {
  static readonly PER_DOCUMENT = 64;
  static readonly MAX_KEY_LENGTH = 2048;
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, CostResult>>();

  of(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined, role: string | null, compute: () => CostResult): CostResult {
    let key = JSON.stringify([operationName ?? null, role]);
    for (const name in variables ?? {}) {
      const v = variables![name];
      if (v !== null && typeof v === 'object') return compute();
      key += `,${JSON.stringify(name)}:${JSON.stringify(v)}`; // escaped: no two variable sets share a key
      if (key.length > CostCache.MAX_KEY_LENGTH) return compute();
    }
    let known = this.byDocument.get(document);
    const hit = known?.get(key);
    if (hit) return hit;
    const r = compute();
    if (!known) this.byDocument.set(document, (known = new Map()));
    if (known.size >= CostCache.PER_DOCUMENT) known.clear();
    known.set(key, r);
    return r;
  }
}
