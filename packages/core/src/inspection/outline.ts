import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import JSZip from 'jszip';
import { isIsoDate, viDate } from '../common/dates.js';
import { badInput } from '../common/errors.js';
import { Area, AREA_TITLES } from '../criteria/area.js';

/** The outline of 1871/KH-UBND as data: for each area, its heading as in the outline and its items verbatim. */
export interface OutlineSection {
  area: Area;
  heading: string;
  items: string[];
  note?: string;
}

export const OUTLINE_SOURCE = 'Đề cương kèm theo Kế hoạch số 1871/KH-UBND ngày 30/5/2024 của UBND tỉnh Kon Tum';

/** The outline's footnote [1], on area 6 (public finance). */
const FINANCE_NOTE =
  'Đối với nội dung này, Sở Tài chính chịu trách nhiệm đánh giá tình hình triển khai thực hiện theo chức năng, nhiệm vụ được giao. Kết quả kiểm tra gửi về Sở Nội vụ để tổng hợp chung.';

/** The outline's guidance under "III. KIẾN NGHỊ, ĐỀ XUẤT" (without the document's closing "/."). */
export const OUTLINE_RECOMMENDATIONS_GUIDE =
  'Nêu những kiến nghị, đề xuất với Ủy ban nhân dân tỉnh, các cấp, ngành có liên quan để đẩy mạnh cải cách hành chính trong thời gian tới.';

const section = (s: OutlineSection): OutlineSection => Object.freeze({ ...s, items: Object.freeze([...s.items]) as string[] });

/**
 * Section I of the outline: the seven areas in Area order, each item copied from the seed
 * (002, "ĐỀ CƯƠNG BÁO CÁO") with only its line breaks joined. Frozen: every document shares it.
 */
