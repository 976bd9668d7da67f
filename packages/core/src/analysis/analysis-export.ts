import ExcelJS from 'exceljs';
import { AREA_TITLES, type Area } from '../criteria/area.js';
import { BAND_LABELS, type Band } from '../ranking/band.js';
import type { GroupComparison, HistoryRow, NationalComparison } from './comparison.service.js';
import type { ScenarioOutcome } from './scenario.service.js';

/** XLSX exports of re-scoring, what-if and comparisons (Vietnamese headers, numbers as numbers). */

export const areaTitle = (a: string) => (a === 'IMPACT' ? 'Tác động' : a === 'BONUS' ? 'Điểm thưởng/trừ' : (AREA_TITLES[a as Area] ?? a));
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const num = (d: { toFixed(): string } | null | undefined) => (d == null ? '' : Number(d.toFixed()));
const band = (b: Band | null | undefined) => (b ? BAND_LABELS[b] : '');

function book() {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Nền tảng Chỉ số CCHC';
  return wb;
}

function header(ws: ExcelJS.Worksheet, titles: string[]) {
  const row = ws.addRow(titles);
  row.font = { bold: true };
  row.alignment = { wrapText: true, vertical: 'middle' };
  return row;
}

async function file(wb: ExcelJS.Workbook, fileName: string) {
  return { fileName, mediaType: XLSX_TYPE, data: Buffer.from(await wb.xlsx.writeBuffer()) };
}

/** Old vs new for every unit of the group, the criteria that changed, and what the scenario changed. */
export async function scenarioXlsx(o: ScenarioOutcome, provinceName: string) {
  const wb = book();
  const ws = wb.addWorksheet('So sánh');
  const what = o.kind === 'RESCORE' ? 'CHẤM LẠI' : 'GIẢ ĐỊNH';
  ws.addRow([`${what} CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${o.round.year} — ${o.group.name.toUpperCase()}`]).font = { bold: true, size: 13 };
  ws.addRow([`Tỉnh ${provinceName}. Kết quả gốc: ${o.baseline.label}. Không phải kết quả chính thức; kết quả đã công bố không thay đổi.`]).font = { italic: true, color: { argb: 'FFC00000' } };
  for (const d of o.description) ws.addRow([d]);
  ws.addRow([]);
  const areas = [...new Set(o.rows.flatMap((r) => r.areas.map((a) => a.area)))];
  const headRow = header(ws, [
    'Xếp hạng mới',
    'Xếp hạng cũ',
    'Thay đổi hạng',
    'Cơ quan, đơn vị',
    ...areas.map((a) => `${areaTitle(a)} (mới)`),
    'Tổng điểm cũ',
    'Tổng điểm mới',
    'Điểm tối đa cũ',
    'Điểm tối đa mới',
    'Chỉ số cũ (%)',
    'Chỉ số mới (%)',
    'Chênh lệch chỉ số',
    'Xếp loại cũ',
    'Xếp loại mới',
    'Cách tính',
    'Quy tắc áp dụng',
  ]);
  for (const r of o.rows)
    ws.addRow([
      r.rank,
      r.old.rank,
      r.old.rank - r.rank,
      r.unitName,
      ...areas.map((a) => num(r.areas.find((x) => x.area === a)?.points)),
      num(r.old.total),
      num(r.total),
      num(r.old.max),
      num(r.max),
      num(r.old.index),
      num(r.index),
      Number(r.index.minus(r.old.index).toFixed(2)),
      band(r.old.band),
      band(r.band),
      r.source === 'ENTRIES' ? 'Chấm lại từ điểm từng tiêu chí' : 'Từ điểm lĩnh vực đã lưu',
      [...r.capped.map((c) => `${c.rule.title} (${c.triggers.map((t) => `${t.indicator} = ${t.value}`).join(', ')})`), ...r.flags.map((f) => `${f.rule.title}: ${f.flag}`)].join('; '),
    ]);
  ws.getColumn(4).width = 42;
  ws.views = [{ state: 'frozen', ySplit: headRow.number, xSplit: 4 }];
  const changed = o.rows.flatMap((r) => r.criteria.map((c) => ({ unit: r.unitName, ...c })));
  if (changed.length) {
    const cs = wb.addWorksheet('Tiêu chí thay đổi');
    header(cs, ['Cơ quan, đơn vị', 'Mã tiêu chí', 'Điểm cũ', 'Điểm mới', 'Lý do (cách tính mới)']);
    for (const c of changed) cs.addRow([c.unit, c.code, num(c.oldPoints), num(c.points), c.reason]);
    cs.getColumn(1).width = 42;
    cs.getColumn(5).width = 80;
  }
  return file(wb, `${o.kind === 'RESCORE' ? 'cham-lai' : 'gia-dinh'}-${o.round.year}-${o.group.code}.xlsx`);
}

