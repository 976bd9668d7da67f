import { registerEnumType } from 'type-graphql';

/** What an account is for. Scope (province, unit, areas) is stored beside the role on the user. */
export enum Role {
  /** Sở Nội vụ staff: administers one province. */
  ADMIN = 'ADMIN',
  /** An assessed unit's staff: scoped to one unit. */
  UNIT = 'UNIT',
  /** Appraisal (thẩm định) team member or area lead agency: scoped to areas and/or units. */
  REVIEWER = 'REVIEWER',
  /** Member of the scoring council (Hội đồng thẩm định). */
  COUNCIL_MEMBER = 'COUNCIL_MEMBER',
  /** Member of an inspection team (Đoàn kiểm tra). */
  INSPECTOR = 'INSPECTOR',
  /** A provincial IT system calling the API with a token. */
  INTEGRATION = 'INTEGRATION',
  /** The ministry's view (Bộ Nội vụ): reads every province, writes nothing; evidence files only when granted. */
  NATIONAL_READER = 'NATIONAL_READER',
}

export const ROLE_TITLES: Readonly<Record<Role, string>> = {
  [Role.ADMIN]: 'Quản trị cấp tỉnh (Sở Nội vụ)',
  [Role.UNIT]: 'Cơ quan, đơn vị tự đánh giá',
  [Role.REVIEWER]: 'Thành viên tổ thẩm định',
  [Role.COUNCIL_MEMBER]: 'Thành viên Hội đồng thẩm định',
  [Role.INSPECTOR]: 'Thành viên đoàn kiểm tra',
  [Role.INTEGRATION]: 'Hệ thống tích hợp (CNTT tỉnh)',
  [Role.NATIONAL_READER]: 'Người xem toàn quốc (chỉ đọc)',
};

export const ALL_ROLES: readonly Role[] = Object.values(Role);

registerEnumType(Role, {
  name: 'Role',
  description: 'Vai trò của tài khoản.',
  valuesConfig: Object.fromEntries(
    Object.values(Role).map((r) => [r, { description: ROLE_TITLES[r] }]),
  ) as Record<Role, { description: string }>,
});