export const KON_TUM_OUTLINE: readonly OutlineSection[] = Object.freeze(
  [
    {
      area: Area.LEADERSHIP,
      heading: 'Công tác chỉ đạo, điều hành',
      items: [
        'Công tác ban hành các văn bản chỉ đạo, điều hành; tổ chức các hội nghị giao ban, quán triệt chương trình, kế hoạch của tỉnh, của cơ quan, đơn vị, địa phương; đánh giá kết quả triển khai thực hiện, mức độ hoàn thành đối với từng nội dung nhiệm vụ đã đề ra theo kế hoạch.',
        'Việc ban hành và tổ chức thực hiện kế hoạch kiểm tra hàng năm; kết quả thực hiện, số đơn vị được kiểm tra, việc xử lý các vấn đề phát hiện qua kiểm tra.',
        'Việc ban hành và tổ chức thực hiện kế hoạch tuyên truyền hàng năm; kết quả thực hiện kế hoạch tuyên truyền, mức độ hoàn thành kế hoạch.',
        'Sáng kiến, giải pháp trong triển khai công tác cải cách hành chính.',
        'Việc chấp hành công tác thông tin, báo cáo; công tác thi đua, khen thưởng gắn với thực hiện nhiệm vụ cải cách hành chính tại cơ quan, đơn vị, địa phương.',
        'Việc thực hiện các nhiệm vụ, giải pháp để cải thiện điểm số và thứ hạng Chỉ số cải cách hành chính (PAR INDEX); Chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS), Chỉ số Hiệu quả Quản trị và Hành chính công (PAPI) của tỉnh thuộc trách nhiệm của sở ngành, địa phương.',
        'Kết quả thực hiện các nhiệm vụ do Ủy ban nhân dân tỉnh, Chủ tịch Ủy ban nhân dân tỉnh giao liên quan đến các lĩnh vực thuộc cải cách hành chính.',
      ],
    },
    {
      area: Area.INSTITUTIONS,
      heading: 'Cải cách thể chế',
      items: [
        'Việc tham mưu ban hành các văn bản quy định chi tiết các văn bản quy phạm pháp luật của cơ quan Nhà nước cấp trên (tham mưu ban hành đầy đủ, đúng tiến độ, đảm bảo trình tự, thủ tục xây dựng văn bản và chất lượng văn bản).',
        'Việc kiểm tra, rà soát, hệ thống hóa văn bản quy phạm pháp luật.',
        'Việc theo dõi thi hành pháp luật.',
        'Việc tuyên truyền, phổ biến giáo dục pháp luật.',
        'Thực hiện công khai, minh bạch các quy định, cơ chế chính sách đảm bảo việc tiếp cận của tổ chức, cá nhân, doanh nghiệp trên địa bàn tỉnh.',
      ],
    },
    {
      area: Area.PROCEDURES,
      heading: 'Cải cách thủ tục hành chính',
      items: [
        'Việc ban hành, tổ chức thực hiện Kế hoạch rà soát, đánh giá thủ tục hành chính tại cơ quan, đơn vị, địa phương; đề xuất phương án đơn giản hóa thủ tục hành chính theo phạm vi chức năng, thẩm quyền quản lý.',
        'Việc trình công bố danh mục thủ tục hành chính; công khai thủ tục hành chính trên Cơ sở dữ liệu quốc gia về thủ tục hành chính; niêm yết, công khai các thủ tục hành chính thuộc thẩm quyền giải quyết của cơ quan, đơn vị, địa phương; công khai địa chỉ tiếp nhận phản ánh, kiến nghị của cá nhân, tổ chức theo quy định.',
        'Kết quả triển khai thực hiện Đề án đổi mới việc thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính trên địa bàn tỉnh theo Kế hoạch số 1613/KH-UBND ngày 20 tháng 5 năm 2021 của Ủy ban nhân dân tỉnh: Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính; tiếp nhận, giải quyết thủ tục hành chính không phụ thuộc vào địa giới hành chính; thực hiện cơ chế giao doanh nghiệp cung ứng dịch vụ bưu chính công ích đảm nhận một số công việc trong quá trình hướng dẫn, tiếp nhận, số hóa hồ sơ, trả kết quả giải quyết thủ tục hành chính; việc kết nối, chia sẻ dữ liệu giữa các cơ sở dữ liệu quốc gia, cơ sở dữ liệu chuyên ngành với Cổng Dịch vụ công quốc gia, hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; giải pháp đổi mới, nâng cao hiệu quả, năng suất lao động của Bộ phận Một cửa các cấp phù hợp với điều kiện, yêu cầu thực tiễn.',
        'Tình hình giải quyết thủ tục hành chính theo cơ chế một cửa, một cửa liên thông, cập nhật kết quả giải quyết thủ tục hành chính trên hệ thống một cửa điện tử. Kết quả triển khai thực hiện 05 nhóm chỉ tiêu liên quan đến “Bộ chỉ số phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công trực tuyến”; tình trạng trễ hẹn, quá hạn; lý do trễ hẹn, quá hạn và việc gửi thư xin lỗi tổ chức, công dân theo quy định.',
      ],
    },
    {
      area: Area.ORGANIZATION,
      heading: 'Cải cách tổ chức bộ máy',
      items: [
        'Việc rà soát sắp xếp, tổ chức lại, kiện toàn chức năng, nhiệm vụ, cơ cấu tổ chức bên trong và cơ cấu số lượng chức danh lãnh đạo theo quy định của các cơ quan, đơn vị, địa phương.',
        'Thực hiện tinh giản biên chế công chức, công chức cấp xã số lượng người làm việc trong các cơ quan, đơn vị, địa phương và đơn vị sự nghiệp công lập theo kế hoạch của cấp có thẩm quyền giai đoạn 2023-2026.',
        'Thực hiện phân cấp, ủy quyền; công tác kiểm tra, giám sát đối với các nhiệm vụ thực hiện phân cấp, ủy quyền thuộc phạm vi quản lý nhà nước của cơ quan, đơn vị; xử lý các vấn đề về phân cấp, ủy quyền phát hiện qua kiểm tra.',
      ],
    },
    {
      area: Area.CIVIL_SERVICE,
      heading: 'Cải cách chế độ công vụ',
      items: [
        'Việc rà soát, xây dựng kế hoạch, triển khai lộ trình thực hiện bố trí công chức, viên chức đảm bảo vị trí việc làm, cơ cấu ngạch công chức và cơ cấu chức danh nghề nghiệp viên chức đã được cấp có thẩm quyền phê duyệt.',
        'Xây dựng và triển khai thực hiện kế hoạch chuyển đổi vị trí công tác đối với cán bộ, công chức, viên chức tại cơ quan, đơn vị, địa phương.',
        'Xây dựng và thực hiện kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức của cơ quan, đơn vị, địa phương; thực hiện các giải pháp xây dựng đội ngũ cán bộ, công chức; xây dựng tiêu chí đánh giá cán bộ, công chức, viên chức dựa trên kết quả thực hiện nhiệm vụ được giao bằng sản phẩm cụ thể và sự hài lòng của người dân, doanh nghiệp.',
        'Việc tuyển dụng công chức cấp xã, tuyển dụng viên chức; bố trí cán bộ, công chức cấp xã đảm bảo tiêu chuẩn chức danh theo đúng quy định (đối với cấp huyện, cấp xã).',
        'Việc chấp hành kỷ luật, kỷ cương hành chính của các cơ quan, đơn vị, địa phương.',
      ],
    },
    {
      area: Area.PUBLIC_FINANCE,
      heading: 'Cải cách tài chính công',
      items: [
        'Kết quả thực hiện cơ chế tự chủ, tự chịu trách nhiệm trong hoạt động cơ quan hành chính, các đơn vị sự nghiệp công lập trực thuộc cơ quan, đơn vị, địa phương.',
        'Việc rà soát xây dựng quy chế chi tiêu nội bộ, quy chế quản lý, sử dụng tài sản công tại cơ quan, đơn vị, địa phương.',
        'Tình hình tổ chức thực hiện các kiến nghị sau thanh tra, kiểm tra, kiểm toán nhà nước về tài chính, ngân sách (nếu có).',
      ],
      note: FINANCE_NOTE,
    },
    {
      area: Area.DIGITAL_GOVERNMENT,
      heading: 'Xây dựng và phát triển chính quyền điện tử, chính quyền số',
      items: [
        'Tình hình, tiến độ, kết quả triển khai các nhiệm vụ về chuyển đổi số của cơ quan, đơn vị, địa phương; việc xây dựng cơ sở dữ liệu chuyên ngành phục vụ cho công tác lãnh đạo, quản lý.',
        'Tình hình triển khai ứng dụng các nền tảng dùng chung: việc tạo lập hồ sơ công việc trên Hệ thống quản lý văn bản và điều hành; cập nhật hồ sơ thủ tục hành chính trên Hệ thống Một cửa điện tử; kết quả triển khai thực hiện các dịch vụ công trực tuyến toàn trình và một phần; tình hình sử dụng chữ ký số, hóa đơn điện tử...',
        'Việc cung cấp, cập nhật thông tin trên trang Trang thông tin điện tử của cơ quan, đơn vị, địa phương.',
        'Việc phân công cán bộ phụ trách chuyển đổi số; công tác bồi dưỡng, tập huấn về ứng dụng công nghệ thông tin, chuyển đổi số của đơn vị.',
      ],
    },
  ].map(section),
);