/** A unit year over year, with the units that stood for it in earlier years. */
export async function historyXlsx(unitName: string, unitCode: string, rows: HistoryRow[]) {
  const wb = book();
  const ws = wb.addWorksheet('Qua các năm');
  ws.addRow([`KẾT QUẢ CHỈ SỐ CCHC QUA CÁC NĂM — ${unitName.toUpperCase()}`]).font = { bold: true, size: 13 };
  ws.addRow(['Năm trước khi đơn vị được thành lập: kết quả của các đơn vị tiền thân (sáp nhập, đổi tên, chia tách, chuyển giao).']).font = { italic: true };
  ws.addRow([]);
  const areas = [...new Set(rows.flatMap((r) => r.areas.map((a) => a.area)))];
  header(ws, ['Năm', 'Đợt đánh giá', 'Đơn vị (tên trong năm)', 'Quan hệ', 'Nhóm xếp hạng', ...areas.map(areaTitle), 'Tổng điểm', 'Điểm tối đa', 'Chỉ số (%)', 'Xếp loại', 'Xếp hạng', 'Số đơn vị trong nhóm', 'Trạng thái']);
  for (const r of rows)
    ws.addRow([
      r.year,
      r.roundTitle,
      r.unitName,
      r.via === 'SELF' ? 'Chính đơn vị' : 'Đơn vị tiền thân',
      r.groupName,
      ...areas.map((a) => num(r.areas.find((x) => x.area === a)?.points)),
      num(r.total),
      num(r.max),
      num(r.index),
      band(r.band),
      r.rank,
      r.groupSize,
      r.provisional ? 'Dự kiến (chưa công bố)' : `Đã công bố lần ${r.publicationVersion}`,
    ]);
  ws.getColumn(2).width = 40;
  ws.getColumn(3).width = 36;
  return file(wb, `qua-cac-nam-${unitCode}.xlsx`);
}

/** Units of a group side by side and the group's averages per area. */
export async function groupComparisonXlsx(c: GroupComparison, meta: { year: number; group: string; groupName: string; provinceName: string }) {
  const wb = book();
  const ws = wb.addWorksheet('So sánh đơn vị');
  ws.addRow([`SO SÁNH ĐƠN VỊ — CHỈ SỐ CCHC NĂM ${meta.year} — ${meta.groupName.toUpperCase()}`]).font = { bold: true, size: 13 };
  ws.addRow([`Tỉnh ${meta.provinceName}. ${c.ranking.label}`]).font = { italic: true };
  ws.addRow([]);
  const areas = c.averages.map((a) => a.area);
  header(ws, ['Xếp hạng', 'Cơ quan, đơn vị', ...areas.map(areaTitle), 'Tổng điểm', 'Điểm tối đa', 'Chỉ số (%)', 'Chênh lệch so với trung bình nhóm', 'Xếp loại']);
  for (const r of c.rows)
    ws.addRow([
      r.rank,
      r.unitName,
      ...areas.map((a) => num(r.areas.find((x) => x.area === a)?.points)),
      num(r.total),
      num(r.max),
      num(r.index),
      Number(r.index.minus(c.averageIndex).toFixed(2)),
      band(r.band),
    ]);
  ws.getColumn(2).width = 42;
  const avg = wb.addWorksheet('Trung bình lĩnh vực');
  avg.addRow([`Trung bình của nhóm (${c.units} đơn vị): chỉ số ${c.averageIndex.toFixed(2)} %`]).font = { bold: true };
  header(avg, ['Lĩnh vực', 'Điểm trung bình', 'Điểm tối đa trung bình', 'Tỷ lệ đạt (%)', 'Thấp nhất (%)', 'Cao nhất (%)']);
  for (const a of c.averages) avg.addRow([areaTitle(a.area), num(a.averagePoints), num(a.averageMax), num(a.percent), num(a.minPercent), num(a.maxPercent)]);
  avg.getColumn(1).width = 50;
  header(avg, ['Xếp loại', 'Số đơn vị']);
  for (const b of c.bands) avg.addRow([BAND_LABELS[b.band], b.count]);
  return file(wb, `so-sanh-${meta.year}-${meta.group}.xlsx`);
}

/** The provinces side by side over the areas they share. */
export async function nationalXlsx(n: NationalComparison) {
  const wb = book();
  const ws = wb.addWorksheet('Các tỉnh');
  ws.addRow([`SO SÁNH CÁC TỈNH — CHỈ SỐ CCHC NĂM ${n.year}${n.group ? ` — NHÓM ${n.group}` : ''}`]).font = { bold: true, size: 13 };
  ws.addRow(['Từ kết quả đã công bố của từng tỉnh; tỷ lệ đạt theo lĩnh vực chỉ trên các lĩnh vực mọi tỉnh đều có.']).font = { italic: true };
  ws.addRow([]);
  header(ws, ['Xếp hạng', 'Tỉnh', 'Số đơn vị', 'Chỉ số trung bình (%)', ...n.sharedAreas.map((a) => `${areaTitle(a)} (%)`), ...Object.values(BAND_LABELS)]);
  for (const p of n.provinces)
    ws.addRow([p.rank, p.provinceName, p.units, num(p.averageIndex), ...p.areas.map((a) => num(a.percent)), ...p.bands.map((b) => b.count)]);
  ws.getColumn(2).width = 24;
  return file(wb, `so-sanh-cac-tinh-${n.year}${n.group ? `-${n.group}` : ''}.xlsx`);
}
