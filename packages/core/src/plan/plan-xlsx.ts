import ExcelJS from 'exceljs';
import { Area, AREA_TITLES } from '../criteria/area.js';
import type { ImportProblem } from '../import/unit-import.js';
import { cellText, openWorkbook, WORKBOOK_LIMITS } from '../import/workbook.js';
import { deadlineLabel, parsePlanDeadline, type DeadlineKind, type PlanDeadline } from './plan-deadline.js';

/**
 * The task table of a yearly administrative-reform plan (kế hoạch CCHC) as one XLSX sheet:
 * Lĩnh vực · STT · Nhiệm vụ · Sản phẩm · Thời hạn · Cơ quan chủ trì · Cơ quan phối hợp, the way
 * provinces publish it (e.g. the appendix of Khánh Hòa's QĐ 3487/QĐ-UBND for 2025). Reading checks
 * every row and reports every problem with sheet, row and column; units are kept as the text
 * written (matching them to units is the caller's job).
 */
export const PLAN_SHEET = 'Nhiệm vụ';
export const PLAN_COLUMNS = ['Lĩnh vực', 'STT', 'Nhiệm vụ', 'Sản phẩm', 'Thời hạn', 'Cơ quan chủ trì', 'Cơ quan phối hợp'] as const;
export type PlanColumn = (typeof PLAN_COLUMNS)[number];

export const PLAN_HELP_SHEET = 'Hướng dẫn';
export const PLAN_UNIT_SHEET = 'Đơn vị';

export interface PlanTaskRow {
  /** The 1-based Excel row the task was read from. */
  row: number;
  area: Area;
  /** "STT" as written (may be empty). */
  position: string;
  title: string;
  /** "Sản phẩm"; empty when not given. */
  product: string;
  deadline: PlanDeadline;
  /** "Cơ quan chủ trì" as written: a unit code or name. */
  lead: string;
  /** "Cơ quan phối hợp", one entry per unit code or name. */
  coordinating: string[];
}

/** A task to write into the template: a `PlanTaskRow` or anything shaped like one. */
export interface PlanTaskInput {
  area: Area;
  position?: string;
  title: string;
  product?: string;
  deadline: { kind: DeadlineKind; dueOn: string | null; text: string };
  lead: string;
  coordinating?: readonly string[];
}

/** The seven areas in their official order: area n is AREA_ORDER[n - 1]. */
const AREA_ORDER: readonly Area[] = Object.values(Area);
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'] as const;

/** For comparing headers, names and titles: NFC, whitespace collapsed, Vietnamese lower case. */
const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');
/** Cell text as kept: NFC and trimmed (line breaks inside a task's text are kept). */
const clean = (s: string) => s.normalize('NFC').replace(/[ \t\u00a0]+/g, ' ').replace(/ *\r?\n */g, '\n').trim();
/** A single-line value (a unit code or name). */
const oneLine = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * "Lĩnh vực": 1–7, Roman I–VII, the enum name (LEADERSHIP…) or the Vietnamese title, in any case.
 * A numbered title ("II. Cải cách thể chế", "2 - Cải cách thể chế") is accepted when the number
 * and the title agree.
 */
export function parsePlanArea(text: string): Area | null {
  const t = norm(text).replace(/[.:]+$/, '');
  if (!t) return null;
  const byNumber = (s: string): Area | null => {
    const upper = s.toUpperCase();
    const n = /^\d+$/.test(s) ? Number(s) : ROMAN.indexOf(upper as (typeof ROMAN)[number]) + 1;
    return AREA_ORDER[n - 1] ?? null;
  };
  const byName = (s: string): Area | null => AREA_ORDER.find((a) => norm(a) === s || norm(AREA_TITLES[a]) === s) ?? null;
  const direct = byNumber(t) ?? byName(t);
  if (direct) return direct;
  const m = /^([ivx]+|\d+)\s*[.):-]\s*(.+)$/.exec(t);
  if (!m) return null;
  const numbered = byNumber(m[1] ?? '');
  const named = byName(m[2] ?? '');
  return numbered && numbered === named ? named : null;
}

