/**
 * The "Thời hạn" (deadline) column of a province's yearly administrative-reform plan (kế hoạch
 * CCHC). Plans write it as free text: a date ("30/6/2025"), a month ("Tháng 6/2025"), a quarter
 * ("Quý II/2025"), the whole year ("Trong năm 2025"), an ongoing duty ("Thực hiện thường xuyên,
 * liên tục…") or a condition ("Sau khi Đề án được phê duyệt", "Theo tiến độ của Trung ương").
 * This module reads that text into a kind and the last day the task is still on time.
 */
export enum DeadlineKind {
  DATE = 'DATE',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
  REGULAR = 'REGULAR',
  CONDITIONAL = 'CONDITIONAL',
}

export interface PlanDeadline {
  kind: DeadlineKind;
  /** ISO yyyy-mm-dd, the last day the task may be completed on time; null for REGULAR/CONDITIONAL */
  dueOn: string | null;
  /** the original text, trimmed, whitespace collapsed */
  text: string;
}

/** Ongoing duties: no due date. Matched against the start of the lower-cased text. */
const REGULAR_PREFIXES = ['thường xuyên', 'thực hiện thường xuyên', 'thực hiện liên tục', 'liên tục', 'hằng năm', 'hàng năm'];
/** Tasks due after some event ("Sau khi …", "Theo tiến độ …", "Khi có …"): no due date either. */
const CONDITIONAL_PREFIXES = ['sau khi', 'theo ', 'khi '];

const ROMAN: Readonly<Record<string, number>> = { i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6, vii: 7, viii: 8, ix: 9, x: 10 };
const QUARTER_ROMAN = ['I', 'II', 'III', 'IV'] as const;

/** "Trong", "cuối", "hết", "đến hết" before a month or quarter all mean "by the end of it". */
const BY_END = String.raw`(?:(?:trong|cuối|hết|đến hết)\s+)?`;
/** The year after a month or quarter: "/2025", "-2025", " năm 2025", " 2025". */
const YEAR_TAIL = String.raw`(?:\s*(?:\/|-|năm)\s*(\d{4})|\s+(\d{4}))?`;

