import { Area, LineageKind, Role, UnitKind } from '@par/core';

/**
 * Demo data: real province and unit names from the seed documents (../shared/seeds) and public
 * administrative changes of 2025. It is illustrative data for trying the platform, not an
 * official unit register: a province's real list arrives through the unit import. Indicator
 * values are invented and marked so in their source.
 */
export interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
  group: string;
  validFrom?: string;
  validTo?: string;
}
export interface DemoLineage {
  kind: LineageKind;
  effectiveOn: string;
  /** `province/unit-code` */
  from: string[];
  to: string[];
  document?: string;
  note?: string;
}
export interface DemoProvince {
  code: string;
  name: string;
  validTo?: string;
  successor?: string;
  groups: { code: string; name: string }[];
  units: DemoUnit[];
}

const GROUPS = [
  { code: 'so-nganh', name: 'Sở, ban, ngành' },
  { code: 'nganh-doc', name: 'Cơ quan ngành dọc Trung ương' },
  { code: 'cap-huyen', name: 'UBND cấp huyện' },
  { code: 'cap-xa', name: 'UBND cấp xã' },
  { code: 'su-nghiep', name: 'Đơn vị sự nghiệp công lập' },
];

const SINCE = '2000-01-01';
const dept = (code: string, name: string, validFrom = SINCE, validTo?: string): DemoUnit => ({
  code,
  name,
  kind: UnitKind.DEPARTMENT,
  group: 'so-nganh',
  validFrom,
  ...(validTo ? { validTo } : {}),
});
const district = (code: string, name: string): DemoUnit => ({
  code,
  name,
  kind: UnitKind.DISTRICT,
  group: 'cap-huyen',
  validFrom: SINCE,
  validTo: '2025-06-30',
});
const commune = (code: string, name: string): DemoUnit => ({ code, name, kind: UnitKind.COMMUNE, group: 'cap-xa', validFrom: '2025-07-01' });

/** Legal documents the demo's events and rounds cite. */
export const DEMO_DOCUMENTS = [
  {
    key: '45/2025/NĐ-CP',
    province: null,
    number: '45/2025/NĐ-CP',
    issuedOn: '2025-02-28',
    issuer: 'Chính phủ',
    title: 'Quy định tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương',
  },
  {
    key: '202/2025/QH15',
    province: null,
    number: '202/2025/QH15',
    issuedOn: '2025-06-12',
    issuer: 'Quốc hội',
    title: 'Nghị quyết về việc sắp xếp đơn vị hành chính cấp tỉnh',
  },
  {
    key: '3487/QĐ-UBND',
    province: 'khanh-hoa',
    number: '3487/QĐ-UBND',
    issuedOn: '2024-12-31',
    issuer: 'UBND tỉnh Khánh Hòa',
    title: 'Ban hành Kế hoạch cải cách hành chính tỉnh Khánh Hòa năm 2025',
  },
  {
    key: '1871/KH-UBND',
    province: 'kon-tum',
    number: '1871/KH-UBND',
    issuedOn: '2024-05-30',
    issuer: 'UBND tỉnh Kon Tum',
    title: 'Kế hoạch kiểm tra công tác cải cách hành chính nhà nước trên địa bàn tỉnh Kon Tum năm 2024',
  },
] as const;