/** An Excel date stored for text like "6/2025" (Excel turns it into 1/6/2025 shown as "Jun-25"). */
function monthOnlyDate(cell: ExcelJS.Cell): Date | null {
  if (!(cell.value instanceof Date)) return null;
  const fmt = (cell.numFmt ?? '').replace(/"[^"]*"|\[[^\]]*\]/g, '');
  return fmt && /[my]/i.test(fmt) && !/d/i.test(fmt) ? cell.value : null;
}

/** The text of a "Thời hạn" cell; an Excel date formatted without a day reads as its month. */
function deadlineText(cell: ExcelJS.Cell): string {
  const month = monthOnlyDate(cell);
  if (month) return `Tháng ${month.getUTCMonth() + 1}/${month.getUTCFullYear()}`;
  return cellText(cell.value);
}

/**
 * Reads the task table: the sheet "Nhiệm vụ" (else the first sheet), headers in row 1 in any order.
 * Empty rows and area section rows (only "Lĩnh vực" filled) are skipped. A task is returned only
 * when its row has no problem; every problem of every row is reported.
 */
export async function readPlanTaskTable(data: Buffer, planYear: number): Promise<{ rows: PlanTaskRow[]; problems: ImportProblem[] }> {
  const wb = await openWorkbook(data);
  const ws = wb.worksheets.find((w) => norm(w.name) === norm(PLAN_SHEET)) ?? wb.worksheets[0];
  if (!ws) return { rows: [], problems: [{ sheet: PLAN_SHEET, row: 1, column: '', message: `Bảng tính không có trang "${PLAN_SHEET}".` }] };
  const sheet = ws.name;

  // Columns by header name in row 1.
  const at = new Map<PlanColumn, number>();
  ws.getRow(1).eachCell((cell, col) => {
    const name = PLAN_COLUMNS.find((c) => norm(c) === norm(cellText(cell.value)));
    if (name && !at.has(name)) at.set(name, col);
  });
  const missing = PLAN_COLUMNS.filter((c) => !at.has(c));
  if (missing.length) {
    return {
      rows: [],
      problems: missing.map((c) => ({ sheet, row: 1, column: c, message: `Thiếu cột "${c}" ở dòng tiêu đề (dòng 1) của trang "${sheet}".` })),
    };
  }
  const col = (c: PlanColumn) => at.get(c) ?? 0;

  // Rows that hold a task: not empty, not an area section row.
  const candidates: { r: number; cells: Record<PlanColumn, ExcelJS.Cell> }[] = [];
  ws.eachRow((row, r) => {
    if (r === 1) return;
    const cells = Object.fromEntries(PLAN_COLUMNS.map((c) => [c, row.getCell(col(c))])) as Record<PlanColumn, ExcelJS.Cell>;
    const filled = PLAN_COLUMNS.filter((c) => cellText(cells[c].value) !== '');
    if (filled.length === 0 || (filled.length === 1 && filled[0] === 'Lĩnh vực')) return;
    candidates.push({ r, cells });
  });
  if (candidates.length > WORKBOOK_LIMITS.maxRows) {
    const first = candidates[WORKBOOK_LIMITS.maxRows]?.r ?? 1;
    return {
      rows: [],
      problems: [{ sheet, row: first, column: '', message: `Bảng có ${candidates.length} nhiệm vụ, vượt quá giới hạn ${WORKBOOK_LIMITS.maxRows} dòng; hãy chia nhỏ bảng tính.` }],
    };
  }

  const rows: PlanTaskRow[] = [];
  const problems: ImportProblem[] = [];
  for (const { r, cells } of candidates) {
    const before = problems.length;
    const bad = (column: PlanColumn, message: string) => problems.push({ sheet, row: r, column, message });
    const text = (c: PlanColumn) => clean(cellText(cells[c].value));

    const areaText = oneLine(text('Lĩnh vực'));
    const area = parsePlanArea(areaText);
    if (!areaText) bad('Lĩnh vực', 'Thiếu lĩnh vực.');
    else if (!area)
      bad('Lĩnh vực', `Lĩnh vực "${areaText}" không hợp lệ; ghi số 1–7, số La Mã I–VII, mã (LEADERSHIP, INSTITUTIONS, …) hoặc tên lĩnh vực (ví dụ "${AREA_TITLES[Area.INSTITUTIONS]}").`);

    const title = text('Nhiệm vụ');
    if (!title) bad('Nhiệm vụ', 'Thiếu nội dung nhiệm vụ.');

    const deadline = parsePlanDeadline(deadlineText(cells['Thời hạn']), planYear);
    if ('error' in deadline) bad('Thời hạn', deadline.error);

    const lead = oneLine(text('Cơ quan chủ trì'));
    if (!lead) bad('Cơ quan chủ trì', 'Thiếu cơ quan chủ trì (mã hoặc tên đơn vị).');

    const coordinating = text('Cơ quan phối hợp').split(/[;\n]+/).map(oneLine).filter(Boolean);

    if (problems.length === before && area && !('error' in deadline)) {
      rows.push({ row: r, area, position: oneLine(text('STT')), title, product: text('Sản phẩm'), deadline, lead, coordinating });
    }
  }
  return { rows, problems };
}

