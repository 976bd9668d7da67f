import type { EntityManager } from '@mikro-orm/postgresql';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import ExcelJS from 'exceljs';
import { viDate } from '../common/dates.js';
import { CriterionSnapshot } from '../criteria/criteria.entity.js';
import { AssessmentRound } from '../round/assessment-round.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { ExplanationRequest } from './appraisal.entity.js';
import { Scorecard, ScorecardEntry, ScorecardResult, Stage } from './scorecard.entity.js';

const STAGES: [Stage, string][] = [
  [Stage.SELF, 'Tự chấm'],
  [Stage.APPRAISAL_1, 'Thẩm định lần 1'],
  [Stage.APPRAISAL_2, 'Thẩm định lần 2'],
];
const STATUS_LABEL: Record<string, string> = {
  DRAFT: 'Đang tự chấm',
  SUBMITTED: 'Đã nộp',
  RETURNED: 'Được trả lại',
  IN_APPRAISAL: 'Đang thẩm định',
  EXPLANATION_REQUESTED: 'Chờ giải trình',
  EXPLANATION_SUBMITTED: 'Đã giải trình',
  FINAL_APPRAISAL: 'Đã thẩm định lần 2',
  COUNCIL_APPROVED: 'Hội đồng đã thông qua',
  PUBLISHED: 'Đã công bố',
};

export interface ReportRow {
  code: string;
  title: string;
  depth: number;
  max: string;
  stages: { value: string; points: string; comment: string }[];
  final: string;
  reason: string;
}

export interface ScorecardReport {
  unit: string;
  round: string;
  status: string;
  rows: ReportRow[];
  totals: { label: string; total: string; max: string; index: string }[];
  explanations: { code: string; message: string; dueOn: string; answer: string }[];
}

/** An entry in words; variables by the method's Vietnamese labels when it has them. */
const show = (e: ScorecardEntry | undefined, labels: Record<string, string> = {}) => {
  if (!e) return '';
  if (e.notApplicable) return 'Không áp dụng';
  const vars = Object.entries(e.variables).map(([k, v]) => `${Object.hasOwn(labels, k) ? labels[k] : k} = ${v}`);
  return [e.value === 'yes' ? 'Có' : e.value === 'no' ? 'Không' : (e.value ?? ''), e.points ? `${e.points.toFixed()} điểm` : '', ...vars].filter(Boolean).join('; ');
};

/** Gathers a unit's scorecard with every stage's value, points and comment (all in Vietnamese). */
export async function buildScorecardReport(em: EntityManager, card: Scorecard): Promise<ScorecardReport> {
  const [round, unit, rows, entries, results, requests] = await Promise.all([
    em.findOneOrFail(AssessmentRound, { id: card.round.id }),
    em.findOneOrFail(Unit, { id: card.unit.id }),
    em.find(CriterionSnapshot, { round: card.round, group: card.group }, { orderBy: { position: 'asc' } }),
    em.find(ScorecardEntry, { scorecard: card }),
    em.find(ScorecardResult, { scorecard: card }),
    em.find(ExplanationRequest, { scorecard: card }, { orderBy: { createdAt: 'asc' } }),
  ]);
  const entry = (stage: Stage, code: string) => entries.find((e) => e.stage === stage && e.code === code);
  const points = (stage: Stage, code: string) => results.find((r) => r.stage === stage)?.criteria.find((c) => c.code === code);
  return {
    unit: unit.name,
    round: round.title,
    status: STATUS_LABEL[card.status] ?? card.status,
    rows: rows.map((r) => {
      const fin = points(Stage.FINAL, r.code) ?? points(Stage.SELF, r.code);
      return {
        code: r.code,
        title: r.title,
        depth: r.depth,
        max: r.max.toFixed(),
        stages: STAGES.map(([s]) => ({ value: show(entry(s, r.code), r.method?.labels), points: entry(s, r.code) || r.depth === 0 ? (points(s, r.code)?.points ?? '') : '', comment: entry(s, r.code)?.comment ?? entry(s, r.code)?.explanation ?? '' })),
        final: fin?.points ?? '',
        reason: fin?.reason ?? '',
      };
    }),
    totals: [...STAGES, [Stage.FINAL, 'Kết quả cuối cùng'] as [Stage, string]]
      .map(([s, label]) => ({ label, r: results.find((x) => x.stage === s) }))
      .filter((x) => x.r)
      .map(({ label, r }) => ({ label, total: r!.total.toFixed(), max: r!.max.toFixed(), index: r!.index.toFixed(2) })),
    explanations: requests.map((q) => ({ code: q.code, message: q.message, dueOn: viDate(q.dueOn), answer: q.answer ?? '(chưa trả lời)' })),
  };
}