export const DEMO_PROVINCES: DemoProvince[] = [
  {
    code: 'khanh-hoa',
    name: 'Khánh Hòa',
    groups: GROUPS,
    units: [
      // Agencies named in Khánh Hòa's 2025 reform plan 3487/QĐ-UBND (seed 004), before and after
      // the merger of provincial agencies on 1/3/2025.
      dept('so-noi-vu', 'Sở Nội vụ'),
      dept('so-lao-dong-thuong-binh-va-xa-hoi', 'Sở Lao động - Thương binh và Xã hội', SINCE, '2025-02-28'),
      dept('so-tu-phap', 'Sở Tư pháp'),
      dept('so-tai-chinh', 'Sở Tài chính'),
      dept('so-ke-hoach-va-dau-tu', 'Sở Kế hoạch và Đầu tư', SINCE, '2025-02-28'),
      dept('so-khoa-hoc-va-cong-nghe', 'Sở Khoa học và Công nghệ'),
      dept('so-thong-tin-va-truyen-thong', 'Sở Thông tin và Truyền thông', SINCE, '2025-02-28'),
      dept('so-nong-nghiep-va-phat-trien-nong-thon', 'Sở Nông nghiệp và Phát triển nông thôn', SINCE, '2025-02-28'),
      dept('so-tai-nguyen-va-moi-truong', 'Sở Tài nguyên và Môi trường', SINCE, '2025-02-28'),
      dept('so-nong-nghiep-va-moi-truong', 'Sở Nông nghiệp và Môi trường', '2025-03-01'),
      dept('so-y-te', 'Sở Y tế'),
      dept('so-xay-dung', 'Sở Xây dựng'),
      dept('so-cong-thuong', 'Sở Công Thương'),
      dept('so-giao-duc-va-dao-tao', 'Sở Giáo dục và Đào tạo'),
      dept('so-van-hoa-the-thao-va-du-lich', 'Sở Văn hóa, Thể thao và Du lịch'),
      dept('van-phong-ubnd-tinh', 'Văn phòng UBND tỉnh'),
      // Central vertical agencies (the State Bank branch's one-stop desk appears in seed 003).
      { code: 'ngan-hang-nha-nuoc-khanh-hoa', name: 'Ngân hàng Nhà nước chi nhánh Khánh Hòa', kind: UnitKind.CENTRAL_VERTICAL, group: 'nganh-doc' },
      { code: 'thue-tinh-khanh-hoa', name: 'Thuế tỉnh Khánh Hòa', kind: UnitKind.CENTRAL_VERTICAL, group: 'nganh-doc' },
      { code: 'bhxh-tinh-khanh-hoa', name: 'Bảo hiểm xã hội tỉnh Khánh Hòa', kind: UnitKind.CENTRAL_VERTICAL, group: 'nganh-doc' },
      // Public service unit inspected under 936/QĐ-UBND (seed 000).
      { code: 'van-phong-dang-ky-dat-dai', name: 'Văn phòng Đăng ký đất đai tỉnh Khánh Hòa', kind: UnitKind.PUBLIC_SERVICE, group: 'su-nghiep' },
      // District level until 30/6/2025, communes, wards and the special zone from 1/7/2025.
      district('ubnd-thanh-pho-nha-trang', 'UBND thành phố Nha Trang'),
      district('ubnd-thanh-pho-cam-ranh', 'UBND thành phố Cam Ranh'),
      district('ubnd-huyen-truong-sa', 'UBND huyện Trường Sa'),
      commune('phuong-nha-trang', 'UBND phường Nha Trang'),
      commune('phuong-bac-nha-trang', 'UBND phường Bắc Nha Trang'),
      commune('phuong-cam-ranh', 'UBND phường Cam Ranh'),
      commune('phuong-ninh-hoa', 'UBND phường Ninh Hòa'),
      commune('dac-khu-truong-sa', 'UBND đặc khu Trường Sa'),
    ],
  },
  {
    code: 'kon-tum',
    name: 'Kon Tum',
    validTo: '2025-06-30',
    successor: 'quang-ngai',
    groups: GROUPS,
    units: [
      // The ten units inspected directly under Kon Tum's 1871/KH-UBND (2024, seed 002).
      dept('so-xay-dung', 'Sở Xây dựng', SINCE, '2025-06-30'),
      dept('so-giao-duc-va-dao-tao', 'Sở Giáo dục và Đào tạo', SINCE, '2025-06-30'),
      dept('so-tu-phap', 'Sở Tư pháp', SINCE, '2025-06-30'),
      dept('so-giao-thong-van-tai', 'Sở Giao thông vận tải', SINCE, '2025-02-28'),
      dept('so-cong-thuong', 'Sở Công Thương', SINCE, '2025-06-30'),
      dept('so-y-te', 'Sở Y tế', SINCE, '2025-06-30'),
      district('ubnd-huyen-tu-mo-rong', 'UBND huyện Tu Mơ Rông'),
      district('ubnd-huyen-kon-plong', 'UBND huyện Kon Plông'),
      district('ubnd-huyen-ngoc-hoi', 'UBND huyện Ngọc Hồi'),
      district('ubnd-huyen-ia-h-drai', "UBND huyện Ia H'Drai"),
      // The plan's lead agency.
      dept('so-noi-vu', 'Sở Nội vụ', SINCE, '2025-06-30'),
    ],
  },
  {
    code: 'quang-ngai',
    name: 'Quảng Ngãi',
    groups: GROUPS,
    units: [
      dept('so-noi-vu', 'Sở Nội vụ'),
      dept('so-tu-phap', 'Sở Tư pháp'),
      dept('so-xay-dung', 'Sở Xây dựng'),
      dept('so-y-te', 'Sở Y tế'),
      dept('so-giao-duc-va-dao-tao', 'Sở Giáo dục và Đào tạo'),
      dept('so-cong-thuong', 'Sở Công Thương'),
      commune('dac-khu-ly-son', 'UBND đặc khu Lý Sơn'),
      commune('phuong-kon-tum', 'UBND phường Kon Tum'),
    ],
  },
];