/** What the platform knows, gathered elsewhere (from the database) and passed in. */
export interface OutlineData {
  unitName: string;
  provinceName: string;
  year: number;
  /** ISO date. */
  generatedOn: string;
  /** The inspection plan, e.g. "Kế hoạch kiểm tra công tác CCHC năm 2024". */
  planTitle?: string | null;
  mode?: 'DIRECT' | 'SELF' | null;
  /** ISO date of a direct visit. */
  visitOn?: string | null;
  /** e.g. stageLabel "Tự chấm". */
  score?: { stageLabel: string; total: string; max: string; index: string; band?: string | null } | null;
  areas: Array<{
    area: Area;
    /** The unit's area result, if any. */
    points?: string | null;
    max?: string | null;
    /** Scored leaves, for a short table. */
    criteria?: Array<{ code: string; title: string; points: string; max: string; reason?: string | null }>;
    /** Plan tasks the unit leads in this area; deadline an ISO date (shown as 30/6/2024) or the plan's own words ("Quý II/2024"). */
    tasks?: Array<{ title: string; deadline: string; status: string; onTime: boolean | null; product?: string | null }>;
    /** Inspection findings in this area. */
    findings?: Array<{
      kind: 'GOOD_PRACTICE' | 'SHORTCOMING' | 'VIOLATION';
      description: string;
      recommendation?: string | null;
      repeated?: boolean;
      remediated?: boolean;
    }>;
  }>;
  /** Share of the unit's dated plan tasks completed on time. */
  planShare?: { onTime: number; total: number } | null;
}

