import { Area, Role, UnitKind } from '@par/core';

/**
 * Demo data: real province and unit names from the seed documents (../shared/seeds) and public
 * administrative lists. It is illustrative data for trying the platform, not an official unit
 * register: a province's real list arrives through the unit import.
 */
export interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
}
export interface DemoProvince {
  code: string;
  name: string;
  units: DemoUnit[];
}

const d = (code: string, name: string): DemoUnit => ({ code, name, kind: UnitKind.DEPARTMENT });

export const DEMO_PROVINCES: DemoProvince[] = [
  {
    code: 'khanh-hoa',
    name: 'Khánh Hòa',
    units: [
      // Provincial agencies named in Khánh Hòa's 2025 reform plan 3487/QĐ-UBND (seed 004).
      d('so-noi-vu', 'Sở Nội vụ'),
      d('so-tu-phap', 'Sở Tư pháp'),
      d('so-tai-chinh', 'Sở Tài chính'),
      d('so-y-te', 'Sở Y tế'),
      d('so-khoa-hoc-va-cong-nghe', 'Sở Khoa học và Công nghệ'),
      d('so-xay-dung', 'Sở Xây dựng'),
      d('so-cong-thuong', 'Sở Công Thương'),
      d('so-giao-duc-va-dao-tao', 'Sở Giáo dục và Đào tạo'),
      d('so-nong-nghiep-va-moi-truong', 'Sở Nông nghiệp và Môi trường'),
      d('so-van-hoa-the-thao-va-du-lich', 'Sở Văn hóa, Thể thao và Du lịch'),
      d('van-phong-ubnd-tinh', 'Văn phòng UBND tỉnh'),
      // Central vertical agencies (the one-stop desk of the State Bank branch appears in seed 003).
      { code: 'ngan-hang-nha-nuoc-khanh-hoa', name: 'Ngân hàng Nhà nước chi nhánh Khánh Hòa', kind: UnitKind.CENTRAL_VERTICAL },
      { code: 'thue-tinh-khanh-hoa', name: 'Thuế tỉnh Khánh Hòa', kind: UnitKind.CENTRAL_VERTICAL },
      { code: 'bhxh-tinh-khanh-hoa', name: 'Bảo hiểm xã hội tỉnh Khánh Hòa', kind: UnitKind.CENTRAL_VERTICAL },
      // Public service unit inspected under 936/QĐ-UBND (seed 000).
      { code: 'van-phong-dang-ky-dat-dai', name: 'Văn phòng Đăng ký đất đai tỉnh Khánh Hòa', kind: UnitKind.PUBLIC_SERVICE },
      // Communes, wards and the special zone after 1/7/2025.
      { code: 'phuong-nha-trang', name: 'Phường Nha Trang', kind: UnitKind.COMMUNE },
      { code: 'phuong-bac-nha-trang', name: 'Phường Bắc Nha Trang', kind: UnitKind.COMMUNE },
      { code: 'phuong-cam-ranh', name: 'Phường Cam Ranh', kind: UnitKind.COMMUNE },
      { code: 'phuong-ninh-hoa', name: 'Phường Ninh Hòa', kind: UnitKind.COMMUNE },
      { code: 'dac-khu-truong-sa', name: 'Đặc khu Trường Sa', kind: UnitKind.COMMUNE },
    ],
  },
  {
    code: 'kon-tum',
    name: 'Kon Tum',
    units: [
      // The ten units inspected directly under Kon Tum's 1871/KH-UBND (2024, seed 002).
      d('so-xay-dung', 'Sở Xây dựng'),
      d('so-giao-duc-va-dao-tao', 'Sở Giáo dục và Đào tạo'),
      d('so-tu-phap', 'Sở Tư pháp'),
      d('so-giao-thong-van-tai', 'Sở Giao thông vận tải'),
      d('so-cong-thuong', 'Sở Công Thương'),
      d('so-y-te', 'Sở Y tế'),
      { code: 'ubnd-huyen-tu-mo-rong', name: 'UBND huyện Tu Mơ Rông', kind: UnitKind.DISTRICT },
      { code: 'ubnd-huyen-kon-plong', name: 'UBND huyện Kon Plông', kind: UnitKind.DISTRICT },
      { code: 'ubnd-huyen-ngoc-hoi', name: 'UBND huyện Ngọc Hồi', kind: UnitKind.DISTRICT },
      { code: 'ubnd-huyen-ia-h-drai', name: "UBND huyện Ia H'Drai", kind: UnitKind.DISTRICT },
      // The plan's lead agency.
      d('so-noi-vu', 'Sở Nội vụ'),
    ],
  },
  {
    code: 'quang-ngai',
    name: 'Quảng Ngãi',
    units: [
      // Kon Tum's successor province from 1/7/2025; lineage of the units arrives with the units issue.
      d('so-noi-vu', 'Sở Nội vụ'),
      d('so-tu-phap', 'Sở Tư pháp'),
      d('so-xay-dung', 'Sở Xây dựng'),
      d('so-y-te', 'Sở Y tế'),
      { code: 'dac-khu-ly-son', name: 'Đặc khu Lý Sơn', kind: UnitKind.COMMUNE },
      { code: 'phuong-kon-tum', name: 'Phường Kon Tum', kind: UnitKind.COMMUNE },
    ],
  },
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
  { province: 'khanh-hoa', username: 'thamdinh.khanhhoa', displayName: 'Thẩm định viên lĩnh vực thể chế', role: Role.REVIEWER, areas: [Area.INSTITUTIONS] },
  { province: 'khanh-hoa', username: 'hoidong.khanhhoa', displayName: 'Thành viên Hội đồng thẩm định', role: Role.COUNCIL_MEMBER },
  { province: 'khanh-hoa', username: 'kiemtra.khanhhoa', displayName: 'Thành viên Đoàn kiểm tra CCHC', role: Role.INSPECTOR },
  { province: 'khanh-hoa', username: 'motcua.khanhhoa', displayName: 'Hệ thống một cửa điện tử tỉnh', role: Role.INTEGRATION },
  { province: 'kon-tum', username: 'admin.kontum', displayName: 'Quản trị Sở Nội vụ Kon Tum', role: Role.ADMIN },
  { province: 'quang-ngai', username: 'admin.quangngai', displayName: 'Quản trị Sở Nội vụ Quảng Ngãi', role: Role.ADMIN },
];