const DMY = /^(?:(?:trước|chậm nhất|hạn|đến|hoàn thành trước)\s+)?(?:ngày\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/;
const DMY_WORDS = /^(?:(?:trước|chậm nhất|hạn|đến|hoàn thành trước)\s+)?(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$/;
const YMD = /^(?:(?:trước|chậm nhất|hạn|đến|hoàn thành trước)\s+)?(?:ngày\s+)?(\d{4})-(\d{1,2})-(\d{1,2})$/;
const MONTH_WORD = new RegExp(String.raw`^${BY_END}tháng\s+(\d{1,2})${YEAR_TAIL}$`);
const MONTH_NUMERIC = /^(\d{1,2})\s*[/-]\s*(\d{4})$/;
const QUARTER = new RegExp(String.raw`^${BY_END}quý\s+([ivx]+|\d{1,2})${YEAR_TAIL}$`);
/** "6 tháng đầu năm [2025]" / "6 tháng cuối năm [2025]" (half years). */
const HALF_YEAR = /^(6|sáu)\s+tháng\s+(đầu|cuối)\s+năm(?:\s*(?:\/|-)?\s*(\d{4}))?$/;
const YEAR = /^(?:(?:trong|cả|cuối|hết|đến hết)\s+)?năm(?:\s*(?:\/|-)?\s*(\d{4}))?$/;
const YEAR_ONLY = /^(\d{4})$/;

/** NFC, whitespace collapsed, trimmed: the form kept in `PlanDeadline.text`. */
export function normalizeDeadlineText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
/** The last day of month `m` (1-12) of year `y`. */
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= lastDayOfMonth(y, m);
}

/** A quarter or area number written in digits or Roman numerals; NaN when neither. */
function romanOrDigits(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  return ROMAN[s] ?? Number.NaN;
}

/** Keeps error messages readable when someone pastes a paragraph into the cell. */
function quote(text: string): string {
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/**
 * Reads a "Thời hạn" cell. `planYear` is the plan's year: it fills in "Tháng 6", "Quý IV",
 * "Trong năm", and a dated deadline must fall in it, the year before (a plan signed on 31/12 may
 * list a task due that month, as 3487/QĐ-UBND does) or the next (deadlines into early next year).
 */
export function parsePlanDeadline(text: string, planYear: number): PlanDeadline | { error: string } {
  const original = normalizeDeadlineText(text);
  if (!original) return { error: 'Thiếu thời hạn.' };
  // Lower-cased and without trailing punctuation ("Quý II/2025." is still a quarter).
  const t = original.toLocaleLowerCase('vi').replace(/[.;,]+$/, '').trim();
  const shown = quote(original);

  if (REGULAR_PREFIXES.some((p) => t.startsWith(p))) return { kind: DeadlineKind.REGULAR, dueOn: null, text: original };
  if (CONDITIONAL_PREFIXES.some((p) => t.startsWith(p))) return { kind: DeadlineKind.CONDITIONAL, dueOn: null, text: original };

  const dated = (kind: DeadlineKind, y: number, m: number, d: number): PlanDeadline | { error: string } => {
    if (y < planYear - 1 || y > planYear + 1) return { error: `Thời hạn "${shown}" không thuộc năm kế hoạch ${planYear}.` };
    return { kind, dueOn: iso(y, m, d), text: original };
  };
  const yearOf = (...groups: (string | undefined)[]) => {
    const g = groups.find((x) => x !== undefined);
    return g === undefined ? planYear : Number(g);
  };

  // A date. "Trước ngày 30/6/2025" is read as due on 30/6/2025 (plans mean "by", not "the day before").
  let m = DMY.exec(t) ?? DMY_WORDS.exec(t);
  let ymd: [number, number, number] | null = m ? [Number(m[3]), Number(m[2]), Number(m[1])] : null;
  if (!ymd && (m = YMD.exec(t))) ymd = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (ymd) {
    const [y, mo, d] = ymd;
    if (!validDate(y, mo, d)) return { error: `Thời hạn "${shown}": ngày không tồn tại.` };
    return dated(DeadlineKind.DATE, y, mo, d);
  }

  // A month: due on its last day.
  m = MONTH_WORD.exec(t);
  const month = m ? { mo: Number(m[1]), y: yearOf(m[2], m[3]) } : (m = MONTH_NUMERIC.exec(t)) ? { mo: Number(m[1]), y: Number(m[2]) } : null;
  if (month) {
    if (month.mo < 1 || month.mo > 12) return { error: `Thời hạn "${shown}": tháng phải từ 1 đến 12.` };
    return dated(DeadlineKind.MONTH, month.y, month.mo, lastDayOfMonth(month.y, month.mo));
  }

  // A quarter, in Roman numerals or digits: due on the quarter's last day.
  if ((m = QUARTER.exec(t))) {
    const q = romanOrDigits(m[1] ?? '');
    if (!(q >= 1 && q <= 4)) return { error: `Thời hạn "${shown}": quý phải từ I đến IV.` };
    const y = yearOf(m[2], m[3]);
    return dated(DeadlineKind.QUARTER, y, q * 3, lastDayOfMonth(y, q * 3));
  }

  // Half years have no kind of their own: "6 tháng đầu năm" is kept as a QUARTER due on 30/6
  // (the end of quarter II), "6 tháng cuối năm" as a QUARTER due on 31/12 (the end of quarter IV).
  if ((m = HALF_YEAR.exec(t))) {
    const y = yearOf(m[3]);
    return m[2] === 'đầu' ? dated(DeadlineKind.QUARTER, y, 6, 30) : dated(DeadlineKind.QUARTER, y, 12, 31);
  }

  // The whole year: due on 31/12.
  if ((m = YEAR.exec(t)) && (m[1] !== undefined || t !== 'năm')) return dated(DeadlineKind.YEAR, yearOf(m[1]), 12, 31);
  if ((m = YEAR_ONLY.exec(t))) return dated(DeadlineKind.YEAR, Number(m[1]), 12, 31);

  return {
    error:
      `Thời hạn "${shown}" không đọc được; ghi ngày (dd/mm/yyyy), tháng (Tháng 6/${planYear}), ` +
      `quý (Quý II/${planYear}), "Trong năm ${planYear}", "Thường xuyên" hoặc "Sau khi …".`,
  };
}

/**
 * The Vietnamese display of a deadline: "30/06/2025", "Tháng 6/2025", "Quý II/2025",
 * "Trong năm 2025", "Thường xuyên", or the conditional text itself. Dated kinds are shown from
 * `dueOn` (so "Tháng 01/2025" shows as "Tháng 1/2025"); the label reads back to the same kind and
 * due date with `parsePlanDeadline`.
 */
export function deadlineLabel(d: { kind: DeadlineKind; dueOn: string | null; text: string }): string {
  const parts = d.dueOn ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(d.dueOn) : null;
  if (d.kind === DeadlineKind.REGULAR) return 'Thường xuyên';
  if (d.kind === DeadlineKind.CONDITIONAL || !parts) return normalizeDeadlineText(d.text);
  const [, y, mo, day] = parts;
  switch (d.kind) {
    case DeadlineKind.DATE:
      return `${day}/${mo}/${y}`;
    case DeadlineKind.MONTH:
      return `Tháng ${Number(mo)}/${y}`;
    case DeadlineKind.QUARTER:
      return `Quý ${QUARTER_ROMAN[Math.ceil(Number(mo) / 3) - 1] ?? '?'}/${y}`;
    case DeadlineKind.YEAR:
      return `Trong năm ${y}`;
  }
}
