import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../auth/role.js';
import type { Viewer } from '../auth/viewer.js';
import type { WorkingCalendar } from '../calendar/working-days.js';
import { forbidden } from '../common/errors.js';
import { normalizeText } from '../common/text.js';
import { unitAncestry } from '../unit/history.js';
import { FindingKind, InspectionFinding, InspectionMode, InspectionTeamMember, type InspectionPlan, type InspectionTarget } from './inspection.entity.js';

export interface TargetDeadlines {
  noticeDueOn: string | null;
  reportDueOn: string | null;
  conclusionDueOn: string | null;
  remediationDueOn: string | null;
}

/**
 * Deadlines of a target on the province's working-day calendar: the schedule notice N working
 * days before the visit, the unit's report M before, the conclusion within K after, the
 * remediation report R after the conclusion; a self-inspecting unit reports by the plan's date.
 */
export function targetDeadlines(plan: InspectionPlan, mode: InspectionMode, visitOn: string | null, calendar: WorkingCalendar): TargetDeadlines {
  if (mode === InspectionMode.SELF) return { noticeDueOn: null, reportDueOn: plan.selfReportDueOn ?? null, conclusionDueOn: null, remediationDueOn: null };
  if (!visitOn) return { noticeDueOn: null, reportDueOn: null, conclusionDueOn: null, remediationDueOn: null };
  const conclusionDueOn = calendar.workingDaysAfter(visitOn, plan.conclusionDays);
  return {
    noticeDueOn: calendar.workingDaysBefore(visitOn, plan.noticeDays),
    reportDueOn: calendar.workingDaysBefore(visitOn, plan.reportDays),
    conclusionDueOn,
    remediationDueOn: calendar.workingDaysAfter(conclusionDueOn, plan.remediationDays),
  };
}

export type InspectionStep = 'NOTICE' | 'REPORT' | 'CONCLUSION' | 'REMEDIATION';

/** The open steps of a target with their due dates. */
export function openSteps(t: InspectionTarget): { step: InspectionStep; dueOn: string }[] {
  const steps: [InspectionStep, string | null | undefined, Date | null | undefined][] = [
    ['NOTICE', t.noticeDueOn, t.noticeSentAt],
    ['REPORT', t.reportDueOn, t.reportReceivedAt],
    ['CONCLUSION', t.conclusionDueOn, t.concludedAt],
    ['REMEDIATION', t.remediationDueOn, t.remediationReceivedAt],
  ];
  return steps.filter(([, due, done]) => due && !done).map(([step, due]) => ({ step, dueOn: due! }));
}

/**
 * The plans a viewer may see: every plan of the province for its administrators (and the council,
 * reviewers); for inspectors only the plans whose team they are on. `null` = no restriction.
 */
export async function visiblePlanIds(em: EntityManager, viewer: Viewer): Promise<string[] | null> {
  if (viewer.role !== Role.INSPECTOR) return null;
  const rows = await em.find(InspectionTeamMember, { user: viewer.userId }, { fields: ['plan'] });
  return rows.map((r) => r.plan.id);
}

/** Throws unless the viewer may act for the plan's team: the province's administrator or a team member. */
export async function assertOnTeam(em: EntityManager, viewer: Viewer, planId: string): Promise<void> {
  if (viewer.role === Role.ADMIN) return;
  if (viewer.role === Role.INSPECTOR && (await em.count(InspectionTeamMember, { plan: planId, user: viewer.userId }))) return;
  throw forbidden('Chỉ thành viên đoàn kiểm tra của kế hoạch này (hoặc Sở Nội vụ) được thực hiện thao tác này.');
}

/** The key that recognises the same subject across years. */
export const topicKey = (topic: string | null | undefined) => (topic?.trim() ? normalizeText(topic) : null);

/**
 * The earlier finding a new shortcoming or violation repeats: the latest one of an earlier year, in
 * the same area, of the unit or of any unit before it through lineage (a merged or transferred
 * agency inherits its predecessors' unresolved faults), about the same criterion or the same topic. Good practices never repeat.
 */
export async function findRepeatOf(
  em: EntityManager,
  spec: { unitId: string; year: number; area: string; kind: FindingKind; criterionCode: string | null; topic: string | null },
): Promise<InspectionFinding | null> {
  if (spec.kind === FindingKind.GOOD_PRACTICE || (!spec.criterionCode && !spec.topic)) return null;
  return em.findOne(
    InspectionFinding,
    {
      unit: { $in: await unitAncestry(em, spec.unitId) },
      year: { $lt: spec.year },
      area: spec.area as InspectionFinding['area'],
      kind: { $in: [FindingKind.SHORTCOMING, FindingKind.VIOLATION] },
      $or: [...(spec.criterionCode ? [{ criterionCode: spec.criterionCode }] : []), ...(spec.topic ? [{ topic: spec.topic }] : [])],
    },
    { orderBy: { year: 'desc', createdAt: 'desc' } },
  );
}
