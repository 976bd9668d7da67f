import { describe, expect, it } from 'vitest';
import { VN_CALENDAR } from './holidays.js';
import { DEADLINE_TIME_ZONE, PROVINCE_DAY_OFF, WorkingCalendar, deadlineInstant, isPast } from './working-days.js';

// Every expected date below was worked out by hand from a paper calendar; the reasoning is in the
// comments ("(k)" marks the k-th working day counted, "off" a holiday, "wknd" a plain weekend).
const cal = new WorkingCalendar();

describe('the shipped data', () => {
  it('has valid dates under the right year, and make-up days on weekends', () => {
    for (const [year, data] of Object.entries(VN_CALENDAR)) {
      for (const d of [...data.holidays, ...data.workingSaturdays]) {
        expect(new Date(`${d.date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(d.date);
        expect(d.date.startsWith(`${year}-`)).toBe(true);
      }
      for (const d of data.workingSaturdays) expect([0, 6]).toContain(new Date(`${d.date}T00:00:00Z`).getUTCDay());
    }
    expect(new WorkingCalendar().covers(2024) && cal.covers(2025) && cal.covers(2026)).toBe(true);
  });

  it('names holidays in Vietnamese, and nothing on ordinary days', () => {
    expect(cal.holidayName('2025-01-29')).toBe('Tết Nguyên đán'); // Wed, mùng 1 Tết Ất Tỵ
    expect(cal.holidayName('2025-04-07')).toBe('Giỗ Tổ Hùng Vương (10/3 âm lịch)');
    expect(cal.holidayName('2024-04-30')).toBe('Ngày Giải phóng miền Nam 30/4');
    expect(cal.holidayName('2024-05-01')).toBe('Quốc tế Lao động 1/5');
    expect(cal.holidayName('2025-09-02')).toBe('Quốc khánh 2/9');
    expect(cal.holidayName('2026-01-01')).toBe('Tết Dương lịch');
    expect(cal.holidayName('2025-01-15')).toBeNull(); // ordinary Wednesday
    expect(cal.holidayName('2025-01-18')).toBeNull(); // ordinary Saturday
  });
});

describe('isWorkingDay', () => {
  it('weekdays work, weekends and weekday holidays do not', () => {
    expect(cal.isWorkingDay('2025-01-15')).toBe(true); // Wed
    expect(cal.isWorkingDay('2025-01-18')).toBe(false); // Sat
    expect(cal.isWorkingDay('2025-01-19')).toBe(false); // Sun
    expect(cal.isWorkingDay('2024-02-08')).toBe(false); // Thu, Tết 2024 starts
    expect(cal.isWorkingDay('2024-02-15')).toBe(true); // Thu, first day back after Tết 2024
    expect(cal.isWorkingDay('2024-04-29')).toBe(false); // Mon, swapped with Sat 4/5
  });

  it('make-up Saturdays are working days: 26/4/2025 and 4/5/2024', () => {
    expect(cal.isWorkingDay('2025-04-26')).toBe(true);
    expect(cal.isWorkingDay('2025-04-19')).toBe(false); // the Saturday before: an ordinary one
    expect(cal.isWorkingDay('2024-05-04')).toBe(true);
    expect(cal.holidayName('2025-04-26')).toBeNull();
  });
});

describe('deadlines across Tết', () => {
  it('Tết 2025: 5 working days after Fri 24/1/2025 is Fri 7/2', () => {
    // 25 Sat, 26 Sun, 27–31/1 Mon–Fri Tết off, 1/2 Sat, 2/2 Sun, then
    // 3/2 Mon (1), 4 Tue (2), 5 Wed (3), 6 Thu (4), 7 Fri (5).
    expect(cal.workingDaysAfter('2025-01-24', 5)).toBe('2025-02-07');
  });

  it('Tết 2025: 3 working days before Tue 4/2/2025 is Thu 23/1', () => {
    // 3/2 Mon (1), 2/2 Sun–25/1 Sat all off, 24/1 Fri (2), 23/1 Thu (3).
    expect(cal.workingDaysBefore('2025-02-04', 3)).toBe('2025-01-23');
  });

  it('Tết 2024: 5 working days after Wed 7/2/2024 is Wed 21/2', () => {
    // 8 Thu–14 Wed off (Tết + weekend), 15 Thu (1), 16 Fri (2), 17–18 wknd, 19 Mon (3), 20 Tue (4), 21 Wed (5).
    expect(cal.workingDaysAfter('2024-02-07', 5)).toBe('2024-02-21');
  });

  it('Tết 2024: 10 working days before Tue 20/2/2024 is Tue 30/1', () => {
    // 19 Mon (1), 18–17 wknd, 16 Fri (2), 15 Thu (3), 14 Wed–8 Thu off, 7 Wed (4), 6 Tue (5), 5 Mon (6),
    // 4–3 wknd, 2 Fri (7), 1 Thu (8), 31/1 Wed (9), 30/1 Tue (10).
    expect(cal.workingDaysBefore('2024-02-20', 10)).toBe('2024-01-30');
  });

  it('Tết 2026 (data to verify): 1 working day after Fri 13/2/2026 is Mon 23/2', () => {
    // 14 Sat – 22 Sun all off (Tết break), 23 Mon (1).
    expect(cal.workingDaysAfter('2026-02-13', 1)).toBe('2026-02-23');
  });
});

describe('deadlines across Quốc khánh 2/9', () => {
  it('2024: 10 working days before Tue 10/9/2024 is Fri 23/8 (weekends only would give Tue 27/8)', () => {
    // 9 Mon (1), 8–7 wknd, 6 Fri (2), 5 Thu (3), 4 Wed (4), 3 Tue off, 2 Mon off, 1/9–31/8 wknd,
    // 30 Fri (5), 29 Thu (6), 28 Wed (7), 27 Tue (8), 26 Mon (9), 25–24 wknd, 23 Fri (10).
    expect(cal.workingDaysBefore('2024-09-10', 10)).toBe('2024-08-23');
    expect(new WorkingCalendar({}).workingDaysBefore('2024-09-10', 10)).toBe('2024-08-27');
  });

  it('2025: 10 working days before Wed 10/9/2025 is Mon 25/8', () => {
    // 9 Tue (1), 8 Mon (2), 7–6 wknd, 5 Fri (3), 4 Thu (4), 3 Wed (5), 2 Tue off, 1 Mon off, 31–30 wknd,
    // 29 Fri (6), 28 Thu (7), 27 Wed (8), 26 Tue (9), 25 Mon (10).
    expect(cal.workingDaysBefore('2025-09-10', 10)).toBe('2025-08-25');
  });
});

describe('30/4–1/5 swaps', () => {
  it('2025: the make-up Saturday 26/4 counts', () => {
    // 1 working day after Fri 25/4: 26 Sat is a make-up working day (1).
    expect(cal.workingDaysAfter('2025-04-25', 1)).toBe('2025-04-26');
    // 1 working day before Mon 28/4: 27 Sun, 26 Sat working (1).
    expect(cal.workingDaysBefore('2025-04-28', 1)).toBe('2025-04-26');
    // 3 working days after Mon 28/4: 29 Tue (1), 30 Wed, 1/5 Thu, 2/5 Fri off, 3–4 wknd, 5 Mon (2), 6 Tue (3).
    expect(cal.workingDaysAfter('2025-04-28', 3)).toBe('2025-05-06');
  });

  it('2024: Mon 29/4 off, Sat 4/5 worked', () => {
    // After Fri 26/4: 27–28 wknd, 29 Mon off (swap), 30 Tue off, 1/5 Wed off, 2 Thu (1), 3 Fri (2), 4 Sat (3).
    expect(cal.workingDaysAfter('2024-04-26', 1)).toBe('2024-05-02');
    expect(cal.workingDaysAfter('2024-04-26', 3)).toBe('2024-05-04');
  });
});

describe("Kon Tum's inspection plan: notice 10 working days before, report 5 before, conclusion within 10 after", () => {
  it('visit Thu 29/8/2024: the conclusion window crosses 2/9', () => {
    // Notice: 28 Wed (1), 27 (2), 26 Mon (3), 25–24 wknd, 23 Fri (4), 22 (5), 21 (6), 20 (7), 19 Mon (8),
    // 18–17 wknd, 16 Fri (9), 15 Thu (10).
    expect(cal.workingDaysBefore('2024-08-29', 10)).toBe('2024-08-15');
    // Report: 28 (1), 27 (2), 26 (3), 23 (4), 22 Thu (5).
    expect(cal.workingDaysBefore('2024-08-29', 5)).toBe('2024-08-22');
    // Conclusion: 30 Fri (1), 31 Sat, 1/9 Sun, 2 Mon off, 3 Tue off, 4 Wed (2), 5 (3), 6 Fri (4), 7–8 wknd,
    // 9 Mon (5), 10 (6), 11 (7), 12 (8), 13 Fri (9), 14–15 wknd, 16 Mon (10).
    expect(cal.workingDaysAfter('2024-08-29', 10)).toBe('2024-09-16');
  });

  it('visit Thu 4/9/2025: notice and report cross 2/9', () => {
    // Notice: 3 Wed (1), 2 Tue off, 1 Mon off, 31–30 wknd, 29 Fri (2), 28 (3), 27 (4), 26 (5), 25 Mon (6),
    // 24–23 wknd, 22 Fri (7), 21 (8), 20 (9), 19 Tue (10).
    expect(cal.workingDaysBefore('2025-09-04', 10)).toBe('2025-08-19');
    // Report: 3 (1), 29 (2), 28 (3), 27 (4), 26 Tue (5).
    expect(cal.workingDaysBefore('2025-09-04', 5)).toBe('2025-08-26');
    // Conclusion: 5 Fri (1), 6–7 wknd, 8 Mon (2), 9 (3), 10 (4), 11 (5), 12 Fri (6), 13–14 wknd,
    // 15 Mon (7), 16 (8), 17 (9), 18 Thu (10).
    expect(cal.workingDaysAfter('2025-09-04', 10)).toBe('2025-09-18');
  });
});

describe('province overrides', () => {
  it('an extra day off pushes a deadline', () => {
    const extra = new WorkingCalendar(VN_CALENDAR, { nonWorking: ['2025-02-05', '2025-09-03'], working: [] });
    // After Fri 24/1/2025, as above but Wed 5/2 is off: 3 Mon (1), 4 (2), 5 off, 6 (3), 7 Fri (4), 10 Mon (5).
    expect(extra.workingDaysAfter('2025-01-24', 5)).toBe('2025-02-10');
    // Report for the 4/9/2025 visit with Wed 3/9 off: 3, 2, 1 off, 31–30 wknd, 29 (1), 28 (2), 27 (3), 26 (4), 25 Mon (5).
    expect(extra.workingDaysBefore('2025-09-04', 5)).toBe('2025-08-25');
    expect(extra.holidayName('2025-02-05')).toBe(PROVINCE_DAY_OFF);
  });

  it('an extra working day pulls a deadline, even on a shipped holiday', () => {
    // Sat 1/2/2025 worked: 1 Sat (1), 3 Mon (2), 4 (3), 5 (4), 6 Thu (5).
    const sat = new WorkingCalendar(VN_CALENDAR, { nonWorking: [], working: ['2025-02-01'] });
    expect(sat.workingDaysAfter('2025-01-24', 5)).toBe('2025-02-06');
    // Fri 31/1/2025 (Tết) worked: 31 Fri (1), 3 Mon (2), 4 (3), 5 (4), 6 Thu (5).
    const tet = new WorkingCalendar(VN_CALENDAR, { nonWorking: [], working: ['2025-01-31'] });
    expect(tet.workingDaysAfter('2025-01-24', 5)).toBe('2025-02-06');
    expect(tet.isWorkingDay('2025-01-31')).toBe(true);
    expect(tet.holidayName('2025-01-31')).toBeNull();
  });

  it('an override day off wins over a make-up Saturday, keeping names of shipped holidays', () => {
    const c = new WorkingCalendar(VN_CALENDAR, { nonWorking: ['2025-04-26', '2025-01-29'], working: [] });
    expect(c.isWorkingDay('2025-04-26')).toBe(false);
    expect(c.holidayName('2025-01-29')).toBe('Tết Nguyên đán');
  });
});

describe('years outside the data', () => {
  it('2027: weekends only, and covers() is false', () => {
    expect(cal.covers(2027)).toBe(false);
    expect(cal.isWorkingDay('2027-01-01')).toBe(true); // Fri: Tết Dương lịch, but no 2027 data
    // 3 working days after Fri 1/1/2027: 2–3 wknd, 4 Mon (1), 5 Tue (2), 6 Wed (3).
    expect(cal.workingDaysAfter('2027-01-01', 3)).toBe('2027-01-06');
  });
});

describe('addWorkingDays', () => {
  it('n = 0 keeps the date; negative n goes backward like workingDaysBefore', () => {
    expect(cal.addWorkingDays('2025-01-18', 0)).toBe('2025-01-18');
    // 1 working day before Wed 15/1/2025 is Tue 14/1.
    expect(cal.addWorkingDays('2025-01-15', -1)).toBe('2025-01-14');
    expect(cal.workingDaysBefore('2025-01-15', 1)).toBe('2025-01-14');
  });
});

describe('deadline instants in Asia/Ho_Chi_Minh', () => {
  it('a deadline date ends at 23:59:59.999 UTC+7', () => {
    expect(DEADLINE_TIME_ZONE).toBe('Asia/Ho_Chi_Minh');
    expect(deadlineInstant('2025-01-15').toISOString()).toBe('2025-01-15T16:59:59.999Z');
  });

  it('isPast flips just after that instant', () => {
    expect(isPast('2025-01-15', new Date('2025-01-15T16:59:59.999Z'))).toBe(false);
    expect(isPast('2025-01-15', new Date('2025-01-15T17:00:00.000Z'))).toBe(true);
    expect(isPast('2025-01-15', new Date('2025-01-15T23:00:00+07:00'))).toBe(false);
    // 20:00 UTC on 15/1 is already 03:00 on 16/1 in Vietnam.
    expect(isPast('2025-01-15', new Date('2025-01-15T20:00:00Z'))).toBe(true);
    expect(isPast('2025-01-15', new Date('2025-01-14T12:00:00Z'))).toBe(false);
  });
});

describe('malformed input', () => {
  it.each(['2025-1-5', '2025-02-30', '2025-13-01', '', '2025/01/15', ' 2025-01-15', '2025-01-15T00:00:00Z'])(
    'rejects the date %j',
    (bad) => {
      expect(() => cal.isWorkingDay(bad)).toThrow(RangeError);
      expect(() => cal.addWorkingDays(bad, 1)).toThrow(/Invalid date/);
      expect(() => deadlineInstant(bad)).toThrow(RangeError);
    },
  );

  it('rejects non-integer or negative counts, bad overrides and an invalid now', () => {
    for (const n of [1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => cal.addWorkingDays('2025-01-15', n)).toThrow(RangeError);
    }
    expect(() => cal.workingDaysBefore('2025-01-15', -1)).toThrow(/non-negative integer/);
    expect(() => cal.workingDaysAfter('2025-01-15', -1)).toThrow(RangeError);
    expect(() => new WorkingCalendar(VN_CALENDAR, { nonWorking: ['2025-2-1'], working: [] })).toThrow(RangeError);
    expect(() => new WorkingCalendar(VN_CALENDAR, { nonWorking: ['2025-02-03'], working: ['2025-02-03'] })).toThrow(
      RangeError,
    );
    expect(() => isPast('2025-01-15', new Date('nope'))).toThrow(RangeError);
  });
});
