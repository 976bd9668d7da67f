import { registerEnumType } from 'type-graphql';

/** The seven reform areas of the PAR Index; each is filled by one scoring plugin. */
export enum Area {
  LEADERSHIP = 'LEADERSHIP',
  INSTITUTIONS = 'INSTITUTIONS',
  PROCEDURES = 'PROCEDURES',
  ORGANIZATION = 'ORGANIZATION',
  CIVIL_SERVICE = 'CIVIL_SERVICE',
  PUBLIC_FINANCE = 'PUBLIC_FINANCE',
  DIGITAL_GOVERNMENT = 'DIGITAL_GOVERNMENT',
}

export const AREA_TITLES: Readonly<Record<Area, string>> = {
  [Area.LEADERSHIP]: 'Công tác chỉ đạo, điều hành cải cách hành chính',
  [Area.INSTITUTIONS]: 'Cải cách thể chế',
  [Area.PROCEDURES]: 'Cải cách thủ tục hành chính',
  [Area.ORGANIZATION]: 'Cải cách tổ chức bộ máy',
  [Area.CIVIL_SERVICE]: 'Cải cách chế độ công vụ',
  [Area.PUBLIC_FINANCE]: 'Cải cách tài chính công',
  [Area.DIGITAL_GOVERNMENT]: 'Xây dựng và phát triển chính quyền điện tử, chính quyền số',
};

registerEnumType(Area, {
  name: 'Area',
  description: 'Lĩnh vực cải cách hành chính (seven reform areas).',
  valuesConfig: Object.fromEntries(
    Object.values(Area).map((a) => [a, { description: AREA_TITLES[a] }]),
  ) as Record<Area, { description: string }>,
});
