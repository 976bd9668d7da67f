import { describe, expect, it } from 'vitest';
import { DeadlineKind, deadlineLabel, parsePlanDeadline, type PlanDeadline } from './plan-deadline.js';

const ok = (text: string, planYear = 2025): PlanDeadline => {
  const d = parsePlanDeadline(text, planYear);
  if ('error' in d) throw new Error(`expected "${text}" to parse, got: ${d.error}`);
  return d;
};
const err = (text: string, planYear = 2025): string => {
  const d = parsePlanDeadline(text, planYear);
  if (!('error' in d)) throw new Error(`expected "${text}" to fail, got ${d.kind} ${d.dueOn}`);
  return d.error;
};
const UNREADABLE = (text: string) =>
  `Thời hạn "${text}" không đọc được; ghi ngày (dd/mm/yyyy), tháng (Tháng 6/2025), quý (Quý II/2025), "Trong năm 2025", "Thường xuyên" hoặc "Sau khi …".`;

// Every "Thời hạn" written in the task table of Khánh Hòa's plan for 2025 (QĐ 3487/QĐ-UBND), with the
// due date worked out by hand: a month ends on its last day, a quarter on 31/3, 30/6, 30/9 or 31/12.
describe('the deadlines of QĐ 3487/QĐ-UBND (Khánh Hòa, 2025)', () => {
  it.each([
    ['Tháng 01/2025', DeadlineKind.MONTH, '2025-01-31'],
    ['Tháng 6/2025', DeadlineKind.MONTH, '2025-06-30'],
    ['Tháng 10/2025', DeadlineKind.MONTH, '2025-10-31'],
    ['Tháng 12/2025', DeadlineKind.MONTH, '2025-12-31'],
    ['Quý I/2025', DeadlineKind.QUARTER, '2025-03-31'],
    ['Quý II/2025', DeadlineKind.QUARTER, '2025-06-30'],
    ['Quý III/2025', DeadlineKind.QUARTER, '2025-09-30'],
    ['Quý IV/2025', DeadlineKind.QUARTER, '2025-12-31'],
    ['Trong năm 2025', DeadlineKind.YEAR, '2025-12-31'],
    ['Năm 2025', DeadlineKind.YEAR, '2025-12-31'],
    ['Thường xuyên', DeadlineKind.REGULAR, null],
    ['Thực hiện thường xuyên, liên tục theo chỉ đạo, hướng dẫn của Trung ương', DeadlineKind.REGULAR, null],
    ['Thực hiện liên tục, chủ động sắp xếp trên cơ sở hướng dẫn của Trung ương', DeadlineKind.REGULAR, null],
    ['Thực hiện liên tục, chủ động ban hành', DeadlineKind.REGULAR, null],
    ['Sau khi Đề án được phê duyệt', DeadlineKind.CONDITIONAL, null],
    ['Sau khi Chính phủ ban hành Nghị định', DeadlineKind.CONDITIONAL, null],
    ['Sau khi có đề án sắp xếp và hướng dẫn của cơ quan chuyên môn', DeadlineKind.CONDITIONAL, null],
    ['Sau khi các Chỉ số được công bố', DeadlineKind.CONDITIONAL, null],
    ['Theo tiến độ Kế hoạch', DeadlineKind.CONDITIONAL, null],
    ['Theo tiến độ của Trung ương', DeadlineKind.CONDITIONAL, null],
    ['Theo hướng dẫn của Văn phòng Chính phủ', DeadlineKind.CONDITIONAL, null],
    ['Theo quy định', DeadlineKind.CONDITIONAL, null],
    ['Theo tiến độ của Chính phủ, Bộ Nội vụ', DeadlineKind.CONDITIONAL, null],
    [
      'Theo Quy chế hoạt động của Ban Chỉ đạo CCHC tỉnh (được ban hành kèm theo Quyết định số 2112/QĐ-BCĐCCHC ngày 06/9/2023)',
      DeadlineKind.CONDITIONAL,
      null,
    ],
  ] as const)('%s → %s %s', (text, kind, dueOn) => {
    expect(ok(text)).toEqual({ kind, dueOn, text });
  });

  it('accepts "Tháng 12/2024" in the 2025 plan: the seed signed on 31/12/2024 has such a task; two years back is refused', () => {
    expect(ok('Tháng 12/2024')).toMatchObject({ kind: DeadlineKind.MONTH, dueOn: '2024-12-31' });
    expect(err('Tháng 12/2023')).toBe('Thời hạn "Tháng 12/2023" không thuộc năm kế hoạch 2025.');
  });
});