type AreaData = OutlineData['areas'][number];
type Finding = NonNullable<AreaData['findings']>[number];

const AREA_ORDER = KON_TUM_OUTLINE.map((s) => s.area);
const PLACEHOLDER = '[Đơn vị trình bày]';
const NO_DATA = 'Chưa có dữ liệu trên hệ thống.';
const REPEATED = '(lặp lại so với năm trước)';
const FINDING_LABEL: Record<Finding['kind'], string> = {
  GOOD_PRACTICE: 'Ưu điểm',
  SHORTCOMING: 'Tồn tại, hạn chế',
  VIOLATION: 'Vi phạm',
};

const isNumber = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));
const filled = (s: string | null | undefined): s is string => s != null && s.trim() !== '';

/** Sanity checks on the data before a document is generated; [] when fine. Messages in Vietnamese. */
export function outlineProblems(data: OutlineData): string[] {
  const problems: string[] = [];
  if (!filled(data.unitName)) problems.push('Thiếu tên đơn vị.');
  if (!filled(data.provinceName)) problems.push('Thiếu tên tỉnh.');
  if (!Number.isInteger(data.year) || data.year < 2000 || data.year > 2100) problems.push(`Năm "${data.year}" không hợp lệ.`);
  if (!isIsoDate(data.generatedOn)) problems.push(`Ngày tạo "${data.generatedOn}" không hợp lệ (định dạng YYYY-MM-DD).`);
  if (data.visitOn != null) {
    if (!isIsoDate(data.visitOn)) problems.push(`Ngày kiểm tra "${data.visitOn}" không hợp lệ (định dạng YYYY-MM-DD).`);
    if (data.mode === 'SELF') problems.push('Đơn vị tự kiểm tra nhưng lại có ngày kiểm tra trực tiếp.');
  }
  const s = data.score;
  if (s) {
    for (const [k, v] of [['tổng điểm', s.total], ['điểm tối đa', s.max], ['chỉ số', s.index]] as const)
      if (!isNumber(v)) problems.push(`Kết quả chấm điểm: ${k} "${v}" không phải là số.`);
    if (isNumber(s.total) && isNumber(s.max) && Number(s.total) > Number(s.max)) problems.push(`Tổng điểm ${s.total} vượt điểm tối đa ${s.max}.`);
  }
  const p = data.planShare;
  if (p && !(Number.isInteger(p.onTime) && Number.isInteger(p.total) && p.onTime >= 0 && p.onTime <= p.total))
    problems.push(`Tỷ lệ nhiệm vụ đúng hạn ${p.onTime}/${p.total} không hợp lệ.`);

  const seen = new Set<Area>();
  for (const a of data.areas) {
    const n = AREA_ORDER.indexOf(a.area) + 1;
    if (n === 0) {
      problems.push(`Lĩnh vực "${String(a.area)}" không có trong đề cương.`);
      continue;
    }
    const where = `Lĩnh vực ${n}. ${AREA_TITLES[a.area]}`;
    if (seen.has(a.area)) problems.push(`${where}: có dữ liệu hai lần.`);
    seen.add(a.area);
    if (filled(a.points) && !isNumber(a.points)) problems.push(`${where}: điểm "${a.points}" không phải là số.`);
    if (filled(a.max) && !isNumber(a.max)) problems.push(`${where}: điểm tối đa "${a.max}" không phải là số.`);
    if (filled(a.points) && filled(a.max) && isNumber(a.points) && isNumber(a.max) && Number(a.points) > Number(a.max))
      problems.push(`${where}: điểm ${a.points} vượt điểm tối đa ${a.max}.`);
    const codes = new Set<string>();
    for (const c of a.criteria ?? []) {
      if (codes.has(c.code)) problems.push(`${where}: tiêu chí ${c.code} xuất hiện hai lần.`);
      codes.add(c.code);
      if (!isNumber(c.points) || !isNumber(c.max)) problems.push(`${where}: điểm của tiêu chí ${c.code} không phải là số.`);
      else if (Number(c.points) > Number(c.max)) problems.push(`${where}: tiêu chí ${c.code} có điểm ${c.points} vượt tối đa ${c.max}.`);
    }
    for (const t of a.tasks ?? []) {
      if (!filled(t.title)) problems.push(`${where}: có nhiệm vụ không có tên.`);
    }
    for (const f of a.findings ?? []) {
      if (!Object.hasOwn(FINDING_LABEL, f.kind)) problems.push(`${where}: loại kết luận "${String(f.kind)}" không hợp lệ.`);
      if (!filled(f.description)) problems.push(`${where}: có kết luận kiểm tra không có nội dung.`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** NFC (so diacritics survive search and comparison) without the control characters XML 1.0 forbids. */
const clean = (s: string) => s.normalize('NFC').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

/** Runs for a text; its line breaks become Word line breaks. */
const runs = (text: string, style: RunStyle = {}) =>
  clean(text)
    .split(/\r\n|\r|\n/)
    .map((line, i) => new TextRun({ ...style, text: line, ...(i ? { break: 1 } : {}) }));

const DASH = 'outline-dash';
const FONT_SIZE = 26; // 13 pt, as administrative documents are set
const TABLE_SIZE = 22;
/** A4 (11906 twips) less margins of 30 mm left and 20 mm right. */
const TEXT_WIDTH = 11906 - 1701 - 1134;

type Block = Paragraph | Table;

const para = (text: string, style: RunStyle = {}, alignment?: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
  new Paragraph({ ...(alignment ? { alignment } : {}), children: runs(text, style) });
/** A "- " item, as the outline writes them. */
const dash = (children: TextRun[]) => new Paragraph({ numbering: { reference: DASH, level: 0 }, children });
const placeholder = () => new Paragraph({ indent: { left: 720 }, children: runs(PLACEHOLDER, { italics: true }) });
const label = (text: string) => new Paragraph({ spacing: { before: 120 }, keepNext: true, children: runs(text, { bold: true, italics: true }) });

function table(header: string[], widths: number[], rows: Array<Array<string | [string, string | null | undefined]>>): Table {
  // A cell is a text, or a text with a second, italic line (a reason, a product).
  const cell = (content: string | [string, string | null | undefined], width: number, bold = false) => {
    const [main, extra] = typeof content === 'string' ? [content, null] : content;
    return new TableCell({
      width: { size: width, type: WidthType.DXA },
      children: [
        new Paragraph({ children: runs(main, { bold, size: TABLE_SIZE }) }),
        ...(filled(extra) ? [new Paragraph({ children: runs(extra, { italics: true, size: TABLE_SIZE }) })] : []),
      ],
    });
  };
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, widths[i] ?? 0, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, widths[i] ?? 0)) })),
    ],
  });
}

