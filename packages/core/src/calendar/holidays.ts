/**
 * Vietnam's public holidays and swapped days for civil servants (công chức, viên chức), as data.
 *
 * Source: the government's yearly announcements of the holiday schedule for civil servants
 * (Thông báo of the Bộ Lao động – Thương binh và Xã hội, since 2025 the Bộ Nội vụ, implementing the
 * Prime Minister's decision), on top of Bộ luật Lao động 2019, Điều 111–112.
 *
 * This is shipped default data. A province's admin edits it per province (extra days off, extra
 * working days); those edits are applied by the caller as `CalendarOverrides` (see
 * working-days.ts), and they win over this table. Entries marked `note: 'to verify'` were not
 * checked against a published announcement: confirm them before relying on them.
 *
 * - `holidays`: every non-working day that is not an ordinary Saturday/Sunday: official days off,
 *   compensatory days off and swapped days off. Weekend days inside a holiday break may also be
 *   listed (only so that their name is known); that is harmless.
 * - `workingSaturdays`: weekend days declared working days to make up for a swapped day off.
 */

export interface CalendarDay {
  /** ISO date, 'YYYY-MM-DD'. */
  readonly date: string;
  /** Vietnamese name. */
  readonly name: string;
  /** 'to verify' when the entry is not confirmed by a published announcement. */
  readonly note?: string;
}

export interface YearCalendar {
  readonly holidays: readonly CalendarDay[];
  readonly workingSaturdays: readonly CalendarDay[];
}

const TET_DL = 'Tết Dương lịch';
const TET = 'Tết Nguyên đán';
const GIO_TO = 'Giỗ Tổ Hùng Vương (10/3 âm lịch)';
const GIAI_PHONG = 'Ngày Giải phóng miền Nam 30/4';
const LAO_DONG = 'Quốc tế Lao động 1/5';
const QUOC_KHANH = 'Quốc khánh 2/9';
const QUOC_KHANH_KE = 'Quốc khánh 2/9 (ngày liền kề)';
const TO_VERIFY = 'to verify';

export const VN_CALENDAR: Readonly<Record<number, YearCalendar>> = {
  2024: {
    holidays: [
      { date: '2024-01-01', name: TET_DL }, // Mon
      // Tết Giáp Thìn (mùng 1 = Sat 10/2): off Thu 8/2 – Wed 14/2, no make-up day.
      { date: '2024-02-08', name: TET },
      { date: '2024-02-09', name: TET },
      { date: '2024-02-10', name: TET }, // Sat
      { date: '2024-02-11', name: TET }, // Sun
      { date: '2024-02-12', name: TET },
      { date: '2024-02-13', name: TET },
      { date: '2024-02-14', name: TET },
      { date: '2024-04-18', name: GIO_TO }, // Thu
      // Off Sat 27/4 – Wed 1/5: Mon 29/4 swapped with Sat 4/5.
      { date: '2024-04-29', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 4/5/2024)' },
      { date: '2024-04-30', name: GIAI_PHONG }, // Tue
      { date: '2024-05-01', name: LAO_DONG }, // Wed
      // Off Sat 31/8 – Tue 3/9 (2/9 and 3/9 plus the weekend), no make-up day.
      { date: '2024-09-02', name: QUOC_KHANH }, // Mon
      { date: '2024-09-03', name: QUOC_KHANH_KE }, // Tue
    ],
    workingSaturdays: [{ date: '2024-05-04', name: 'Làm bù cho ngày nghỉ thứ Hai 29/4/2024' }],
  },
  2025: {
    holidays: [
      { date: '2025-01-01', name: TET_DL }, // Wed
      // Tết Ất Tỵ (mùng 1 = Wed 29/1): off Sat 25/1 – Sun 2/2, no make-up day.
      { date: '2025-01-25', name: TET }, // Sat
      { date: '2025-01-26', name: TET }, // Sun
      { date: '2025-01-27', name: TET },
      { date: '2025-01-28', name: TET },
      { date: '2025-01-29', name: TET },
      { date: '2025-01-30', name: TET },
      { date: '2025-01-31', name: TET },
      { date: '2025-02-01', name: TET }, // Sat
      { date: '2025-02-02', name: TET }, // Sun
      { date: '2025-04-07', name: GIO_TO }, // Mon
      // Off Wed 30/4 – Sun 4/5: Fri 2/5 swapped with Sat 26/4.
      { date: '2025-04-30', name: GIAI_PHONG }, // Wed
      { date: '2025-05-01', name: LAO_DONG }, // Thu
      { date: '2025-05-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)' },
      // Off Sat 30/8 – Tue 2/9, no make-up day.
      { date: '2025-09-01', name: QUOC_KHANH_KE }, // Mon
      { date: '2025-09-02', name: QUOC_KHANH }, // Tue
    ],
    workingSaturdays: [{ date: '2025-04-26', name: 'Làm bù cho ngày nghỉ thứ Sáu 2/5/2025' }],
  },
  2026: {
    holidays: [
      { date: '2026-01-01', name: TET_DL }, // Thu
      // Fri 2/1 swapped with Sat 10/1 (off Thu 1/1 – Sun 4/1): announcement not checked.
      { date: '2026-01-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 10/1/2026)', note: TO_VERIFY },
      // Tết Bính Ngọ (mùng 1 = Tue 17/2): 9-day break Sat 14/2 – Sun 22/2; placement not checked.
      { date: '2026-02-14', name: TET, note: TO_VERIFY }, // Sat
      { date: '2026-02-15', name: TET, note: TO_VERIFY }, // Sun
      { date: '2026-02-16', name: TET, note: TO_VERIFY },
      { date: '2026-02-17', name: TET, note: TO_VERIFY },
      { date: '2026-02-18', name: TET, note: TO_VERIFY },
      { date: '2026-02-19', name: TET, note: TO_VERIFY },
      { date: '2026-02-20', name: TET, note: TO_VERIFY },
      { date: '2026-02-21', name: TET, note: TO_VERIFY }, // Sat
      { date: '2026-02-22', name: TET, note: TO_VERIFY }, // Sun
      // 10/3 âm lịch falls on Sun 26/4: compensatory day off on the next working day (Điều 111.3).
      { date: '2026-04-26', name: GIO_TO }, // Sun
      { date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương', note: TO_VERIFY }, // Mon
      { date: '2026-04-30', name: GIAI_PHONG }, // Thu
      { date: '2026-05-01', name: LAO_DONG }, // Fri
      // 2/9 plus one adjacent day (before or after); which one was not checked.
      { date: '2026-09-01', name: QUOC_KHANH_KE, note: TO_VERIFY }, // Tue
      { date: '2026-09-02', name: QUOC_KHANH }, // Wed
    ],
    workingSaturdays: [{ date: '2026-01-10', name: 'Làm bù cho ngày nghỉ thứ Sáu 2/1/2026', note: TO_VERIFY }],
  },
};