describe('parsePlanDeadline', () => {
  it('reads dates as d/m/yyyy, dd/mm/yyyy, yyyy-mm-dd, with "ngày" or "Trước ngày"', () => {
    expect(ok('30/6/2025')).toEqual({ kind: DeadlineKind.DATE, dueOn: '2025-06-30', text: '30/6/2025' });
    expect(ok('05/01/2025').dueOn).toBe('2025-01-05');
    expect(ok('1/2/2025').dueOn).toBe('2025-02-01'); // day first: 1 February
    expect(ok('2025-06-30')).toMatchObject({ kind: DeadlineKind.DATE, dueOn: '2025-06-30' });
    expect(ok('ngày 15/3/2025')).toMatchObject({ kind: DeadlineKind.DATE, dueOn: '2025-03-15' });
    expect(ok('Trước ngày 30/6/2025')).toMatchObject({ kind: DeadlineKind.DATE, dueOn: '2025-06-30' });
    expect(ok('trước 30/06/2025')).toMatchObject({ kind: DeadlineKind.DATE, dueOn: '2025-06-30' });
    expect(ok('Ngày 30 tháng 6 năm 2025')).toMatchObject({ kind: DeadlineKind.DATE, dueOn: '2025-06-30' });
    expect(ok('31/12/2025').dueOn).toBe('2025-12-31');
  });

  it('rejects dates that do not exist, and accepts 29/2 only in leap years', () => {
    expect(err('31/2/2025')).toBe('Thời hạn "31/2/2025": ngày không tồn tại.');
    expect(err('31/4/2025')).toBe('Thời hạn "31/4/2025": ngày không tồn tại.'); // April has 30 days
    expect(err('0/5/2025')).toBe('Thời hạn "0/5/2025": ngày không tồn tại.');
    expect(err('15/13/2025')).toBe('Thời hạn "15/13/2025": ngày không tồn tại.');
    expect(err('2025-02-30')).toBe('Thời hạn "2025-02-30": ngày không tồn tại.');
    expect(ok('29/2/2024', 2024)).toMatchObject({ kind: DeadlineKind.DATE, dueOn: '2024-02-29' }); // 2024 is a leap year
    expect(ok('29/2/2024', 2023).dueOn).toBe('2024-02-29'); // the next year's early months are allowed
    expect(err('29/2/2025')).toBe('Thời hạn "29/2/2025": ngày không tồn tại.'); // 2025 is not
  });

  it('reads months, with or without a year, and ends them on their last day', () => {
    expect(ok('tháng 06/2025')).toEqual({ kind: DeadlineKind.MONTH, dueOn: '2025-06-30', text: 'tháng 06/2025' });
    expect(ok('Tháng 6 năm 2025').dueOn).toBe('2025-06-30');
    expect(ok('06/2025')).toMatchObject({ kind: DeadlineKind.MONTH, dueOn: '2025-06-30' });
    expect(ok('Tháng 6')).toMatchObject({ kind: DeadlineKind.MONTH, dueOn: '2025-06-30' }); // year = plan year
    expect(ok('Tháng 6', 2026).dueOn).toBe('2026-06-30');
    expect(ok('Tháng 2/2025').dueOn).toBe('2025-02-28');
    expect(ok('Tháng 2/2024', 2024).dueOn).toBe('2024-02-29');
    expect(ok('Tháng 9/2025').dueOn).toBe('2025-09-30');
    expect(ok('Trong tháng 3/2025').dueOn).toBe('2025-03-31');
    expect(ok('Tháng 3/2026').dueOn).toBe('2026-03-31'); // next year's first months
    expect(err('Tháng 13/2025')).toBe('Thời hạn "Tháng 13/2025": tháng phải từ 1 đến 12.');
    expect(err('Tháng 0/2025')).toBe('Thời hạn "Tháng 0/2025": tháng phải từ 1 đến 12.');
  });

  it('reads quarters in Roman numerals or digits', () => {
    expect(ok('Quý 2/2025')).toMatchObject({ kind: DeadlineKind.QUARTER, dueOn: '2025-06-30' });
    expect(ok('Quý II năm 2025')).toMatchObject({ kind: DeadlineKind.QUARTER, dueOn: '2025-06-30' });
    expect(ok('quý i năm 2025').dueOn).toBe('2025-03-31');
    expect(ok('Quý IV')).toMatchObject({ kind: DeadlineKind.QUARTER, dueOn: '2025-12-31' }); // year = plan year
    expect(ok('Quý 3').dueOn).toBe('2025-09-30');
    expect(ok('Quý I/2026').dueOn).toBe('2026-03-31');
    expect(ok('Trong Quý III/2025').dueOn).toBe('2025-09-30');
    expect(ok('Quý II/2025.').dueOn).toBe('2025-06-30'); // trailing full stop
    expect(err('Quý V/2025')).toBe('Thời hạn "Quý V/2025": quý phải từ I đến IV.');
    expect(err('Quý 5/2025')).toBe('Thời hạn "Quý 5/2025": quý phải từ I đến IV.');
    expect(err('Quý 0')).toBe('Thời hạn "Quý 0": quý phải từ I đến IV.');
    expect(err('Quý IIII/2025')).toBe('Thời hạn "Quý IIII/2025": quý phải từ I đến IV.');
  });

  it('keeps "6 tháng đầu năm" as a quarter due on 30/6 (and "6 tháng cuối năm" on 31/12)', () => {
    expect(ok('6 tháng đầu năm 2025')).toEqual({ kind: DeadlineKind.QUARTER, dueOn: '2025-06-30', text: '6 tháng đầu năm 2025' });
    expect(ok('6 tháng đầu năm').dueOn).toBe('2025-06-30');
    expect(ok('6 tháng cuối năm 2025')).toMatchObject({ kind: DeadlineKind.QUARTER, dueOn: '2025-12-31' });
  });

  it('reads whole years', () => {
    for (const text of ['Trong năm 2025', 'Năm 2025', 'Cả năm', 'Trong năm', '2025', 'trong năm 2025', 'Cả năm 2025']) {
      expect(ok(text), text).toMatchObject({ kind: DeadlineKind.YEAR, dueOn: '2025-12-31' });
    }
    expect(ok('Trong năm', 2026).dueOn).toBe('2026-12-31');
  });

  it('reads ongoing duties and conditions without a due date', () => {
    for (const text of ['thường xuyên', 'THƯỜNG XUYÊN', 'Liên tục', 'Hằng năm', 'Hàng năm', 'Thực hiện thường xuyên']) {
      expect(ok(text), text).toMatchObject({ kind: DeadlineKind.REGULAR, dueOn: null });
    }
    for (const text of ['Sau khi có hướng dẫn', 'Theo kế hoạch của Bộ Nội vụ', 'Khi có văn bản hướng dẫn', 'SAU KHI ĐỀ ÁN ĐƯỢC PHÊ DUYỆT']) {
      expect(ok(text), text).toMatchObject({ kind: DeadlineKind.CONDITIONAL, dueOn: null });
    }
  });

  it('normalises to NFC, collapses whitespace and ignores case', () => {
    const decomposed = 'Quý II/2025'.normalize('NFD');
    expect(decomposed).not.toBe('Quý II/2025');
    expect(ok(decomposed)).toEqual({ kind: DeadlineKind.QUARTER, dueOn: '2025-06-30', text: 'Quý II/2025' });
    expect(ok('  Trong \n năm\t2025 ')).toEqual({ kind: DeadlineKind.YEAR, dueOn: '2025-12-31', text: 'Trong năm 2025' });
    expect(ok('THÁNG 6/2025').dueOn).toBe('2025-06-30');
    expect(ok('Sau  khi\u00a0Đề án được phê duyệt').text).toBe('Sau khi Đề án được phê duyệt');
    expect(ok('Thực hiện thường xuyên'.normalize('NFD')).kind).toBe(DeadlineKind.REGULAR);
  });

  it('rejects dated deadlines outside the plan year ± 1', () => {
    expect(err('30/6/2023')).toBe('Thời hạn "30/6/2023" không thuộc năm kế hoạch 2025.');
    expect(err('Quý II/2027')).toBe('Thời hạn "Quý II/2027" không thuộc năm kế hoạch 2025.');
    expect(err('Năm 2023')).toBe('Thời hạn "Năm 2023" không thuộc năm kế hoạch 2025.');
    expect(err('2030')).toBe('Thời hạn "2030" không thuộc năm kế hoạch 2025.');
    expect(err('Tháng 6/2024', 2026)).toBe('Thời hạn "Tháng 6/2024" không thuộc năm kế hoạch 2026.');
    expect(ok('Năm 2026').dueOn).toBe('2026-12-31');
  });

  it('rejects empty and unreadable text', () => {
    expect(err('')).toBe('Thiếu thời hạn.');
    expect(err('  \n ')).toBe('Thiếu thời hạn.');
    expect(err('Sớm nhất có thể')).toBe(UNREADABLE('Sớm nhất có thể'));
    expect(err('Quý II-III/2025')).toBe(UNREADABLE('Quý II-III/2025'));
    expect(err('năm')).toBe(UNREADABLE('năm'));
    expect(err('30/6')).toBe(UNREADABLE('30/6'));
    expect(err('Tháng 6/2024', 2026)).not.toContain('không đọc được');
    expect(err('abc', 2026)).toContain('tháng (Tháng 6/2026), quý (Quý II/2026), "Trong năm 2026"');
    const long = 'x'.repeat(300);
    expect(err(long)).toContain(`"${'x'.repeat(99)}…"`);
  });
});

