import { VN_CALENDAR, type YearCalendar } from './holidays.js';

/**
 * A province's admin edits to the shipped calendar: extra days off (`nonWorking`) and extra working
 * days (`working`), as ISO dates. Overrides win over the shipped data; a date may not be in both.
 */
export interface CalendarOverrides {
  readonly nonWorking: readonly string[];
  readonly working: readonly string[];
}

/** Deadlines are dates in Vietnam's time zone (UTC+7 all year, no daylight saving time). */
export const DEADLINE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Name given by `holidayName` to a day off added by an override that the data does not name. */
export const PROVINCE_DAY_OFF = 'Ngày nghỉ theo quyết định của tỉnh';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses 'YYYY-MM-DD' to midnight UTC of that date; throws a RangeError on anything else. */
function parseDate(date: string): Date {
  const m = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  const d = m ? new Date(`${date}T00:00:00Z`) : null;
  // Round-trip check rejects '2025-02-30', '2025-13-01' and the like.
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) {
    throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected an ISO calendar date 'YYYY-MM-DD'`);
  }
  return d;
}

function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function checkInteger(n: number, what: string, nonNegative = false): void {
  if (!Number.isInteger(n) || (nonNegative && n < 0)) {
    throw new RangeError(`Invalid ${what} ${String(n)}: expected a ${nonNegative ? 'non-negative ' : ''}integer`);
  }
}

/**
 * Working days of Vietnam's civil service, from holiday data plus a province's overrides.
 *
 * Rules, in order of precedence:
 * 1. Overrides win: a date in `overrides.working` is a working day, one in `overrides.nonWorking`
 *    is not, whatever the data or the weekday.
 * 2. A date in a year's `workingSaturdays` (make-up day) is a working day.
 * 3. A date in a year's `holidays` is not a working day.
 * 4. Otherwise Saturdays and Sundays are non-working and Monday–Friday are working days.
 *
 * For a year not in the data (e.g. 2027) only rule 4 (and overrides) apply: weekends only, no
 * holidays. `covers(year)` is false for such a year so that callers can warn.
 *
 * All dates are ISO strings 'YYYY-MM-DD'; arithmetic is done on UTC midnights, so the result does
 * not depend on the machine's time zone.
 */
export class WorkingCalendar {
  /** Non-working date → name (holidays, then override days off). */
  private readonly daysOff = new Map<string, string>();
  private readonly workingDays = new Set<string>();
  private readonly years: ReadonlySet<number>;

  constructor(
    data: Readonly<Record<number, YearCalendar>> = VN_CALENDAR,
    overrides: CalendarOverrides = { nonWorking: [], working: [] },
  ) {
    this.years = new Set(Object.keys(data).map(Number));
    for (const [year, cal] of Object.entries(data)) {
      for (const day of [...cal.holidays, ...cal.workingSaturdays]) {
        if (parseDate(day.date).getUTCFullYear() !== Number(year)) {
          throw new RangeError(`Calendar date ${day.date} is listed under year ${year}`);
        }
      }
      for (const h of cal.holidays) this.daysOff.set(h.date, h.name);
      for (const w of cal.workingSaturdays) {
        if (this.daysOff.has(w.date)) throw new RangeError(`Calendar date ${w.date} is both a holiday and a working day`);
        this.workingDays.add(w.date);
      }
    }
    for (const date of overrides.working) parseDate(date);
    for (const date of overrides.nonWorking) {
      parseDate(date);
      if (overrides.working.includes(date)) {
        throw new RangeError(`Override date ${date} is listed both as a day off and as a working day`);
      }
      this.workingDays.delete(date);
      if (!this.daysOff.has(date)) this.daysOff.set(date, PROVINCE_DAY_OFF);
    }
    for (const date of overrides.working) {
      this.daysOff.delete(date);
      this.workingDays.add(date);
    }
  }

  /** Whether civil servants work on `date` (see the class rules). */
  isWorkingDay(date: string): boolean {
    const day = parseDate(date).getUTCDay();
    if (this.workingDays.has(date)) return true;
    if (this.daysOff.has(date)) return false;
    return day !== 0 && day !== 6;
  }

  /**
   * Name of the holiday or day off on `date`, or null for a working day or an ordinary weekend.
   * A day off added by an override that the data does not name is called `PROVINCE_DAY_OFF`.
   */
  holidayName(date: string): string | null {
    parseDate(date);
    return this.daysOff.get(date) ?? null;
  }

  /**
   * Moves `n` working days from `date`, counting only working days and starting from the day after
   * (n > 0) or before (n < 0) `date`; `date` itself never counts. n = 0 returns `date` unchanged.
   */
  addWorkingDays(date: string, n: number): string {
    const d = parseDate(date);
    checkInteger(n, 'number of working days');
    const step = Math.sign(n);
    for (let left = Math.abs(n); left > 0; ) {
      d.setUTCDate(d.getUTCDate() + step);
      if (this.isWorkingDay(formatDate(d))) left--;
    }
    return formatDate(d);
  }

  /**
   * "N working days before `deadline`": the Nth working day counting backwards from the day before
   * `deadline` (1 working day before a Wednesday is the Tuesday, if Tuesday is a working day).
   */
  workingDaysBefore(deadline: string, n: number): string {
    checkInteger(n, 'number of working days', true);
    return this.addWorkingDays(deadline, -n);
  }

  /**
   * "Within N working days after `date`": the last day of the window, i.e. the Nth working day
   * counting forward from the day after `date`.
   */
  workingDaysAfter(date: string, n: number): string {
    checkInteger(n, 'number of working days', true);
    return this.addWorkingDays(date, n);
  }

  /** Whether the data has holidays for `year`; if not, only weekends are non-working. */
  covers(year: number): boolean {
    return this.years.has(year);
  }
}

/** The last instant of `date` in Vietnam: 23:59:59.999 at UTC+7 (Asia/Ho_Chi_Minh, no DST). */
export function deadlineInstant(date: string): Date {
  parseDate(date);
  return new Date(`${date}T23:59:59.999+07:00`);
}

/** Whether the deadline `date` has passed at `now`, i.e. `now` is after `deadlineInstant(date)`. */
export function isPast(date: string, now: Date): boolean {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new RangeError('Invalid "now": expected a valid Date');
  }
  return now.getTime() > deadlineInstant(date).getTime();
}
