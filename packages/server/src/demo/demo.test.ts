import { Phase, PHASE_ORDER, WorkingCalendar } from '@par/core';
import { describe, expect, it } from 'vitest';
import { DEMO_OPEN_DAYS } from './demo-data.js';
import { openSeasonDeadlines } from './demo.service.js';

const calendar = new WorkingCalendar();
// The preset's default deadlines of a 2026 round (self-assessment closes on Friday 15/1/2027).
const phases = PHASE_ORDER.map((phase, position) => ({ phase, position, closesOn: ['2027-01-15', '2027-01-22', '2027-01-29', '2027-02-05', '2027-03-05', '2027-03-12'][position] ?? '2027-03-19' }));

describe("the demo's season under way stays open", () => {
  it('keeps the preset deadlines when self-assessment closes more than 30 days after the load', () => {
    expect(DEMO_OPEN_DAYS).toBe(30);
    expect([...openSeasonDeadlines(phases, '2026-11-20', calendar).values()]).toEqual(phases.map((p) => p.closesOn));
    expect(openSeasonDeadlines(phases, '2026-12-16', calendar).get(Phase.SELF_ASSESSMENT)).toBe('2027-01-15'); // exactly 30 days
  });

  it('moves every deadline forward by the same days, to working days, when loaded later', () => {
    // Loaded on 1/3/2027: self-assessment 30 days later is Wednesday 31/3/2027 (shift of 75 days).
    const moved = openSeasonDeadlines(phases, '2027-03-01', calendar);
    expect(moved.get(Phase.SELF_ASSESSMENT)).toBe('2027-03-31');
    const dates = PHASE_ORDER.map((p) => moved.get(p)!);
    for (const d of dates) expect(calendar.isWorkingDay(d), d).toBe(true);
    expect([...dates].sort()).toEqual(dates); // still in phase order, none on the same day
    expect(new Set(dates).size).toBe(dates.length);
    phases.forEach((p, i) => expect(dates[i]! > p.closesOn).toBe(true));
  });

  it('a deadline that would fall on a day off moves to the next working day', () => {
    // Loaded on 4/3/2027: 30 days later is Saturday 3/4/2027, so self-assessment closes on Monday 5/4/2027.
    expect(openSeasonDeadlines(phases, '2027-03-04', calendar).get(Phase.SELF_ASSESSMENT)).toBe('2027-04-05');
  });
});