export const DEMO_LINEAGE: DemoLineage[] = [
  // 1/3/2025: provincial agencies merged (45/2025/NĐ-CP).
  { kind: LineageKind.MERGE, effectiveOn: '2025-03-01', from: ['khanh-hoa/so-lao-dong-thuong-binh-va-xa-hoi'], to: ['khanh-hoa/so-noi-vu'], document: '45/2025/NĐ-CP' },
  { kind: LineageKind.MERGE, effectiveOn: '2025-03-01', from: ['khanh-hoa/so-ke-hoach-va-dau-tu'], to: ['khanh-hoa/so-tai-chinh'], document: '45/2025/NĐ-CP' },
  { kind: LineageKind.MERGE, effectiveOn: '2025-03-01', from: ['khanh-hoa/so-thong-tin-va-truyen-thong'], to: ['khanh-hoa/so-khoa-hoc-va-cong-nghe'], document: '45/2025/NĐ-CP' },
  {
    kind: LineageKind.MERGE,
    effectiveOn: '2025-03-01',
    from: ['khanh-hoa/so-nong-nghiep-va-phat-trien-nong-thon', 'khanh-hoa/so-tai-nguyen-va-moi-truong'],
    to: ['khanh-hoa/so-nong-nghiep-va-moi-truong'],
    document: '45/2025/NĐ-CP',
  },
  { kind: LineageKind.MERGE, effectiveOn: '2025-03-01', from: ['kon-tum/so-giao-thong-van-tai'], to: ['kon-tum/so-xay-dung'], document: '45/2025/NĐ-CP' },
  // 1/7/2025: the district level ends; Trường Sa becomes a special zone (đặc khu).
  { kind: LineageKind.ABOLISH, effectiveOn: '2025-07-01', from: ['khanh-hoa/ubnd-thanh-pho-nha-trang', 'khanh-hoa/ubnd-thanh-pho-cam-ranh'], to: [], note: 'Kết thúc hoạt động của chính quyền cấp huyện' },
  { kind: LineageKind.RENAME, effectiveOn: '2025-07-01', from: ['khanh-hoa/ubnd-huyen-truong-sa'], to: ['khanh-hoa/dac-khu-truong-sa'], note: 'Huyện Trường Sa thành đặc khu Trường Sa' },
  {
    kind: LineageKind.ABOLISH,
    effectiveOn: '2025-07-01',
    from: ['kon-tum/ubnd-huyen-tu-mo-rong', 'kon-tum/ubnd-huyen-kon-plong', 'kon-tum/ubnd-huyen-ngoc-hoi', 'kon-tum/ubnd-huyen-ia-h-drai'],
    to: [],
    note: 'Kết thúc hoạt động của chính quyền cấp huyện',
  },
  // 1/7/2025: Kon Tum merges into Quảng Ngãi (202/2025/QH15); its agencies into Quảng Ngãi's.
  ...['so-noi-vu', 'so-tu-phap', 'so-xay-dung', 'so-y-te', 'so-giao-duc-va-dao-tao', 'so-cong-thuong'].map(
    (code): DemoLineage => ({
      kind: LineageKind.TRANSFER,
      effectiveOn: '2025-07-01',
      from: [`kon-tum/${code}`],
      to: [`quang-ngai/${code}`],
      document: '202/2025/QH15',
    }),
  ),
];

