import ExcelJS from 'exceljs';
import { parse as parseYaml } from 'yaml';
import { parseDecimal } from '../common/decimal.js';
import { cellText, openWorkbook } from '../import/workbook.js';
import type { AreaTree, CriterionDef, ScoringMethod } from './contract.js';
import type { CriteriaFileProblem, ParsedCriteriaFile } from './criteria-file.js';
import type { CriteriaSetDefinition } from './criteria.entity.js';
import { validateTree } from './engine.js';
import { AREA_ORDER } from './preset.js';

/**
 * Criteria sets in the table shape provinces publish (mã · tiêu chí · điểm tối đa · phương pháp ·
 * tài liệu kiểm chứng · hướng dẫn). The tree comes from the codes: "3.2.1" belongs to "3.2",
 * which belongs to area "3"; areas 1–7 are the seven areas in order, "8" the impact part and
 * "9" the bonus/penalty part. "Tham số" holds the method's parameters in YAML flow style, e.g.
 * `{ source: { indicator: ON_TIME_RATE }, zeroAt: 80, fullAt: 100 }`.
 */
export const CRITERIA_SHEET = 'Tiêu chí';
export const INFO_SHEET = 'Thông tin';
const COLUMNS = ['Mã', 'Tiêu chí', 'Điểm tối đa', 'Phương pháp', 'Tham số', 'Tài liệu kiểm chứng', 'Hướng dẫn', 'Không áp dụng'] as const;
const METHOD_NAMES: Record<string, ScoringMethod['kind']> = {
  'yesno': 'yesNo',
  'có/không': 'yesNo',
  'đạt/không đạt': 'yesNo',
  'levels': 'levels',
  'mức': 'levels',
  'ratiolinear': 'ratioLinear',
  'tỷ lệ tuyến tính': 'ratioLinear',
  'ratiothresholds': 'ratioThresholds',
  'tỷ lệ theo ngưỡng': 'ratioThresholds',
  'count': 'count',
  'đếm': 'count',
  'formula': 'formula',
  'công thức': 'formula',
  'survey': 'survey',
  'khảo sát': 'survey',
  'manual': 'manual',
  'hội đồng chấm': 'manual',
  'bonuspenalty': 'bonusPenalty',
  'thưởng/trừ': 'bonusPenalty',
};