export async function scorecardXlsx(report: ScorecardReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Nền tảng Chỉ số CCHC';
  const ws = wb.addWorksheet('Phiếu chấm');
  ws.addRow([`Phiếu chấm điểm Chỉ số cải cách hành chính — ${report.unit}`]).font = { bold: true, size: 13 };
  ws.addRow([report.round]);
  ws.addRow([`Trạng thái: ${report.status}`]);
  ws.addRow([]);
  const header = ['Mã', 'Tiêu chí', 'Điểm tối đa', ...STAGES.flatMap(([, l]) => [`${l}: giá trị`, `${l}: điểm`, `${l}: ghi chú`]), 'Điểm cuối cùng', 'Giải thích'];
  const h = ws.addRow(header);
  h.font = { bold: true };
  for (const r of report.rows) {
    const row = ws.addRow([r.code, `${'  '.repeat(r.depth)}${r.title}`, Number(r.max), ...r.stages.flatMap((s) => [s.value, s.points === '' ? '' : Number(s.points), s.comment]), r.final === '' ? '' : Number(r.final), r.reason]);
    if (r.depth === 0) row.font = { bold: true };
  }
  ws.addRow([]);
  for (const t of report.totals) ws.addRow(['', t.label, Number(t.max), `Tổng điểm: ${t.total}`, `Chỉ số: ${t.index} %`]).font = { bold: true };
  if (report.explanations.length) {
    ws.addRow([]);
    ws.addRow(['', 'Giải trình']).font = { bold: true };
    for (const e of report.explanations) ws.addRow([e.code, e.message, '', `Hạn ${e.dueOn}`, e.answer]);
  }
  [8, 60, 10, 18, 8, 30, 18, 8, 30, 18, 8, 30, 10, 60].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function scorecardDocx(report: ScorecardReport): Promise<Buffer> {
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, size: 18 })] })] });
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: ['Mã', 'Tiêu chí', 'Tối đa', 'Tự chấm', 'Thẩm định 1', 'Thẩm định 2', 'Cuối cùng'].map((t) => cell(t, true)) }),
      ...report.rows.map(
        (r) =>
          new TableRow({
            children: [
              cell(r.code, r.depth === 0),
              cell(r.title, r.depth === 0),
              cell(r.max),
              ...r.stages.map((s) => cell([s.value, s.points && `${s.points} điểm`, s.comment].filter(Boolean).join(' — '))),
              cell(r.final, r.depth === 0),
            ],
          }),
      ),
    ],
  });
  const doc = new Document({
    creator: 'Nền tảng Chỉ số CCHC',
    title: `Phiếu chấm — ${report.unit}`,
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, alignment: AlignmentType.CENTER, children: [new TextRun(`PHIẾU CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH`)] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: report.unit, bold: true })] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(`${report.round} — ${report.status}`)] }),
          table,
          ...report.totals.map((t) => new Paragraph({ children: [new TextRun({ text: `${t.label}: ${t.total}/${t.max} điểm, chỉ số ${t.index} %`, bold: true })] })),
          ...(report.explanations.length ? [new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Giải trình')] })] : []),
          ...report.explanations.map((e) => new Paragraph({ children: [new TextRun(`Tiêu chí ${e.code} (hạn ${e.dueOn}): ${e.message} — Trả lời: ${e.answer}`)] })),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