/**
 * The demo's season under way stays open whatever day the demo is loaded: when its self-assessment
 * would close less than this many days after that day, all its phase deadlines move forward by the
 * same number of days (to a working day), so a first-time user can always finish and submit.
 */
export const DEMO_OPEN_DAYS = 30;

export const DEMO_ROUNDS = [
  {
    province: 'khanh-hoa',
    year: 2025,
    title: 'Xác định Chỉ số cải cách hành chính năm 2025',
    referenceDate: '2025-12-31',
    document: '3487/QĐ-UBND',
    preset: 'khanh-hoa',
    groups: [
      { group: 'so-nganh', criteriaSet: 'khanh-hoa' },
      { group: 'nganh-doc', criteriaSet: 'khanh-hoa' },
      { group: 'cap-xa', criteriaSet: 'khanh-hoa' },
    ],
  },
  {
    // Published (illustrative results), so that 2025's consequence rules have a year to look back at.
    province: 'khanh-hoa',
    year: 2024,
    title: 'Xác định Chỉ số cải cách hành chính năm 2024',
    referenceDate: '2024-12-31',
    document: null,
    preset: 'khanh-hoa',
    groups: [{ group: 'so-nganh', criteriaSet: 'khanh-hoa' }],
  },
  {
    // The season under way: self-assessment of 2026 closes in January 2027 (preset default), or
    // later when the demo is loaded less than DEMO_OPEN_DAYS before that (see `underWay`).
    province: 'khanh-hoa',
    year: 2026,
    title: 'Xác định Chỉ số cải cách hành chính năm 2026',
    referenceDate: '2026-12-31',
    underWay: true,
    document: null,
    preset: 'khanh-hoa',
    groups: [
      { group: 'so-nganh', criteriaSet: 'khanh-hoa' },
      { group: 'nganh-doc', criteriaSet: 'khanh-hoa' },
      { group: 'cap-xa', criteriaSet: 'khanh-hoa' },
    ],
  },
  {
    province: 'kon-tum',
    year: 2024,
    title: 'Xác định Chỉ số cải cách hành chính năm 2024',
    referenceDate: '2024-12-31',
    document: null,
    preset: 'kon-tum',
    groups: [
      { group: 'so-nganh', criteriaSet: 'kon-tum' },
      { group: 'cap-huyen', criteriaSet: 'kon-tum' },
    ],
  },
];