/** "66,7": one decimal, comma as the decimal separator, half up. */
function percent(part: number, whole: number): string {
  const tenths = Math.round((part * 1000) / whole);
  return `${Math.floor(tenths / 10)},${tenths % 10}`;
}

const onTimeLabel = (v: boolean | null) => (v === true ? 'Có' : v === false ? 'Không' : '—');
/** An ISO date the Vietnamese way; anything else (a deadline such as "Quý II/2024") as it is. */
const showDate = (d: string) => (isIsoDate(d) ? viDate(d) : d);
const remediation = (f: Finding) =>
  f.kind === 'GOOD_PRACTICE' || f.remediated == null ? '' : f.remediated ? 'đã khắc phục' : 'chưa khắc phục';

/** "description (lặp lại so với năm trước) — Kiến nghị: … — Đã khắc phục." */
function findingText(f: Finding, withRecommendation: boolean): string {
  const parts = [f.repeated ? `${f.description.trim()} ${REPEATED}` : f.description.trim()];
  if (withRecommendation && filled(f.recommendation)) parts.push(`Kiến nghị: ${f.recommendation.trim()}`);
  const r = remediation(f);
  if (r) parts.push(r.charAt(0).toUpperCase() + r.slice(1));
  return parts.join(' — ');
}

/** The prefilled part of one area: its points, criteria, the unit's plan tasks, the findings. */
function areaData(section: OutlineSection, a: AreaData | undefined, planShare: OutlineData['planShare']): Block[] {
  const out: Block[] = [label('Số liệu trên hệ thống (điền sẵn):')];
  const before = out.length;
  if (a && filled(a.points)) out.push(dash(runs(`Điểm lĩnh vực: ${a.points}${filled(a.max) ? `/${a.max}` : ''}`)));
  if (section.area === Area.LEADERSHIP && planShare) {
    const share = planShare.total > 0 ? `${percent(planShare.onTime, planShare.total)} %` : 'chưa có nhiệm vụ có thời hạn';
    out.push(dash(runs(`Tỷ lệ nhiệm vụ kế hoạch CCHC hoàn thành đúng hạn: ${planShare.onTime}/${planShare.total} (${share})`)));
  }
  const criteria = a?.criteria ?? [];
  if (criteria.length) {
    out.push(label('Kết quả chấm điểm các tiêu chí:'));
    const w = [1100, 0, 1000, 1000];
    w[1] = TEXT_WIDTH - 3100;
    out.push(table(['Mã', 'Tiêu chí', 'Điểm', 'Tối đa'], w, criteria.map((c) => [c.code, [c.title, filled(c.reason) ? `Lý do: ${c.reason}` : null], c.points, c.max])));
  }
  const tasks = a?.tasks ?? [];
  if (tasks.length) {
    out.push(label('Nhiệm vụ đơn vị chủ trì trong Kế hoạch CCHC:'));
    const w = [0, 1500, 1900, 1100];
    w[0] = TEXT_WIDTH - 4500;
    out.push(
      table(
        ['Nhiệm vụ', 'Thời hạn', 'Tình trạng', 'Đúng hạn'],
        w,
        tasks.map((t) => [[t.title, filled(t.product) ? `Sản phẩm: ${t.product}` : null], showDate(t.deadline), t.status, onTimeLabel(t.onTime)]),
      ),
    );
  }
  const findings = a?.findings ?? [];
  if (findings.length) {
    out.push(label('Kết quả kiểm tra:'));
    for (const f of findings) out.push(dash([...runs(`${FINDING_LABEL[f.kind]}: `, { bold: true }), ...runs(findingText(f, true))]));
  }
  if (out.length === before) out.push(para(NO_DATA, { italics: true }));
  return out;
}

