/**
 * Indicators measured outside the platform (one-stop systems, the national service index,
 * surveys) and fed to criteria. Codes are data; these are the ones the platform knows how to
 * validate. Values are percentages or points with a known range.
 */
export interface IndicatorDefinition {
  code: string;
  title: string;
  unit: '%' | 'điểm';
  min: number;
  max: number;
  /** Whether the value is naturally a ratio (numerator ÷ denominator). */
  ratio: boolean;
  /** Computed by the platform from its own records (never pushed): see `derivedFrom`. */
  derivedFrom?: string;
}

export const INDICATORS: readonly IndicatorDefinition[] = [
  { code: 'LATE_DOSSIER_RATE', title: 'Tỷ lệ hồ sơ trễ hạn', unit: '%', min: 0, max: 100, ratio: true },
  { code: 'ON_TIME_RATE', title: 'Tỷ lệ hồ sơ giải quyết đúng hạn', unit: '%', min: 0, max: 100, ratio: true },
  { code: 'ONLINE_PAYMENT_RATE', title: 'Tỷ lệ thanh toán trực tuyến', unit: '%', min: 0, max: 100, ratio: true },
  { code: 'DIGITISATION_RATE', title: 'Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC', unit: '%', min: 0, max: 100, ratio: true },
  { code: 'ONLINE_DOSSIER_RATE', title: 'Tỷ lệ hồ sơ trực tuyến toàn trình', unit: '%', min: 0, max: 100, ratio: true },
  { code: 'SATISFACTION', title: 'Chỉ số hài lòng của người dân, tổ chức (SIPAS)', unit: '%', min: 0, max: 100, ratio: false },
  { code: 'LEADER_SURVEY', title: 'Kết quả khảo sát lãnh đạo, quản lý về công tác CCHC', unit: '%', min: 0, max: 100, ratio: false },
  {
    code: 'PLAN_ON_TIME_RATE',
    title: 'Tỷ lệ nhiệm vụ kế hoạch CCHC năm hoàn thành đúng hạn',
    unit: '%',
    min: 0,
    max: 100,
    ratio: true,
    derivedFrom: 'các nhiệm vụ có thời hạn do đơn vị chủ trì trong kế hoạch CCHC năm',
  },
  { code: 'SERVICE_INDEX_766', title: 'Bộ chỉ số phục vụ người dân, doanh nghiệp (766/QĐ-TTg)', unit: 'điểm', min: 0, max: 100, ratio: false },
];

const BY_CODE = new Map(INDICATORS.map((i) => [i.code, i]));
export const indicatorDefinition = (code: string) => BY_CODE.get(code);

/** A period label: a year `2025`, a quarter `2025-Q3` or a month `2025-09`. */
export function parsePeriod(label: string): { start: string; end: string } | null {
  let m = /^(\d{4})$/.exec(label);
  if (m) return { start: `${m[1]}-01-01`, end: `${m[1]}-12-31` };
  m = /^(\d{4})-Q([1-4])$/.exec(label);
  if (m) {
    const q = Number(m[2]);
    const startMonth = (q - 1) * 3 + 1;
    return { start: `${m[1]}-${pad(startMonth)}-01`, end: lastDay(Number(m[1]), startMonth + 2) };
  }
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label);
  if (m) return { start: `${m[1]}-${m[2]}-01`, end: lastDay(Number(m[1]), Number(m[2])) };
  return null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, month: number) =>
  `${y}-${pad(month)}-${pad(new Date(Date.UTC(y, month, 0)).getUTCDate())}`;
