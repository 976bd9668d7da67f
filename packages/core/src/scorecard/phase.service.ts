import type { EntityManager } from '@mikro-orm/postgresql';
import { calendarFor } from '../calendar/calendar-override.entity.js';
import type { Preset } from '../criteria/preset.js';
import type { AssessmentRound } from '../round/assessment-round.entity.js';
import { PHASE_ORDER, RoundPhase, type Phase } from './phase.entity.js';

/**
 * A round's phase deadlines from its preset's defaults: the first phase on a fixed day of the
 * next year ("MM-DD"), each later one N working days after the previous (the province's
 * working-day calendar). Phases without a default follow 5 working days after the previous.
 */
export async function createPhases(em: EntityManager, round: AssessmentRound, preset: Preset): Promise<RoundPhase[]> {
  const calendar = await calendarFor(em, round.province.id);
  const defaults = new Map(preset.phases.map((p) => [p.phase as Phase, p]));
  const out: RoundPhase[] = [];
  let prev = `${round.year + 1}-01-15`;
  PHASE_ORDER.forEach((phase, position) => {
    const d = defaults.get(phase);
    let closesOn: string;
    if (d?.closesOn) closesOn = `${round.year + 1}-${d.closesOn}`;
    else closesOn = calendar.workingDaysAfter(prev, d?.workingDaysAfterPrevious ?? (position === 0 ? 0 : 5));
    if (position === 0 && !d?.closesOn && !calendar.isWorkingDay(closesOn)) closesOn = calendar.addWorkingDays(closesOn, 1);
    out.push(em.create(RoundPhase, { province: round.province, round, phase, position, closesOn }));
    prev = closesOn;
  });
  return out;
}