/** Column widths of the task sheet, in characters. */
const WIDTHS: Readonly<Record<PlanColumn, number>> = {
  'Lĩnh vực': 34,
  'STT': 6,
  'Nhiệm vụ': 60,
  'Sản phẩm': 40,
  'Thời hạn': 20,
  'Cơ quan chủ trì': 30,
  'Cơ quan phối hợp': 40,
};

/**
 * The plan template: the task sheet (with `tasks` filled in, if given, so that reading it back
 * gives the same tasks), an instructions sheet and the province's units for reference.
 */
export async function planTaskTemplate(
  planYear: number,
  units: readonly { code: string; name: string }[],
  tasks: readonly PlanTaskInput[] = [],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Nền tảng Chỉ số CCHC';
  const header = (ws: ExcelJS.Worksheet, cols: readonly string[]) => {
    const row = ws.addRow([...cols]);
    row.font = { bold: true };
    row.alignment = { vertical: 'middle', wrapText: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  };

  const ws = wb.addWorksheet(PLAN_SHEET);
  header(ws, PLAN_COLUMNS);
  PLAN_COLUMNS.forEach((c, i) => {
    const column = ws.getColumn(i + 1);
    column.width = WIDTHS[c];
    if (c === 'Nhiệm vụ' || c === 'Sản phẩm' || c === 'Cơ quan phối hợp' || c === 'Lĩnh vực') column.alignment = { vertical: 'top', wrapText: true };
  });
  // Text format, so that Excel keeps "6/2025" or "30/6/2025" as typed instead of turning it into a date.
  ws.getColumn(PLAN_COLUMNS.indexOf('Thời hạn') + 1).numFmt = '@';
  ws.getColumn(PLAN_COLUMNS.indexOf('STT') + 1).numFmt = '@';
  for (const t of tasks) {
    ws.addRow([
      AREA_TITLES[t.area],
      t.position ?? '',
      t.title,
      t.product ?? '',
      t.deadline.text.trim() ? t.deadline.text : deadlineLabel(t.deadline),
      t.lead,
      (t.coordinating ?? []).join('; '),
    ]);
  }

  const help = wb.addWorksheet(PLAN_HELP_SHEET);
  help.getColumn(1).width = 32;
  help.getColumn(2).width = 100;
  help.getColumn(3).width = 60;
  help.getColumn(4).width = 22;
  const bold = (values: string[]) => (help.addRow(values).font = { bold: true });
  const next = planYear + 1;
  bold([`Hướng dẫn nhập bảng nhiệm vụ Kế hoạch cải cách hành chính năm ${planYear}`]);
  help.addRow([
    `Mỗi dòng của trang "${PLAN_SHEET}" là một nhiệm vụ. Dòng tiêu đề (dòng 1) giữ nguyên như mẫu. Dòng trống và dòng chỉ ghi lĩnh vực (tiêu đề nhóm) được bỏ qua. Nếu có dòng lỗi, hệ thống báo lỗi theo từng dòng, từng cột.`,
  ]);
  help.addRow([]);
  bold(['Cột', 'Cách ghi']);
  help.addRow(['Lĩnh vực', 'Bắt buộc. Số thứ tự lĩnh vực (1–7), số La Mã (I–VII), mã hoặc tên lĩnh vực theo bảng "Lĩnh vực" bên dưới.']);
  help.addRow(['STT', 'Không bắt buộc. Số thứ tự của nhiệm vụ trong lĩnh vực, ví dụ 1, 2 hoặc 1.1.']);
  help.addRow(['Nhiệm vụ', 'Bắt buộc. Nội dung nhiệm vụ.']);
  help.addRow(['Sản phẩm', 'Không bắt buộc. Kết quả/sản phẩm đạt được, ví dụ "Kế hoạch được UBND tỉnh ban hành", "Nghị quyết của HĐND tỉnh".']);
  help.addRow(['Thời hạn', `Bắt buộc. Ghi theo một trong các cách ở bảng "Cách ghi thời hạn". Thời hạn có ngày, tháng, quý hoặc năm phải thuộc năm ${planYear} hoặc năm ${next}.`]);
  help.addRow(['Cơ quan chủ trì', `Bắt buộc. Mã hoặc tên của một đơn vị (xem trang "${PLAN_UNIT_SHEET}").`]);
  help.addRow(['Cơ quan phối hợp', `Không bắt buộc. Mã hoặc tên đơn vị; nhiều đơn vị cách nhau bằng dấu chấm phẩy (;) hoặc xuống dòng trong ô.`]);
  help.addRow([]);
  bold(['Cách ghi thời hạn', 'Ý nghĩa']);
  help.addRow([`30/6/${planYear}`, `Hạn đúng ngày 30/6/${planYear}. Cũng chấp nhận "Trước ngày 30/6/${planYear}" (hạn vẫn là ngày 30/6/${planYear}) và "${planYear}-06-30".`]);
  help.addRow([`Tháng 6/${planYear}`, `Hạn là ngày cuối cùng của tháng (30/6/${planYear}). Cũng chấp nhận "Tháng 6 năm ${planYear}", "06/${planYear}"; "Tháng 6" không ghi năm được hiểu là năm ${planYear}.`]);
  help.addRow([`Quý II/${planYear}`, `Hạn là ngày cuối cùng của quý: quý I – 31/3, quý II – 30/6, quý III – 30/9, quý IV – 31/12. Ghi số La Mã hoặc số (Quý 2/${planYear}).`]);
  help.addRow([`6 tháng đầu năm ${planYear}`, `Hạn 30/6/${planYear} (như Quý II/${planYear}).`]);
  help.addRow([`Trong năm ${planYear}`, `Hạn 31/12/${planYear}. Cũng chấp nhận "Năm ${planYear}", "Cả năm", "Trong năm".`]);
  help.addRow(['Thường xuyên', 'Nhiệm vụ thực hiện thường xuyên, liên tục hoặc hằng năm, không có hạn cụ thể. Ghi "Thường xuyên", "Thực hiện thường xuyên…", "Thực hiện liên tục…", "Liên tục…" hoặc "Hằng năm".']);
  help.addRow(['Sau khi Đề án được phê duyệt', 'Nhiệm vụ thực hiện khi có sự kiện khác, không có hạn cụ thể. Ghi bắt đầu bằng "Sau khi …", "Theo …" hoặc "Khi …".']);
  help.addRow([]);
  bold(['Lĩnh vực', 'Tên lĩnh vực', 'Mã', 'Số La Mã']);
  AREA_ORDER.forEach((a, i) => help.addRow([String(i + 1), AREA_TITLES[a], a, ROMAN[i] ?? '']));
  help.getColumn(2).alignment = { wrapText: true, vertical: 'top' };

  const unitSheet = wb.addWorksheet(PLAN_UNIT_SHEET);
  header(unitSheet, ['Mã đơn vị', 'Tên đơn vị']);
  unitSheet.getColumn(1).width = 24;
  unitSheet.getColumn(2).width = 60;
  for (const u of units) unitSheet.addRow([u.code, u.name]);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
