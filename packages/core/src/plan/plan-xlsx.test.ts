import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Area } from '../criteria/area.js';
import { WORKBOOK_LIMITS } from '../import/workbook.js';
import { DeadlineKind } from './plan-deadline.js';
import { parsePlanArea, PLAN_COLUMNS, PLAN_SHEET, planTaskTemplate, readPlanTaskTable, type PlanTaskRow } from './plan-xlsx.js';

/** A workbook with one sheet: `header` in row 1 and `rows` below (an empty array is an empty row). */
async function book(rows: ExcelJS.CellValue[][], opts: { sheet?: string; header?: string[]; extraSheetFirst?: boolean } = {}) {
  const wb = new ExcelJS.Workbook();
  if (opts.extraSheetFirst) wb.addWorksheet('Ghi chú').addRow(['Trang này không phải bảng nhiệm vụ']);
  const ws = wb.addWorksheet(opts.sheet ?? PLAN_SHEET);
  ws.addRow(opts.header ?? [...PLAN_COLUMNS]);
  for (const r of rows) ws.addRow(r);
  return { wb, ws, buffer: async () => Buffer.from(await wb.xlsx.writeBuffer()) };
}

const deadline = (kind: DeadlineKind, dueOn: string | null, text: string) => ({ kind, dueOn, text });

// Rows taken from the task table of Khánh Hòa's plan for 2025 (QĐ 3487/QĐ-UBND), areas written in
// the different accepted ways.
const SEED_ROWS: ExcelJS.CellValue[][] = [
  ['1', '1', 'Công bố Chỉ số và xếp hạng kết quả CCHC năm 2024 của các cơ quan, đơn vị, địa phương trên địa bàn tỉnh Khánh Hòa', 'Quyết định của UBND tỉnh', 'Tháng 01/2025', 'Sở Nội vụ', ''],
  ['II. Cải cách thể chế'], // an area section row: skipped
  ['Cải cách thể chế', 2, 'Xây dựng Chương trình Xúc tiến đầu tư tỉnh Khánh Hòa năm 2025', 'Chương trình được UBND tỉnh phê duyệt', 'Quý I/2025', 'Sở Kế hoạch và Đầu tư', 'Sở Tài chính\nSở Ngoại vụ'],
  [],
  [3, '3', 'Số hóa hồ sơ, kết quả giải quyết TTHC', '100% hồ sơ, kết quả giải quyết TTHC được số hóa theo quy định hiện hành', 'Thường xuyên', 'Văn phòng UBND tỉnh', 'Sở Thông tin và Truyền thông; Sở Nội vụ; '],
  ['IV', '9', 'Lập mới, chỉnh lý, bổ sung hồ sơ, bản đồ địa giới đơn vị hành chính các cấp tỉnh Khánh Hòa', 'Tờ trình UBND tỉnh kèm hồ sơ, bản đồ địa giới', 'Tháng 6/2025', ' Sở  Nội vụ ', ''],
  ['v', '6', 'Triển khai thực hiện chính sách tinh giản biên chế', 'Các văn bản của UBND tỉnh', 'Sau khi Chính phủ ban hành Nghị định', 'Sở Nội vụ', 'Các cơ quan, đơn vị, địa phương'],
  ['Cải cách tài chính công', '', 'Quy định thẩm quyền quản lý, khai thác tài sản công thuộc phạm vi quản lý của địa phương', '', 'Quý II/2025', 'Sở Tài chính', ''],
  ['DIGITAL_GOVERNMENT', '2', { richText: [{ text: 'Xây dựng ' }, { font: { bold: true }, text: 'Kho dữ liệu dùng chung' }, { text: ' tỉnh Khánh Hòa' }] }, 'Tổ chức thi công các gói thầu', 'Trong năm 2025', 'Sở Thông tin và Truyền thông', ''],
];