describe('deadlineLabel', () => {
  it('shows each kind the Vietnamese way', () => {
    expect(deadlineLabel(ok('30/6/2025'))).toBe('30/06/2025');
    expect(deadlineLabel(ok('2025-01-05'))).toBe('05/01/2025');
    expect(deadlineLabel(ok('Tháng 01/2025'))).toBe('Tháng 1/2025');
    expect(deadlineLabel(ok('06/2025'))).toBe('Tháng 6/2025');
    expect(deadlineLabel(ok('Quý 2/2025'))).toBe('Quý II/2025');
    expect(deadlineLabel(ok('Quý IV'))).toBe('Quý IV/2025');
    expect(deadlineLabel(ok('6 tháng đầu năm 2025'))).toBe('Quý II/2025');
    expect(deadlineLabel(ok('Năm 2025'))).toBe('Trong năm 2025');
    expect(deadlineLabel(ok('2025'))).toBe('Trong năm 2025');
    expect(deadlineLabel(ok('Thực hiện liên tục, chủ động ban hành'))).toBe('Thường xuyên');
    expect(deadlineLabel(ok('Sau khi Đề án được phê duyệt'))).toBe('Sau khi Đề án được phê duyệt');
  });

  it('reads back to the same kind and due date', () => {
    const texts = [
      '30/6/2025', '29/2/2024', 'Trước ngày 31/12/2025', 'Tháng 01/2025', 'Tháng 2', 'Tháng 12/2025', 'Quý I/2025',
      'Quý 2', 'Quý III năm 2025', 'Quý IV/2025', '6 tháng đầu năm', 'Trong năm 2025', 'Cả năm', 'Năm 2026',
      'Thường xuyên', 'Thực hiện thường xuyên, liên tục theo chỉ đạo, hướng dẫn của Trung ương', 'Hằng năm',
      'Sau khi Chính phủ ban hành Nghị định', 'Theo tiến độ của Trung ương',
    ];
    for (const text of texts) {
      const planYear = text.includes('2024') ? 2024 : 2025;
      const d = ok(text, planYear);
      const again = ok(deadlineLabel(d), planYear);
      expect({ kind: again.kind, dueOn: again.dueOn }, text).toEqual({ kind: d.kind, dueOn: d.dueOn });
      expect(deadlineLabel(again), text).toBe(deadlineLabel(d));
    }
  });

  it('falls back to the text when a dated kind has no due date', () => {
    expect(deadlineLabel({ kind: DeadlineKind.MONTH, dueOn: null, text: ' Tháng  6 ' })).toBe('Tháng 6');
  });
});
