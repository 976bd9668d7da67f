import type { EntityManager } from '@mikro-orm/postgresql';
import { todayInVietnam } from '../common/dates.js';
import { Area } from '../criteria/area.js';
import { CriterionSnapshot } from '../criteria/criteria.entity.js';
import { deadlineLabel } from '../plan/plan-deadline.js';
import { planShares } from '../plan/plan-share.js';
import { PLAN_TASK_STATUS_TITLES, ReformPlanTask } from '../plan/plan.entity.js';
import { onTime } from '../plan/plan.service.js';
import { Province } from '../province/province.entity.js';
import { Publication } from '../scorecard/appraisal.entity.js';
import { Scorecard, ScorecardArea, ScorecardResult, Stage } from '../scorecard/scorecard.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { FindingKind, InspectionFinding, InspectionTarget, RemediationStatus } from './inspection.entity.js';
import type { OutlineData } from './outline.js';

const STAGE_LABELS: Record<Stage, string> = {
  [Stage.SELF]: 'tự chấm',
  [Stage.APPRAISAL_1]: 'thẩm định lần 1',
  [Stage.APPRAISAL_2]: 'thẩm định lần 2',
  [Stage.FINAL]: 'chính thức',
};
const STAGE_ORDER: Stage[] = [Stage.FINAL, Stage.APPRAISAL_2, Stage.APPRAISAL_1, Stage.SELF];

/**
 * What the platform knows about a unit's year, gathered for the report outline: the inspection
 * (plan, mode, visit), its latest stored score (per area and criterion), the plan tasks it leads and
 * the findings about it. A fixed number of statements, whatever the unit.
 */
export async function outlineData(em: EntityManager, unitId: string, year: number, now: Date): Promise<OutlineData> {
  const unit = await em.findOneOrFail(Unit, { id: unitId });
  const province = await em.findOneOrFail(Province, { id: unit.province.id });
  const target = await em.findOne(InspectionTarget, { unit, plan: { year } }, { populate: ['plan'], orderBy: { createdAt: 'desc' } });

  const card = await em.findOne(Scorecard, { unit, round: { year } }, { orderBy: { createdAt: 'desc' } });
  // The published result when there is one (the official record), else the latest stored stage.
  const publication = card ? await em.findOne(Publication, { round: card.round, group: card.group }, { orderBy: { version: 'desc' } }) : null;
  const published = publication?.results.find((r) => r.unitId === unit.id) ?? null;
  const results = card ? await em.find(ScorecardResult, { scorecard: card }) : [];
  const result = STAGE_ORDER.map((s) => results.find((r) => r.stage === s)).find((r) => r);
  const areaRows = published
    ? published.areas.map((a) => ({ area: a.area, points: a.points, max: a.max }))
    : result
      ? (await em.find(ScorecardArea, { scorecard: card!, stage: result.stage })).map((a) => ({ area: a.area, points: a.points.toFixed(), max: a.max.toFixed() }))
      : [];
  const snapshot = card ? await em.find(CriterionSnapshot, { round: card.round, group: card.group }) : [];
  const leafArea = new Map(snapshot.filter((s) => s.method).map((s) => [s.code, { area: s.area, title: s.title }]));

  const tasks = await em.find(ReformPlanTask, { lead: unit, plan: { year } }, { orderBy: { plan: { title: 'asc' }, position: 'asc' } });
  const findings = await em.find(InspectionFinding, { unit, year }, { orderBy: { createdAt: 'asc' } });
  const share = (await planShares(em, [unit.id], year)).get(unit.id) ?? null;

  const areas = Object.values(Area).map((area) => {
    const row = areaRows.find((a) => a.area === area);
    const criteria = (result?.criteria ?? [])
      .filter((c) => leafArea.get(c.code)?.area === area && c.entered)
      .map((c) => ({ code: c.code, title: leafArea.get(c.code)!.title, points: c.points, max: c.max, reason: c.reason }));
    return {
      area,
      points: row?.points ?? null,
      max: row?.max ?? null,
      criteria,
      tasks: tasks
        .filter((t) => t.area === area)
        .map((t) => ({ title: t.title, deadline: deadlineLabel({ kind: t.deadlineKind, dueOn: t.dueOn ?? null, text: t.deadlineText }), status: PLAN_TASK_STATUS_TITLES[t.status], onTime: onTime(t), product: t.product || null })),
      findings: findings
        .filter((f) => f.area === area)
        .map((f) => ({
          kind: f.kind as FindingKind,
          description: f.description,
          recommendation: f.recommendation ?? null,
          repeated: !!f.repeatedFrom,
          remediated: f.remediationStatus === RemediationStatus.ACCEPTED,
        })),
    };
  });

  return {
    unitName: unit.name,
    provinceName: province.name,
    year,
    generatedOn: todayInVietnam(now),
    planTitle: target?.plan.title ?? null,
    mode: target?.mode ?? null,
    visitOn: target?.visitOn ?? null,
    score: published
      ? { stageLabel: `đã công bố (lần ${publication!.version})`, total: published.total, max: published.max, index: published.index, band: published.band }
      : result
        ? { stageLabel: STAGE_LABELS[result.stage], total: result.total.toFixed(), max: result.max.toFixed(), index: result.index.toFixed(2), band: null }
        : null,
    areas,
    planShare: share && share.total ? share : null,
  };
}
