import ExcelJS from 'exceljs';
import { AREA_TITLES, type Area } from '../criteria/area.js';
import { AREA_ORDER } from '../criteria/preset.js';
import { BAND_LABELS } from './band.js';
import type { Ranking } from './ranking.service.js';

export interface RankingMeta {
  province: string;
  year: number;
  group: string;
  groupName: string;
}

const AREA_COLUMNS: string[] = [...AREA_ORDER, 'IMPACT', 'BONUS'];
const areaTitle = (a: string) => (a === 'IMPACT' ? 'Tác động' : a === 'BONUS' ? 'Điểm thưởng/trừ' : AREA_TITLES[a as Area]);

/** The ranking as plain JSON (decimals as strings), what the CLI prints and exports repeat. */
export function rankingJson(r: Ranking, meta: RankingMeta) {
  return {
    ...meta,
    provisional: r.provisional,
    label: r.label,
    publicationVersion: r.publicationVersion,
    rows: r.rows.map((x) => ({
      rank: x.rank,
      unit: x.unitName,
      areas: Object.fromEntries(x.areas.map((a) => [a.area, a.points.toFixed()])),
      total: x.total.toFixed(),
      max: x.max.toFixed(),
      index: x.index.toFixed(2),
      band: x.band,
      bandLabel: BAND_LABELS[x.band],
      rules: [
        ...x.capped.map((c) => `${c.rule.title} (${c.triggers.map((t) => `${t.indicator} = ${t.value}`).join(', ')})`),
        ...x.flags.map((f) => `${f.rule.title}: ${f.flag}`),
      ],
    })),
  };
}

/** The ranking table a Sở Nội vụ prints: units, area columns, total, index, band, rank, rules applied. */
export async function rankingWorkbook(r: Ranking, meta: RankingMeta): Promise<ExcelJS.Workbook> {
  const data = rankingJson(r, meta);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Nền tảng Chỉ số CCHC';
  const ws = wb.addWorksheet('Xếp hạng');
  const areas = AREA_COLUMNS.filter((a) => data.rows.some((row) => a in row.areas));
  ws.addRow([`KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${meta.year} — ${meta.groupName.toUpperCase()}`]).font = { bold: true, size: 13 };
  ws.addRow([`Tỉnh ${meta.province}. ${data.label}${data.publicationVersion ? `, công bố lần ${data.publicationVersion}` : ''}`]).font = { italic: true, color: r.provisional ? { argb: 'FFC00000' } : undefined };
  ws.addRow([]);
  const header = ws.addRow(['Xếp hạng', 'Cơ quan, đơn vị', ...areas.map(areaTitle), 'Tổng điểm', 'Điểm tối đa', 'Chỉ số (%)', 'Xếp loại', 'Quy tắc áp dụng']);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  for (const row of data.rows)
    ws.addRow([
      row.rank,
      row.unit,
      ...areas.map((a) => (row.areas[a] === undefined ? '' : Number(row.areas[a]))),
      Number(row.total),
      Number(row.max),
      Number(row.index),
      row.bandLabel,
      row.rules.join('; '),
    ]);
  ws.getColumn(1).width = 9;
  ws.getColumn(2).width = 42;
  areas.forEach((_, i) => (ws.getColumn(i + 3).width = 14));
  [10, 10, 10, 12, 60].forEach((w, i) => (ws.getColumn(areas.length + 3 + i).width = w));
  ws.views = [{ state: 'frozen', ySplit: 4, xSplit: 2 }];
  return wb;
}

export async function rankingXlsx(r: Ranking, meta: RankingMeta): Promise<Buffer> {
  return Buffer.from(await (await rankingWorkbook(r, meta)).xlsx.writeBuffer());
}

/** CSV through exceljs (UTF-8 with BOM so spreadsheet programs read Vietnamese correctly). */
export async function rankingCsv(r: Ranking, meta: RankingMeta): Promise<Buffer> {
  const wb = await rankingWorkbook(r, meta);
  const ws = wb.getWorksheet('Xếp hạng')!;
  ws.spliceRows(1, 3); // the CSV is the table only
  const csv = Buffer.from(await wb.csv.writeBuffer({ sheetName: 'Xếp hạng' }));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csv]);
}

/** The annex of the province's publication decision: the ranking table as a Word document. */
export async function rankingDocx(r: Ranking, meta: RankingMeta): Promise<Buffer> {
  const { AlignmentType, Document, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = await import('docx');
  const data = rankingJson(r, meta);
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, size: 18 })] })] });
  const doc = new Document({
    creator: 'Nền tảng Chỉ số CCHC',
    title: `Phụ lục kết quả Chỉ số CCHC năm ${meta.year}`,
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: 'PHỤ LỤC', bold: true })] }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: `KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${meta.year} — ${meta.groupName.toUpperCase()}`, bold: true })],
          }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `Tỉnh ${meta.province}. ${data.label}`, italics: true })] }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({ tableHeader: true, children: ['Xếp hạng', 'Cơ quan, đơn vị', 'Tổng điểm', 'Chỉ số (%)', 'Xếp loại', 'Quy tắc áp dụng'].map((t) => cell(t, true)) }),
              ...data.rows.map((x) => new TableRow({ children: [cell(String(x.rank)), cell(x.unit), cell(x.total), cell(x.index), cell(x.bandLabel), cell(x.rules.join('; '))] })),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** One export in the requested format, with its file name and media type. */
export async function rankingExport(r: Ranking, meta: RankingMeta, format: 'json' | 'csv' | 'xlsx' | 'docx') {
  const base = `xep-hang-${meta.year}-${meta.group}${r.provisional ? '-du-kien' : ''}`;
  switch (format) {
    case 'json':
      return { fileName: `${base}.json`, mediaType: 'application/json; charset=utf-8', data: Buffer.from(JSON.stringify(rankingJson(r, meta), null, 2)) };
    case 'csv':
      return { fileName: `${base}.csv`, mediaType: 'text/csv; charset=utf-8', data: await rankingCsv(r, meta) };
    case 'xlsx':
      return { fileName: `${base}.xlsx`, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: await rankingXlsx(r, meta) };
    case 'docx':
      return { fileName: `${base}.docx`, mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: await rankingDocx(r, meta) };
  }
}