export async function parseCriteriaXlsx(data: Buffer): Promise<{ ok: true; value: ParsedCriteriaFile } | { ok: false; problems: CriteriaFileProblem[] }> {
  const wb = await openWorkbook(data);
  const problems: CriteriaFileProblem[] = [];
  const bad = (row: number | null, path: string, message: string) => problems.push({ line: row, path, message });
  const info = wb.getWorksheet(INFO_SHEET);
  const sheet = wb.getWorksheet(CRITERIA_SHEET);
  if (!sheet) return { ok: false, problems: [{ line: null, path: '', message: `Bảng tính phải có trang "${CRITERIA_SHEET}" theo mẫu.` }] };
  const code = info ? cellText(info.getCell('B1').value) : '';
  const title = info ? cellText(info.getCell('B2').value) : '';
  if (!/^[a-z0-9][a-z0-9-]{1,79}$/.test(code)) bad(1, `${INFO_SHEET}!B1`, 'Mã bộ tiêu chí (ô B1 trang "Thông tin") phải gồm chữ thường không dấu, số và gạch ngang.');
  if (!title) bad(2, `${INFO_SHEET}!B2`, 'Thiếu tên bộ tiêu chí (ô B2 trang "Thông tin").');
  COLUMNS.forEach((c, i) => {
    if (cellText(sheet.getRow(1).getCell(i + 1).value).toLowerCase() !== c.toLowerCase())
      bad(1, `${CRITERIA_SHEET}!${String.fromCharCode(65 + i)}1`, `Tiêu đề cột ${i + 1} phải là "${c}".`);
  });

  const nodes = new Map<string, { def: CriterionDef; row: number }>();
  const rowOf = new Map<string, number>();
  const order: string[] = [];
  for (let r = 2; r <= Math.min(sheet.rowCount, 5001); r++) {
    const cells = COLUMNS.map((_, i) => sheet.getRow(r).getCell(i + 1).value as ExcelJS.CellValue);
    const [c, t, max, methodText, params, evidence, guidance, na] = cells.map(cellText) as string[];
    if (![c, t, max, methodText].some(Boolean)) continue;
    const at = (col: string) => `${CRITERIA_SHEET}!${col}${r}`;
    if (!/^\d+(\.\d+)*$/.test(c!)) {
      bad(r, at('A'), `Mã "${c}" phải có dạng 1, 1.2, 1.2.3.`);
      continue;
    }
    if (nodes.has(c!)) {
      bad(r, at('A'), `Mã "${c}" trùng với dòng ${rowOf.get(c!)}.`);
      continue;
    }
    if (!t) bad(r, at('B'), 'Thiếu tên tiêu chí.');
    if (!parseDecimal(max)) bad(r, at('C'), `Điểm tối đa "${max}" không phải là số.`);
    const def: CriterionDef = { code: c!, title: t!, max: parseDecimal(max)?.toFixed() ?? '0' };
    if (methodText) {
      const kind = METHOD_NAMES[methodText.toLowerCase()];
      if (!kind) bad(r, at('D'), `Phương pháp "${methodText}" không được hỗ trợ; dùng: ${[...new Set(Object.values(METHOD_NAMES))].join(', ')}.`);
      else {
        let extra: Record<string, unknown> = {};
        if (params) {
          try {
            const parsed = parseYaml(params.startsWith('{') ? params : `{ ${params} }`) as unknown;
            if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('không phải bảng');
            extra = normalise(parsed) as Record<string, unknown>;
          } catch (e) {
            bad(r, at('E'), `Tham số không đọc được (${(e as Error).message.split('\n')[0]}); viết dạng { khóa: giá trị, … }.`);
          }
        }
        def.method = { kind, ...extra } as ScoringMethod;
      }
    } else if (params) bad(r, at('E'), 'Có tham số nhưng không có phương pháp.');
    if (evidence) def.evidence = { required: true, description: evidence };
    if (guidance) def.guidance = guidance;
    if (na) {
      const v = na.toLowerCase();
      if (['đủ điểm', 'fullpoints'].includes(v)) def.notApplicable = 'fullPoints';
      else if (['loại trừ', 'exclude'].includes(v)) def.notApplicable = 'exclude';
      else bad(r, at('H'), '"Không áp dụng" là "đủ điểm" hoặc "loại trừ".');
    }
    nodes.set(c!, { def, row: r });
    rowOf.set(c!, r);
    order.push(c!);
  }
  for (const c of order) {
    const parent = c.includes('.') ? c.slice(0, c.lastIndexOf('.')) : null;
    if (!parent) continue;
    const p = nodes.get(parent);
    if (!p) bad(rowOf.get(c)!, `${CRITERIA_SHEET}!A${rowOf.get(c)}`, `Không có tiêu chí cha "${parent}" của "${c}".`);
    else (p.def.children ??= []).push(nodes.get(c)!.def);
  }
  const definition: CriteriaSetDefinition = { areas: {} };
  AREA_ORDER.forEach((area, i) => {
    const root = nodes.get(String(i + 1));
    if (!root) bad(null, CRITERIA_SHEET, `Thiếu lĩnh vực ${i + 1} (${area}) (ô trống).`);
    else definition.areas[area] = root.def as AreaTree;
  });
  if (nodes.get('8')) definition.impact = nodes.get('8')!.def as AreaTree;
  if (nodes.get('9')) definition.bonus = nodes.get('9')!.def as AreaTree;
  for (const c of order) if (!c.includes('.') && !['1', '2', '3', '4', '5', '6', '7', '8', '9'].includes(c)) bad(rowOf.get(c)!, `${CRITERIA_SHEET}!A${rowOf.get(c)}`, `Mã gốc "${c}" phải từ 1 đến 9.`);

  if (!problems.length) {
    const seen = new Set<string>();
    const trees = [...Object.values(definition.areas), definition.impact, definition.bonus].filter((t): t is AreaTree => !!t);
    for (const t of trees)
      for (const p of validateTree(t, 'file', seen)) {
        const row = p.code ? (rowOf.get(p.code) ?? null) : null;
        bad(row, row ? `${CRITERIA_SHEET}!A${row}` : CRITERIA_SHEET, `${p.code ? `[${p.code}] ` : ''}${p.message}`);
      }
  }
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  return { ok: true, value: { code, title, definition } };
}

function normalise(v: unknown): unknown {
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
  return v;
}

/** The XLSX template: an info sheet and the criteria table with a few example rows. */
export async function criteriaXlsxTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const info = wb.addWorksheet(INFO_SHEET);
  info.addRow(['Mã bộ tiêu chí', 'vi-du-cap-xa']);
  info.addRow(['Tên bộ tiêu chí', 'Bộ tiêu chí đánh giá UBND cấp xã']);
  info.getColumn(1).width = 22;
  info.getColumn(2).width = 50;
  const ws = wb.addWorksheet(CRITERIA_SHEET);
  ws.addRow([...COLUMNS]).font = { bold: true };
  ws.addRow(['1', 'Công tác chỉ đạo, điều hành cải cách hành chính', '1', '', '', '', '', '']);
  ws.addRow(['1.1', 'Ban hành kế hoạch CCHC năm', '1', 'Có/Không', '', 'Kế hoạch (số, ngày, cơ quan ban hành)', 'Có: điểm tối đa; Không: 0', '']);
  ws.addRow(['3', 'Cải cách thủ tục hành chính', '2', '', '', '', '', '']);
  ws.addRow(['3.1', 'Tỷ lệ hồ sơ giải quyết đúng hạn', '2', 'Tỷ lệ tuyến tính', '{ source: { indicator: ON_TIME_RATE }, zeroAt: 80, fullAt: 100 }', '', '80 % trở xuống: 0 điểm; 100 %: đủ điểm', '']);
  [10, 60, 12, 18, 60, 40, 40, 14].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