function headerBlock(data: OutlineData): Paragraph[] {
  const upper = (s: string) => clean(s).toLocaleUpperCase('vi');
  const unit = upper(data.unitName.trim());
  // A department is written under its province ("UBND TỈNH KON TUM / SỞ TƯ PHÁP"); a people's committee stands alone.
  const standsAlone = /^(UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s/.test(unit);
  const out: Paragraph[] = [];
  if (!standsAlone) out.push(para(`UBND TỈNH ${upper(data.provinceName.trim())}`, {}, AlignmentType.CENTER));
  out.push(para(unit, { bold: true }, AlignmentType.CENTER));
  out.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240 }, children: runs('BÁO CÁO', { bold: true, size: 28 }) }));
  out.push(para(`Kết quả thực hiện công tác cải cách hành chính năm ${data.year}`, { bold: true }, AlignmentType.CENTER));
  out.push(para(`(Theo ${OUTLINE_SOURCE.charAt(0).toLocaleLowerCase('vi')}${OUTLINE_SOURCE.slice(1)})`, { italics: true }, AlignmentType.CENTER));
  const visit =
    data.mode === 'DIRECT'
      ? `Hình thức: kiểm tra trực tiếp tại đơn vị${data.visitOn ? ` ngày ${showDate(data.visitOn)}` : ''}.`
      : data.mode === 'SELF'
        ? 'Hình thức: đơn vị tự kiểm tra, gửi báo cáo.'
        : null;
  if (filled(data.planTitle) || visit)
    out.push(para([filled(data.planTitle) ? `Phục vụ: ${data.planTitle.trim()}.` : '', visit ?? ''].filter(Boolean).join(' '), {}, AlignmentType.CENTER));
  out.push(
    para(
      `Ngày tạo: ${showDate(data.generatedOn)}. Các số liệu trong báo cáo do nền tảng điền sẵn từ dữ liệu trên hệ thống; ` +
        'đơn vị kiểm tra, chỉnh sửa, bổ sung trước khi ký ban hành.',
      { italics: true, size: 22 },
      AlignmentType.CENTER,
    ),
  );
  const s = data.score;
  if (s)
    out.push(
      new Paragraph({
        spacing: { before: 120 },
        children: runs(`Điểm ${s.stageLabel}: ${s.total}/${s.max} (${s.index} %)${filled(s.band) ? `, xếp loại ${s.band}` : ''}`, { bold: true }),
      }),
    );
  return out;
}