/** Invented values (source says so) for trying indicator-fed criteria. */
export const DEMO_INDICATORS = [
  { unit: 'khanh-hoa/so-tu-phap', code: 'LATE_DOSSIER_RATE', period: '2025', numerator: '12', denominator: '480' },
  { unit: 'khanh-hoa/so-tu-phap', code: 'SATISFACTION', period: '2025', value: '92.5' },
  { unit: 'khanh-hoa/so-xay-dung', code: 'LATE_DOSSIER_RATE', period: '2025', numerator: '61', denominator: '1012' },
  { unit: 'khanh-hoa/so-xay-dung', code: 'SATISFACTION', period: '2025', value: '79.6' },
  { unit: 'khanh-hoa/so-y-te', code: 'ONLINE_PAYMENT_RATE', period: '2025', numerator: '1530', denominator: '2004' },
  // Just below the KL 91 threshold (4.99 % < 5 %): not capped.
  { unit: 'khanh-hoa/so-y-te', code: 'LATE_DOSSIER_RATE', period: '2025', numerator: '499', denominator: '10000' },
  { unit: 'khanh-hoa/so-y-te', code: 'SATISFACTION', period: '2025', value: '80.01' },
  { unit: 'khanh-hoa/phuong-nha-trang', code: 'DIGITISATION_RATE', period: '2025-Q3', numerator: '884', denominator: '903' },
];

export interface DemoAccount {
  province: string;
  username: string;
  displayName: string;
  role: Role;
  unitCode?: string;
  areas?: Area[];
}

/** One account per role in Khánh Hòa, plus an admin for each other province. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { province: 'khanh-hoa', username: 'admin.khanhhoa', displayName: 'Quản trị Sở Nội vụ Khánh Hòa', role: Role.ADMIN },
  { province: 'khanh-hoa', username: 'sotuphap.khanhhoa', displayName: 'Cán bộ Sở Tư pháp Khánh Hòa', role: Role.UNIT, unitCode: 'so-tu-phap' },
  { province: 'khanh-hoa', username: 'socongthuong.khanhhoa', displayName: 'Cán bộ Sở Công Thương Khánh Hòa', role: Role.UNIT, unitCode: 'so-cong-thuong' },
  { province: 'khanh-hoa', username: 'thamdinh.khanhhoa', displayName: 'Thẩm định viên lĩnh vực thể chế', role: Role.REVIEWER, areas: [Area.INSTITUTIONS] },
  { province: 'khanh-hoa', username: 'hoidong.khanhhoa', displayName: 'Thành viên Hội đồng thẩm định', role: Role.COUNCIL_MEMBER },
  { province: 'khanh-hoa', username: 'kiemtra.khanhhoa', displayName: 'Thành viên Đoàn kiểm tra CCHC', role: Role.INSPECTOR },
  { province: 'khanh-hoa', username: 'motcua.khanhhoa', displayName: 'Hệ thống một cửa điện tử tỉnh', role: Role.INTEGRATION },
  { province: 'kon-tum', username: 'admin.kontum', displayName: 'Quản trị Sở Nội vụ Kon Tum', role: Role.ADMIN },
  { province: 'quang-ngai', username: 'admin.quangngai', displayName: 'Quản trị Sở Nội vụ Quảng Ngãi', role: Role.ADMIN },
];

/**
 * Rounds published in the demo, with ILLUSTRATIVE results (not official): points per area are a
 * deterministic share of each area's maximum; a few units are kept low on purpose so that the
 * consequence rule (Trung bình two years running) shows, also through the 1/3/2025 merger.
 */
export const DEMO_PUBLISHED = [
  { province: 'khanh-hoa', year: 2024, groups: ['so-nganh'], document: { number: '150/QĐ-UBND (minh họa)', issuedOn: '2025-03-20', title: 'Công bố Chỉ số cải cách hành chính năm 2024 — dữ liệu minh họa' } },
  { province: 'khanh-hoa', year: 2025, groups: ['so-nganh', 'nganh-doc', 'cap-xa'], document: { number: '160/QĐ-UBND (minh họa)', issuedOn: '2026-03-20', title: 'Công bố Chỉ số cải cách hành chính năm 2025 — dữ liệu minh họa' } },
];

/** Units kept low (share of each area 0.50–0.59) in the demo's published years. */
export const DEMO_LOW: Record<number, string[]> = {
  2024: ['so-van-hoa-the-thao-va-du-lich', 'so-tai-nguyen-va-moi-truong'],
  2025: ['so-van-hoa-the-thao-va-du-lich', 'so-nong-nghiep-va-moi-truong'],
};

