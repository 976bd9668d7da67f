import { badInput } from './errors.js';

/**
 * Calendar dates are ISO `YYYY-MM-DD` strings in Asia/Ho_Chi_Minh (the date people in the
 * province see on the wall), never JavaScript Dates at UTC midnight.
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(v: string): boolean {
  const m = ISO.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}

export function assertDate(v: string, field: string): string {
  if (!isIsoDate(v)) throw badInput(`Ngày "${v}" không hợp lệ (định dạng YYYY-MM-DD).`, { field });
  return v;
}

/** Today's date in Vietnam. */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Formats an ISO date the Vietnamese way: 30/6/2025. */
export function viDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${Number(d)}/${Number(m)}/${y}`;
}