const SEED_TASKS: Omit<PlanTaskRow, 'row'>[] = [
  { area: Area.LEADERSHIP, position: '1', title: 'Công bố Chỉ số và xếp hạng kết quả CCHC năm 2024 của các cơ quan, đơn vị, địa phương trên địa bàn tỉnh Khánh Hòa', product: 'Quyết định của UBND tỉnh', deadline: deadline(DeadlineKind.MONTH, '2025-01-31', 'Tháng 01/2025'), lead: 'Sở Nội vụ', coordinating: [] },
  { area: Area.INSTITUTIONS, position: '2', title: 'Xây dựng Chương trình Xúc tiến đầu tư tỉnh Khánh Hòa năm 2025', product: 'Chương trình được UBND tỉnh phê duyệt', deadline: deadline(DeadlineKind.QUARTER, '2025-03-31', 'Quý I/2025'), lead: 'Sở Kế hoạch và Đầu tư', coordinating: ['Sở Tài chính', 'Sở Ngoại vụ'] },
  { area: Area.PROCEDURES, position: '3', title: 'Số hóa hồ sơ, kết quả giải quyết TTHC', product: '100% hồ sơ, kết quả giải quyết TTHC được số hóa theo quy định hiện hành', deadline: deadline(DeadlineKind.REGULAR, null, 'Thường xuyên'), lead: 'Văn phòng UBND tỉnh', coordinating: ['Sở Thông tin và Truyền thông', 'Sở Nội vụ'] },
  { area: Area.ORGANIZATION, position: '9', title: 'Lập mới, chỉnh lý, bổ sung hồ sơ, bản đồ địa giới đơn vị hành chính các cấp tỉnh Khánh Hòa', product: 'Tờ trình UBND tỉnh kèm hồ sơ, bản đồ địa giới', deadline: deadline(DeadlineKind.MONTH, '2025-06-30', 'Tháng 6/2025'), lead: 'Sở Nội vụ', coordinating: [] },
  { area: Area.CIVIL_SERVICE, position: '6', title: 'Triển khai thực hiện chính sách tinh giản biên chế', product: 'Các văn bản của UBND tỉnh', deadline: deadline(DeadlineKind.CONDITIONAL, null, 'Sau khi Chính phủ ban hành Nghị định'), lead: 'Sở Nội vụ', coordinating: ['Các cơ quan, đơn vị, địa phương'] },
  { area: Area.PUBLIC_FINANCE, position: '', title: 'Quy định thẩm quyền quản lý, khai thác tài sản công thuộc phạm vi quản lý của địa phương', product: '', deadline: deadline(DeadlineKind.QUARTER, '2025-06-30', 'Quý II/2025'), lead: 'Sở Tài chính', coordinating: [] },
  { area: Area.DIGITAL_GOVERNMENT, position: '2', title: 'Xây dựng Kho dữ liệu dùng chung tỉnh Khánh Hòa', product: 'Tổ chức thi công các gói thầu', deadline: deadline(DeadlineKind.YEAR, '2025-12-31', 'Trong năm 2025'), lead: 'Sở Thông tin và Truyền thông', coordinating: [] },
];

const withoutRow = (rows: PlanTaskRow[]) => rows.map(({ row: _row, ...rest }) => rest);

describe('parsePlanArea', () => {
  it('accepts numbers, Roman numerals, enum names and Vietnamese titles', () => {
    expect(parsePlanArea('1')).toBe(Area.LEADERSHIP);
    expect(parsePlanArea('7')).toBe(Area.DIGITAL_GOVERNMENT);
    expect(parsePlanArea('IV')).toBe(Area.ORGANIZATION);
    expect(parsePlanArea('vii')).toBe(Area.DIGITAL_GOVERNMENT);
    expect(parsePlanArea('II.')).toBe(Area.INSTITUTIONS);
    expect(parsePlanArea('DIGITAL_GOVERNMENT')).toBe(Area.DIGITAL_GOVERNMENT);
    expect(parsePlanArea('civil_service')).toBe(Area.CIVIL_SERVICE);
    expect(parsePlanArea('Cải cách thể chế')).toBe(Area.INSTITUTIONS);
    expect(parsePlanArea('CẢI CÁCH THỦ TỤC HÀNH CHÍNH')).toBe(Area.PROCEDURES);
    expect(parsePlanArea('Cải cách  tài chính công'.normalize('NFD'))).toBe(Area.PUBLIC_FINANCE);
    expect(parsePlanArea('Công tác chỉ đạo, điều hành cải cách hành chính')).toBe(Area.LEADERSHIP);
    expect(parsePlanArea('V. Cải cách chế độ công vụ')).toBe(Area.CIVIL_SERVICE);
    expect(parsePlanArea('7 - Xây dựng và phát triển chính quyền điện tử, chính quyền số')).toBe(Area.DIGITAL_GOVERNMENT);
  });

  it('rejects anything else', () => {
    for (const t of ['', '0', '8', 'VIII', 'IIII', 'Cải cách', 'LEADER', 'III. Cải cách thể chế' /* number and title disagree */]) {
      expect(parsePlanArea(t), t).toBeNull();
    }
  });
});