const h1 = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(text) });
const h2 = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(text) });
/** Sub-points of section II: bold, not headings, so the navigation pane shows I, 1–7, II, III as the outline does. */
const sub = (text: string) => new Paragraph({ spacing: { before: 120 }, keepNext: true, children: runs(text, { bold: true }) });

/**
 * The report of 1871/KH-UBND's outline for one unit and year as a DOCX, prefilled with what the
 * platform knows. Throws BAD_USER_INPUT when outlineProblems finds any.
 */
export async function outlineDocx(data: OutlineData): Promise<Buffer> {
  const problems = outlineProblems(data);
  if (problems.length) throw badInput(`Không tạo được báo cáo: ${problems.join(' ')}`, { problems });

  const byArea = new Map(data.areas.map((a) => [a.area, a]));
  const all = KON_TUM_OUTLINE.flatMap((s) => (byArea.get(s.area)?.findings ?? []).map((f) => ({ area: s.area, f })));
  const good = all.filter((x) => x.f.kind === 'GOOD_PRACTICE');
  const bad = all.filter((x) => x.f.kind !== 'GOOD_PRACTICE');
  const recommendations = all.filter((x) => filled(x.f.recommendation));

  const body: Block[] = [...headerBlock(data), h1('I. KẾT QUẢ ĐẠT ĐƯỢC')];
  KON_TUM_OUTLINE.forEach((s, i) => {
    body.push(h2(`${i + 1}. ${s.heading}`));
    if (s.note) body.push(para(`Ghi chú của đề cương: ${s.note}`, { italics: true, size: 22 }));
    for (const item of s.items) body.push(dash(runs(item)), placeholder());
    body.push(...areaData(s, byArea.get(s.area), data.planShare));
  });

  body.push(h1('II. ĐÁNH GIÁ CHUNG'), sub('1. Những mặt đạt được'));
  if (good.length) for (const { area, f } of good) body.push(dash(runs(`${AREA_TITLES[area]}: ${findingText(f, false)}`)));
  else body.push(placeholder());
  body.push(sub('2. Những tồn tại, hạn chế, khó khăn'));
  if (bad.length)
    for (const { area, f } of bad)
      body.push(dash([...runs(`${FINDING_LABEL[f.kind]} (${AREA_TITLES[area]}): `, { bold: true }), ...runs(findingText(f, false))]));
  else body.push(placeholder());

  body.push(h1('III. KIẾN NGHỊ, ĐỀ XUẤT'), para(OUTLINE_RECOMMENDATIONS_GUIDE, { italics: true }));
  if (recommendations.length) for (const { area, f } of recommendations) body.push(dash(runs(`${AREA_TITLES[area]}: ${f.recommendation!.trim()}`)));
  else body.push(placeholder());

  body.push(
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 480 }, children: runs('THỦ TRƯỞNG ĐƠN VỊ', { bold: true }) }),
    para('(Ký, ghi rõ họ tên và đóng dấu)', { italics: true }, AlignmentType.RIGHT),
  );

  const headingRun = { font: 'Times New Roman', size: FONT_SIZE, bold: true, color: '000000' };
  const doc = new Document({
    creator: 'Nền tảng Chỉ số CCHC',
    title: clean(`Báo cáo kết quả thực hiện công tác CCHC năm ${data.year} — ${data.unitName}`),
    description: clean(OUTLINE_SOURCE),
    styles: {
      default: {
        document: { run: { font: 'Times New Roman', size: FONT_SIZE }, paragraph: { spacing: { after: 60 } } },
        // outlineLevel: the navigation pane's levels (0-based), for readers other than Word too.
        heading1: { run: headingRun, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true, outlineLevel: 0 } },
        heading2: { run: headingRun, paragraph: { spacing: { before: 180, after: 60 }, keepNext: true, outlineLevel: 1 } },
      },
    },
    numbering: {
      config: [
        {
          reference: DASH,
          levels: [{ level: 0, format: LevelFormat.BULLET, text: '-', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 425, hanging: 283 } } } }],
        },
      ],
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1701, right: 1134 } } },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

