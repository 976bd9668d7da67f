import type { WorkingCalendar } from '../calendar/working-days.js';
import { InspectionMode, type InspectionPlan, type InspectionTarget } from './inspection.entity.js';

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