describe('readPlanTaskTable', () => {
  it('reads a good table, skipping empty rows and area section rows', async () => {
    const { buffer } = await book(SEED_ROWS);
    const { rows, problems } = await readPlanTaskTable(await buffer(), 2025);
    expect(problems).toEqual([]);
    expect(withoutRow(rows)).toEqual(SEED_TASKS);
    // Row 3 is the section row, row 5 the empty one.
    expect(rows.map((r) => r.row)).toEqual([2, 4, 6, 7, 8, 9, 10]);
  });

  it('finds headers in any order, case, spacing or Unicode form, and ignores extra columns', async () => {
    const header = ['Ghi chú', 'thời  hạn', 'NHIỆM VỤ'.normalize('NFD'), 'Lĩnh vực'.normalize('NFD'), 'stt', ' Cơ quan chủ trì ', 'Cơ quan phối hợp', 'Sản Phẩm'];
    const { buffer } = await book([['ghi chú bỏ qua', 'Quý IV/2025', 'Ban hành Kế hoạch chuyển đổi số tỉnh Khánh Hòa giai đoạn 2026-2030', '7', '1', 'Sở Thông tin và Truyền thông', 'UBND cấp huyện', 'Kế hoạch của UBND tỉnh']], {
      header,
      sheet: 'Phụ lục',
    });
    const { rows, problems } = await readPlanTaskTable(await buffer(), 2025);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        row: 2,
        area: Area.DIGITAL_GOVERNMENT,
        position: '1',
        title: 'Ban hành Kế hoạch chuyển đổi số tỉnh Khánh Hòa giai đoạn 2026-2030',
        product: 'Kế hoạch của UBND tỉnh',
        deadline: deadline(DeadlineKind.QUARTER, '2025-12-31', 'Quý IV/2025'),
        lead: 'Sở Thông tin và Truyền thông',
        coordinating: ['UBND cấp huyện'],
      },
    ]);
  });

  it(`prefers the sheet "${PLAN_SHEET}" to the first one`, async () => {
    const { buffer } = await book([SEED_ROWS[0] ?? []], { extraSheetFirst: true });
    const { rows, problems } = await readPlanTaskTable(await buffer(), 2025);
    expect(problems).toEqual([]);
    expect(withoutRow(rows)).toEqual([SEED_TASKS[0]]);
  });

  it('reads Excel dates in "Thời hạn": a day format as a date, a month-only format as the month', async () => {
    const { ws, buffer } = await book([
      ['1', '', 'Nhiệm vụ A', '', new Date(Date.UTC(2025, 5, 30)), 'Sở Nội vụ', ''],
      ['1', '', 'Nhiệm vụ B', '', new Date(Date.UTC(2025, 5, 1)), 'Sở Nội vụ', ''],
    ]);
    ws.getCell('E2').numFmt = 'dd/mm/yyyy';
    ws.getCell('E3').numFmt = 'mmm-yy'; // what Excel does to "6/2025" typed into a General cell
    const { rows, problems } = await readPlanTaskTable(await buffer(), 2025);
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.deadline)).toEqual([
      deadline(DeadlineKind.DATE, '2025-06-30', '2025-06-30'),
      deadline(DeadlineKind.MONTH, '2025-06-30', 'Tháng 6/2025'),
    ]);
  });

  it('reads an area written once in a merged cell for all its rows', async () => {
    const { ws, buffer } = await book([
      ['Cải cách tài chính công', '1', 'Xây dựng định mức phân bổ dự toán chi thường xuyên ngân sách địa phương năm 2026', 'Nghị quyết của HĐND tỉnh', 'Quý IV/2025', 'Sở Tài chính', ''],
      ['', '2', 'Thực hiện xử lý các cơ sở nhà đất trên địa bàn tỉnh', 'Quyết định, văn bản chỉ đạo', 'Năm 2025', 'Sở Tài chính', ''],
    ]);
    ws.mergeCells('A2:A3');
    const { rows, problems } = await readPlanTaskTable(await buffer(), 2025);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.row, r.area, r.deadline.dueOn])).toEqual([
      [2, Area.PUBLIC_FINANCE, '2025-12-31'],
      [3, Area.PUBLIC_FINANCE, '2025-12-31'],
    ]);
  });

  it('reports every problem of every row, with its row and column', async () => {
    const { buffer } = await book([
      ['8', '1', 'Nhiệm vụ có lĩnh vực sai', '', 'Quý I/2025', 'Sở Nội vụ', ''], // row 2
      ['2', '2', '', 'Sản phẩm không có nhiệm vụ', 'Quý I/2025', 'Sở Tư pháp', ''], // row 3
      ['2', '3', 'Nhiệm vụ có quý sai', '', 'Quý V/2025', 'Sở Tư pháp', ''], // row 4
      ['3', '4', 'Nhiệm vụ thiếu cơ quan chủ trì', '', 'Thường xuyên', '', 'Sở Nội vụ'], // row 5
      ['3', '5', 'Nhiệm vụ thiếu thời hạn', '', '', 'Văn phòng UBND tỉnh', ''], // row 6
      ['4', '6', 'Nhiệm vụ đúng', '', 'Tháng 10/2025', 'Sở Nội vụ', ''], // row 7
      ['', '7', 'Nhiệm vụ thiếu lĩnh vực, hạn năm trước', '', 'Tháng 12/2023', 'Sở Khoa học và Công nghệ', ''], // row 8
      [], // row 9
      ['VIII', '8', 'Nhiệm vụ', '', 'Hạn chót', 'Sở Nội vụ', ''], // row 10
      ['6', '', '', '', '31/2/2025', '', ''], // row 11
    ]);
    const { rows, problems } = await readPlanTaskTable(await buffer(), 2025);
    const areaMessage = (t: string) =>
      `Lĩnh vực "${t}" không hợp lệ; ghi số 1–7, số La Mã I–VII, mã (LEADERSHIP, INSTITUTIONS, …) hoặc tên lĩnh vực (ví dụ "Cải cách thể chế").`;
    const sheet = PLAN_SHEET;
    expect(problems).toEqual([
      { sheet, row: 2, column: 'Lĩnh vực', message: areaMessage('8') },
      { sheet, row: 3, column: 'Nhiệm vụ', message: 'Thiếu nội dung nhiệm vụ.' },
      { sheet, row: 4, column: 'Thời hạn', message: 'Thời hạn "Quý V/2025": quý phải từ I đến IV.' },
      { sheet, row: 5, column: 'Cơ quan chủ trì', message: 'Thiếu cơ quan chủ trì (mã hoặc tên đơn vị).' },
      { sheet, row: 6, column: 'Thời hạn', message: 'Thiếu thời hạn.' },
      { sheet, row: 8, column: 'Lĩnh vực', message: 'Thiếu lĩnh vực.' },
      { sheet, row: 8, column: 'Thời hạn', message: 'Thời hạn "Tháng 12/2023" không thuộc năm kế hoạch 2025.' },
      { sheet, row: 10, column: 'Lĩnh vực', message: areaMessage('VIII') },
      {
        sheet,
        row: 10,
        column: 'Thời hạn',
        message: 'Thời hạn "Hạn chót" không đọc được; ghi ngày (dd/mm/yyyy), tháng (Tháng 6/2025), quý (Quý II/2025), "Trong năm 2025", "Thường xuyên" hoặc "Sau khi …".',
      },
      { sheet, row: 11, column: 'Nhiệm vụ', message: 'Thiếu nội dung nhiệm vụ.' },
      { sheet, row: 11, column: 'Thời hạn', message: 'Thời hạn "31/2/2025": ngày không tồn tại.' },
      { sheet, row: 11, column: 'Cơ quan chủ trì', message: 'Thiếu cơ quan chủ trì (mã hoặc tên đơn vị).' },
    ]);
    // Only the good row comes back.
    expect(rows).toEqual([
      { row: 7, area: Area.ORGANIZATION, position: '6', title: 'Nhiệm vụ đúng', product: '', deadline: deadline(DeadlineKind.MONTH, '2025-10-31', 'Tháng 10/2025'), lead: 'Sở Nội vụ', coordinating: [] },
    ]);
  });

  it('names each missing column and reads no rows', async () => {
    const { buffer } = await book([SEED_ROWS[0] ?? []], { header: ['Lĩnh vực', 'STT', 'Nhiệm vụ', 'Sản phẩm', 'Hạn', 'Cơ quan chủ trì'] });
    const { rows, problems } = await readPlanTaskTable(await buffer(), 2025);
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      { sheet: PLAN_SHEET, row: 1, column: 'Thời hạn', message: `Thiếu cột "Thời hạn" ở dòng tiêu đề (dòng 1) của trang "${PLAN_SHEET}".` },
      { sheet: PLAN_SHEET, row: 1, column: 'Cơ quan phối hợp', message: `Thiếu cột "Cơ quan phối hợp" ở dòng tiêu đề (dòng 1) của trang "${PLAN_SHEET}".` },
    ]);
  });

  it('refuses more rows than the limit with one problem', async () => {
    const row = ['1', '', 'Nhiệm vụ', '', 'Quý I/2025', 'Sở Nội vụ', ''];
    const { buffer } = await book(Array.from({ length: WORKBOOK_LIMITS.maxRows + 1 }, () => row));
    const { rows, problems } = await readPlanTaskTable(await buffer(), 2025);
    expect(rows).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ sheet: PLAN_SHEET, row: WORKBOOK_LIMITS.maxRows + 2, column: '' });
    expect(problems[0]?.message).toContain(`${WORKBOOK_LIMITS.maxRows}`);
  });

  it('throws a user error for a file that is not XLSX', async () => {
    const csv = Buffer.from('Lĩnh vực,STT,Nhiệm vụ\n1,1,Công bố Chỉ số CCHC\n', 'utf8');
    await expect(readPlanTaskTable(csv, 2025)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'file' } });
    await expect(readPlanTaskTable(Buffer.alloc(0), 2025)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('planTaskTemplate', () => {
  const units = [
    { code: 'so-noi-vu', name: 'Sở Nội vụ' },
    { code: 'so-tu-phap', name: 'Sở Tư pháp' },
  ];

  it('reads back as the tasks written into it', async () => {
    const first = await readPlanTaskTable((await book(SEED_ROWS).then((b) => b.buffer())), 2025);
    expect(first.problems).toEqual([]);
    const again = await readPlanTaskTable(await planTaskTemplate(2025, units, first.rows), 2025);
    expect(again.problems).toEqual([]);
    expect(withoutRow(again.rows)).toEqual(SEED_TASKS);
    expect(again.rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('writes tasks given without deadline text, or without optional fields', async () => {
    const buf = await planTaskTemplate(2025, units, [
      { area: Area.PROCEDURES, title: 'Giao chỉ tiêu hồ sơ trực tuyến toàn trình', deadline: deadline(DeadlineKind.DATE, '2025-06-30', ''), lead: 'so-noi-vu' },
      { area: Area.PROCEDURES, title: 'Nhiệm vụ nhiều dòng\n- ý thứ hai', deadline: deadline(DeadlineKind.QUARTER, '2025-09-30', ''), lead: 'so-tu-phap', coordinating: ['so-noi-vu'] },
    ]);
    const { rows, problems } = await readPlanTaskTable(buf, 2025);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { row: 2, area: Area.PROCEDURES, position: '', title: 'Giao chỉ tiêu hồ sơ trực tuyến toàn trình', product: '', deadline: deadline(DeadlineKind.DATE, '2025-06-30', '30/06/2025'), lead: 'so-noi-vu', coordinating: [] },
      { row: 3, area: Area.PROCEDURES, position: '', title: 'Nhiệm vụ nhiều dòng\n- ý thứ hai', product: '', deadline: deadline(DeadlineKind.QUARTER, '2025-09-30', 'Quý III/2025'), lead: 'so-tu-phap', coordinating: ['so-noi-vu'] },
    ]);
  });

  it('has the header, instructions and units, and reads back empty when given no tasks', async () => {
    const buf = await planTaskTemplate(2026, units);
    expect(await readPlanTaskTable(buf, 2026)).toEqual({ rows: [], problems: [] });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([PLAN_SHEET, 'Hướng dẫn', 'Đơn vị']);
    const ws = wb.getWorksheet(PLAN_SHEET)!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...PLAN_COLUMNS]);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(3).width).toBeGreaterThanOrEqual(40);
    expect(ws.getColumn(5).numFmt).toBe('@');

    const help = wb.getWorksheet('Hướng dẫn')!;
    const helpText: string[] = [];
    help.eachRow((row) => helpText.push((row.values as unknown[]).filter((v) => typeof v === 'string').join(' | ')));
    const all = helpText.join('\n');
    for (const c of PLAN_COLUMNS) expect(helpText.some((l) => l.startsWith(`${c} | `)), c).toBe(true);
    for (const form of ['30/6/2026', 'Tháng 6/2026', 'Quý II/2026', 'Trong năm 2026', 'Thường xuyên', 'Sau khi', '6 tháng đầu năm 2026'])
      expect(all, form).toContain(form);
    expect(all).toContain('7 | Xây dựng và phát triển chính quyền điện tử, chính quyền số | DIGITAL_GOVERNMENT | VII');
    expect(all).toContain('năm 2026 hoặc năm 2027');

    const unitRows: unknown[][] = [];
    wb.getWorksheet('Đơn vị')!.eachRow((row) => unitRows.push((row.values as unknown[]).slice(1)));
    expect(unitRows).toEqual([['Mã đơn vị', 'Tên đơn vị'], ['so-noi-vu', 'Sở Nội vụ'], ['so-tu-phap', 'Sở Tư pháp']]);
  });
});