/** The ten units Kon Tum inspected directly under 1871/KH-UBND (seed 002); the others self-inspect. */
export const DEMO_INSPECTED_DIRECTLY = [
  'so-xay-dung',
  'so-giao-duc-va-dao-tao',
  'so-tu-phap',
  'so-giao-thong-van-tai',
  'so-cong-thuong',
  'so-y-te',
  'ubnd-huyen-tu-mo-rong',
  'ubnd-huyen-kon-plong',
  'ubnd-huyen-ngoc-hoi',
  'ubnd-huyen-ia-h-drai',
];

/**
 * Tasks of Khánh Hòa's 2025 reform plan 3487/QĐ-UBND (seed 004), verbatim (task, product, deadline,
 * lead). The seed's table loses its area headings, so areas follow the plan's sections; the first
 * task comes from the plan's section IV.1 (no product is named there). Coordinating agencies that
 * are not single units are kept as written. The progress (status, dates, evidence) is ILLUSTRATIVE.
 */
export interface DemoPlanTask {
  area: Area;
  number: string;
  title: string;
  product: string;
  deadline: string;
  lead: string;
  coordinating?: string;
  progress?: { status: 'DONE' | 'IN_PROGRESS'; completedOn?: string; evidence?: string };
}
export const DEMO_PLAN_2025: { province: string; year: number; title: string; document: string; tasks: DemoPlanTask[] } = {
  province: 'khanh-hoa',
  year: 2025,
  title: 'Kế hoạch cải cách hành chính tỉnh Khánh Hòa năm 2025',
  document: '3487/QĐ-UBND',
  tasks: [
    { area: Area.LEADERSHIP, number: 'IV.1', title: 'Tổ chức triển khai nội dung Kế hoạch cải cách hành chính tỉnh Khánh Hòa năm 2025', product: '', deadline: 'Quý I/2025', lead: 'so-noi-vu', progress: { status: 'DONE', completedOn: '2025-03-10', evidence: 'Văn bản triển khai Kế hoạch CCHC năm 2025 (minh họa)' } },
    { area: Area.INSTITUTIONS, number: '1', title: 'Xây dựng và triển khai công tác theo dõi tình hình thi hành pháp luật trong lĩnh vực trọng tâm, liên ngành năm 2025 trên địa bàn tỉnh', product: 'Kế hoạch được UBND tỉnh ban hành', deadline: 'Tháng 01/2025', lead: 'so-tu-phap', coordinating: 'Các cơ quan, đơn vị liên quan', progress: { status: 'DONE', completedOn: '2025-01-20', evidence: 'Kế hoạch theo dõi tình hình thi hành pháp luật năm 2025 (minh họa)' } },
    { area: Area.INSTITUTIONS, number: '2', title: 'Xây dựng Chương trình Xúc tiến đầu tư tỉnh Khánh Hòa năm 2025', product: 'Chương trình được UBND tỉnh phê duyệt', deadline: 'Quý I/2025', lead: 'so-ke-hoach-va-dau-tu', coordinating: 'Cơ quan, đơn vị liên quan' },
    { area: Area.INSTITUTIONS, number: '6', title: 'Tổ chức đối thoại giữa Lãnh đạo tỉnh với doanh nghiệp ít nhất 02 lần/năm nhằm tháo gỡ các khó khăn, vướng mắc cho doanh nghiệp trong lĩnh vực đầu tư, sản xuất kinh doanh trên địa bàn tỉnh', product: 'Hội nghị đối thoại giữa Lãnh đạo tỉnh với doanh nghiệp', deadline: 'Trong năm 2025', lead: 'so-ke-hoach-va-dau-tu', coordinating: 'Các sở, ngành, hiệp hội có liên quan; Liên đoàn Thương mại và Công nghiệp Việt Nam (VCCI)' },
    { area: Area.PROCEDURES, number: '1', title: 'Rà soát, thực hiện tái cấu trúc quy trình các TTHC, dịch vụ công của tỉnh để tiếp tục đơn giản hóa các quy trình, thủ tục, giấy tờ công dân', product: 'TTHC được tái cấu trúc, cắt giảm thông tin khai báo theo quy định', deadline: 'Thường xuyên', lead: 'van-phong-ubnd-tinh', coordinating: 'Các cơ quan, đơn vị, địa phương' },
    { area: Area.PROCEDURES, number: '2', title: 'Phê duyệt phương án đơn giản hóa đối với ít nhất 20% TTHC nội bộ thuộc phạm vi chức năng quản lý', product: 'Quyết định của Chủ tịch UBND tỉnh', deadline: 'Trong năm 2025', lead: 'van-phong-ubnd-tinh', coordinating: 'Các sở, ban, ngành, UBND cấp huyện' },
    { area: Area.PROCEDURES, number: '6', title: 'Giao chỉ tiêu hồ sơ trực tuyến toàn trình cho các cơ quan, đơn vị, địa phương', product: 'Quyết định của UBND tỉnh', deadline: 'Trong năm 2025', lead: 'so-thong-tin-va-truyen-thong', coordinating: 'Các cơ quan, đơn vị liên quan' },
    { area: Area.ORGANIZATION, number: '9', title: 'Lập mới, chỉnh lý, bổ sung hồ sơ, bản đồ địa giới đơn vị hành chính các cấp tỉnh Khánh Hòa theo Nghị quyết số 1196/NQ-UBTVQH15 ngày 28/9/2024 của Ủy ban Thường vụ Quốc hội', product: 'Tờ trình UBND tỉnh kèm hồ sơ, bản đồ địa giới đơn vị hành chính các cấp tỉnh Khánh Hòa theo Nghị quyết số 1196/NQ-UBTVQH15 ngày 28/9/2024 của Ủy ban Thường vụ Quốc hội', deadline: 'Tháng 6/2025', lead: 'so-noi-vu', coordinating: 'Các cơ quan có liên quan', progress: { status: 'DONE', completedOn: '2025-06-20', evidence: 'Tờ trình hồ sơ, bản đồ địa giới hành chính (minh họa)' } },
    { area: Area.ORGANIZATION, number: '10', title: 'Lập Đề án tổng thể về xây dựng Khánh Hòa trở thành thành phố trực thuộc Trung ương', product: 'Đề án được UBND tỉnh phê duyệt', deadline: 'Tháng 10/2025', lead: 'so-noi-vu', coordinating: 'Các cơ quan có liên quan', progress: { status: 'IN_PROGRESS' } },
    { area: Area.CIVIL_SERVICE, number: '4', title: 'Nâng cấp phần mềm Quản lý cán bộ, công chức, viên chức tỉnh Khánh Hòa (tích hợp quản lý bộ máy, biên chế)', product: 'Phần mềm Quản lý cán bộ, công chức, viên chức tỉnh Khánh Hòa được nâng cấp, hoàn thiện, phục vụ công tác quản lý về tổ chức bộ máy, biên chế của các cơ quan, đơn vị, địa phương', deadline: 'Trong năm 2025', lead: 'so-noi-vu', coordinating: 'so-thong-tin-va-truyen-thong; Các cơ quan, đơn vị, địa phương' },
    { area: Area.CIVIL_SERVICE, number: '7', title: 'Ban hành quy định về tăng cường kỷ luật, kỷ cương hành chính (thay thế Kế hoạch số 10316/KH-UBND ngày 22/12/2016)', product: 'Kế hoạch được UBND tỉnh ban hành', deadline: 'Quý II/2025', lead: 'so-noi-vu', coordinating: 'Các cơ quan có liên quan', progress: { status: 'DONE', completedOn: '2025-07-15', evidence: 'Kế hoạch tăng cường kỷ luật, kỷ cương hành chính (minh họa)' } },
    { area: Area.PUBLIC_FINANCE, number: '4', title: 'Quy định thẩm quyền quản lý, khai thác tài sản công thuộc phạm vi quản lý của địa phương trên địa bàn tỉnh Khánh Hòa', product: 'Nghị quyết của HĐND tỉnh', deadline: 'Quý II/2025', lead: 'so-tai-chinh', coordinating: 'Các sở, ban, ngành và UBND các huyện, thị xã, thành phố' },
    { area: Area.PUBLIC_FINANCE, number: '1', title: 'Xây dựng định mức phân bổ dự toán chi thường xuyên ngân sách địa phương năm 2026 và giai đoạn 2026-2030 trên địa bàn tỉnh', product: 'Nghị quyết của HĐND tỉnh', deadline: 'Quý IV/2025', lead: 'so-tai-chinh', coordinating: 'Các sở, ban, ngành và UBND các huyện, thị xã, thành phố' },
    { area: Area.DIGITAL_GOVERNMENT, number: '1', title: 'Ban hành Kế hoạch chuyển đổi số tỉnh Khánh Hòa giai đoạn 2026-2030', product: 'Kế hoạch của UBND tỉnh', deadline: 'Quý IV/2025', lead: 'so-thong-tin-va-truyen-thong', coordinating: 'Các sở ban ngành, UBND cấp huyện' },
  ],
};

