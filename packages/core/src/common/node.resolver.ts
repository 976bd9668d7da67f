import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Authenticated } from '../auth/access.js';
import { ApiToken } from '../auth/api-token.entity.js';
import { Role } from '../auth/role.js';
import { User } from '../auth/user.entity.js';
import { CriteriaSet } from '../criteria/criteria.entity.js';
import { InspectionFinding, InspectionPlan, InspectionTarget } from '../inspection/inspection.entity.js';
import { visiblePlanIds } from '../inspection/inspection.service.js';
import { ReformPlan, ReformPlanTask } from '../plan/plan.entity.js';
import { Evidence, EvidenceFile } from '../scorecard/evidence.entity.js';
import { ExplanationRequest, Publication } from '../scorecard/appraisal.entity.js';
import { Scorecard, ScorecardEntry } from '../scorecard/scorecard.entity.js';
import { IndicatorValue } from '../indicator/indicator-value.entity.js';
import { LegalDocument } from '../legal/legal-document.entity.js';
import { Province } from '../province/province.entity.js';
import { AssessmentRound } from '../round/assessment-round.entity.js';
import { LineageEvent } from '../unit/lineage.entity.js';
import { UnitGroup } from '../unit/unit-group.entity.js';
import { Unit } from '../unit/unit.entity.js';
import type { RequestContext } from './context.js';
import { fromGlobalId, NodeInterface } from './global-id.js';

/** Every type reachable by `node(id)` and the province each record belongs to. */
const NODES = {
  Province: { entity: Province, province: (p: Province) => p.id },
  Unit: { entity: Unit, province: (u: Unit) => u.province.id },
  UnitGroup: { entity: UnitGroup, province: (g: UnitGroup) => g.province.id },
  LegalDocument: { entity: LegalDocument, province: (d: LegalDocument) => d.province?.id ?? null },
  LineageEvent: { entity: LineageEvent, province: (e: LineageEvent) => e.province.id },
  AssessmentRound: { entity: AssessmentRound, province: (r: AssessmentRound) => r.province.id },
  IndicatorValue: { entity: IndicatorValue, province: (v: IndicatorValue) => v.province.id },
  CriteriaSet: { entity: CriteriaSet, province: (s: CriteriaSet) => s.province.id },
  Scorecard: { entity: Scorecard, province: (c: Scorecard) => c.province.id },
  ScorecardEntry: { entity: ScorecardEntry, province: (e: ScorecardEntry) => e.province.id },
  Evidence: { entity: Evidence, province: (e: Evidence) => e.province.id },
  EvidenceFile: { entity: EvidenceFile, province: (f: EvidenceFile) => f.province.id },
  ExplanationRequest: { entity: ExplanationRequest, province: (e: ExplanationRequest) => e.province.id },
  Publication: { entity: Publication, province: (p: Publication) => p.province.id },
  InspectionPlan: { entity: InspectionPlan, province: (p: InspectionPlan) => p.province.id },
  InspectionTarget: { entity: InspectionTarget, province: (t: InspectionTarget) => t.province.id },
  InspectionFinding: { entity: InspectionFinding, province: (f: InspectionFinding) => f.province.id },
  ReformPlan: { entity: ReformPlan, province: (p: ReformPlan) => p.province.id },
  ReformPlanTask: { entity: ReformPlanTask, province: (t: ReformPlanTask) => t.province.id },
  User: { entity: User, province: (u: User) => u.province.id },
  ApiToken: { entity: ApiToken, province: () => null },
} as const;
type NodeName = keyof typeof NODES;

@Resolver()
export class NodeResolver {
  @Authenticated()
  @Query(() => NodeInterface, {
    nullable: true,
    description: 'Lấy một bản ghi theo mã định danh toàn cục; null nếu không có hoặc bạn không được xem.',
  })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<object | null> {
    const { type, id: uuid } = fromGlobalId(id, Object.keys(NODES));
    const def = NODES[type as NodeName];
    const record = (await ctx.em.findOne(def.entity as never, { id: uuid } as never)) as object | null;
    if (!record) return null;
    const viewer = ctx.viewer!;
    // Accounts and tokens: the province's admin, or the account itself.
    if (record instanceof User) return viewer.userId === record.id || (viewer.role === Role.ADMIN && viewer.provinceId === record.province.id) ? record : null;
    if (record instanceof ApiToken) {
      const owner = await ctx.loaders.user.load(record.user.id);
      return viewer.role === Role.ADMIN && owner?.province.id === viewer.provinceId ? record : null;
    }
    // A unit account sees only its own unit's scorecards, entries and evidence.
    if (viewer.role === Role.UNIT) {
      const unitOf =
        record instanceof Scorecard ? record.unit.id
        : record instanceof Evidence ? record.unit.id
        : record instanceof ScorecardEntry || record instanceof ExplanationRequest ? (await ctx.em.findOneOrFail(Scorecard, { id: record.scorecard.id })).unit.id
        : record instanceof EvidenceFile ? (record.uploadedBy === viewer.userId ? viewer.unitId : null)
        : record instanceof InspectionTarget || record instanceof InspectionFinding ? record.unit.id
        : record instanceof InspectionPlan ? null
        : undefined;
      if (unitOf !== undefined && unitOf !== viewer.unitId) return null;
    }
    // An inspector sees only the plans (and their targets and findings) of the teams they are on.
    if (viewer.role === Role.INSPECTOR && (record instanceof InspectionPlan || record instanceof InspectionTarget || record instanceof InspectionFinding)) {
      const planId = record instanceof InspectionPlan ? record.id : record instanceof InspectionTarget ? record.plan.id : (await ctx.em.findOneOrFail(InspectionTarget, { id: record.target.id })).plan.id;
      if (!(await visiblePlanIds(ctx.em, viewer))?.includes(planId)) return null;
    }
    if (viewer.role === Role.INTEGRATION && (record instanceof Scorecard || record instanceof ScorecardEntry || record instanceof Evidence || record instanceof EvidenceFile)) return null;
    const provinceId = (def.province as (r: object) => string | null)(record);
    return (await ctx.scope.canRead(provinceId)) ? record : null;
  }
}