// ---------------------------------------------------------------------------------------------
// Reading back

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (whole, e: string) => {
    if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? whole;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The value of attribute `name` in a tag's source (between < and >). */
function attribute(tag: string, name: string): string | null {
  let at = 0;
  for (;;) {
    at = tag.indexOf(name, at);
    if (at < 0) return null;
    const prev = tag[at - 1];
    let j = at + name.length;
    while (tag[j] === ' ') j++;
    if ((prev === ' ' || prev === '\t' || prev === '\n' || prev === '\r') && tag[j] === '=') {
      j++;
      while (tag[j] === ' ') j++;
      const q = tag[j];
      if (q === '"' || q === "'") {
        const end = tag.indexOf(q, j + 1);
        if (end > j) return decodeXml(tag.slice(j + 1, end));
      }
    }
    at += name.length;
  }
}

/** Index of the '>' closing the tag opened at `lt`, skipping quoted attribute values. */
function tagEnd(xml: string, lt: number): number {
  let quote: string | null = null;
  for (let i = lt + 1; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return xml.length;
}

interface RawParagraph {
  text: string;
  style: string | null;
}

/**
 * Every <w:p> of a WordprocessingML part in document order (by where it opens, so a paragraph in
 * a text box comes after the paragraph holding it), with its text and paragraph style id.
 * Text is <w:t> content; <w:tab/> is "\t", <w:br/> and <w:cr/> are "\n".
 */
function paragraphsOf(xml: string): RawParagraph[] {
  const out: RawParagraph[] = [];
  const open: number[] = []; // indexes into out of the paragraphs being read, innermost last
  let inText = false;
  let inProperties = 0;
  let i = 0;
  const append = (s: string) => {
    const top = open[open.length - 1];
    if (top !== undefined && s) out[top]!.text += s;
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    if (inText) append(decodeXml(xml.slice(i, lt)));
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      i = end < 0 ? xml.length : end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (inText) append(xml.slice(lt + 9, end < 0 ? xml.length : end));
      i = end < 0 ? xml.length : end + 3;
      continue;
    }
    const gt = tagEnd(xml, lt);
    const tag = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('?') || tag.startsWith('!')) continue;
    const closing = tag.startsWith('/');
    const empty = tag.endsWith('/');
    let nameEnd = closing ? 1 : 0;
    while (nameEnd < tag.length && !' \t\r\n/'.includes(tag[nameEnd]!)) nameEnd++;
    const name = tag.slice(closing ? 1 : 0, nameEnd);
    switch (name) {
      case 'w:p':
        if (closing) open.pop();
        else {
          out.push({ text: '', style: null });
          if (!empty) open.push(out.length - 1);
        }
        break;
      case 'w:pPr':
        if (closing) inProperties = Math.max(0, inProperties - 1);
        else if (!empty) inProperties++;
        break;
      case 'w:pStyle': {
        const top = open[open.length - 1];
        if (!closing && inProperties && top !== undefined && out[top]!.style === null) out[top]!.style = attribute(tag, 'w:val');
        break;
      }
      case 'w:t':
        inText = !closing && !empty;
        break;
      case 'w:tab':
        // Inside <w:pPr>, <w:tab> defines a tab stop; in a run it is a tab character.
        if (!closing && !inProperties) append('\t');
        break;
      case 'w:br':
      case 'w:cr':
        if (!closing) append('\n');
        break;
    }
  }
  return out;
}

async function documentParagraphs(data: Buffer): Promise<RawParagraph[]> {
  const zip = await JSZip.loadAsync(data);
  const part = zip.file('word/document.xml');
  if (!part) throw new Error('Not a DOCX: word/document.xml is missing.');
  return paragraphsOf(await part.async('string'));
}

/** Plain text of a DOCX's paragraphs in order (reads word/document.xml with jszip); used by tests and by callers that check a generated file. */
export async function docxParagraphs(data: Buffer): Promise<string[]> {
  return (await documentParagraphs(data)).map((p) => p.text);
}

/** The paragraphs whose style is a heading (style id "Heading1", "Heading2", …, as docx and Word write them), with their level. */
export async function docxHeadings(data: Buffer): Promise<{ level: number; text: string }[]> {
  const out: { level: number; text: string }[] = [];
  for (const p of await documentParagraphs(data)) {
    const m = p.style ? /^heading ?([1-9])$/i.exec(p.style) : null;
    if (m) out.push({ level: Number(m[1]), text: p.text });
  }
  return out;
}