/**
 * Khánh Hòa's 2025 inspection plan 936/QĐ-UBND (seed 000: September to 31/10/2025, direct or by
 * report, comprehensive). The seed names no units: the targets, visit dates and findings below are
 * ILLUSTRATIVE, to show the workflow.
 */
export const DEMO_INSPECTION_2025 = {
  province: 'khanh-hoa',
  year: 2025,
  // The seed gives the decision's number but not its date, so it is named in the title rather than
  // recorded as a legal document with an invented date.
  title: 'Kiểm tra công tác cải cách hành chính tỉnh Khánh Hòa năm 2025 (Quyết định 936/QĐ-UBND)',
  periodFrom: '2025-01-01',
  periodTo: '2025-10-31',
  team: [{ username: 'kiemtra.khanhhoa', role: 'LEAD' as const, title: 'Trưởng đoàn (minh họa)' }],
  targets: [
    { unit: 'so-tu-phap', mode: 'DIRECT' as const, visitOn: '2025-09-17', visitNote: '8 giờ 00, trụ sở Sở Tư pháp (minh họa)' },
    { unit: 'van-phong-dang-ky-dat-dai', mode: 'DIRECT' as const, visitOn: '2025-10-08', visitNote: null },
    { unit: 'so-xay-dung', mode: 'SELF' as const, visitOn: null, visitNote: null },
  ],
  findings: [
    { unit: 'so-tu-phap', area: Area.INSTITUTIONS, kind: 'GOOD_PRACTICE' as const, description: 'Ban hành kịp thời Kế hoạch theo dõi tình hình thi hành pháp luật năm 2025 (minh họa).', recommendation: null, topic: null },
    {
      unit: 'so-tu-phap',
      area: Area.PROCEDURES,
      kind: 'SHORTCOMING' as const,
      description: 'Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa chưa cập nhật đầy đủ theo quyết định công bố mới nhất (minh họa).',
      recommendation: 'Rà soát, cập nhật niêm yết thủ tục hành chính trong 10 ngày làm việc (minh họa).',
      topic: 'niêm yết thủ tục hành chính',
    },
  ],
};

/**
 * A nearly complete draft for a first-time user (ILLUSTRATIVE values): Sở Công Thương's
 * self-assessment in the open Khánh Hòa round, every criterion the unit enters filled in (with an
 * illustrative evidence document where one is required) except two — one that needs a document
 * and one that does not — so it can be finished and submitted in a minute.
 */
export const DEMO_DRAFT = { province: 'khanh-hoa', year: 2026, unit: 'so-cong-thuong', username: 'socongthuong.khanhhoa', leaveOpen: 2 } as const;
