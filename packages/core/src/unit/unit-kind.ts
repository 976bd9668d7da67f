import { registerEnumType } from 'type-graphql';

/** What kind of body a unit is; drives which criteria set and ranking group apply. */
export enum UnitKind {
  /** Sở, ban, ngành thuộc UBND tỉnh. */
  DEPARTMENT = 'DEPARTMENT',
  /** Cơ quan ngành dọc của Trung ương đặt tại tỉnh (Thuế, Hải quan, Kho bạc, BHXH, …). */
  CENTRAL_VERTICAL = 'CENTRAL_VERTICAL',
  /** UBND cấp huyện (historic: the district level was abolished on 1/7/2025). */
  DISTRICT = 'DISTRICT',
  /** UBND xã, phường, đặc khu. */
  COMMUNE = 'COMMUNE',
  /** Đơn vị sự nghiệp công lập. */
  PUBLIC_SERVICE = 'PUBLIC_SERVICE',
}

export const UNIT_KIND_TITLES: Readonly<Record<UnitKind, string>> = {
  [UnitKind.DEPARTMENT]: 'Sở, ban, ngành',
  [UnitKind.CENTRAL_VERTICAL]: 'Cơ quan ngành dọc Trung ương',
  [UnitKind.DISTRICT]: 'UBND cấp huyện',
  [UnitKind.COMMUNE]: 'UBND xã, phường, đặc khu',
  [UnitKind.PUBLIC_SERVICE]: 'Đơn vị sự nghiệp công lập',
};

registerEnumType(UnitKind, {
  name: 'UnitKind',
  description: 'Loại cơ quan, đơn vị được đánh giá.',
  valuesConfig: Object.fromEntries(
    Object.values(UnitKind).map((k) => [k, { description: UNIT_KIND_TITLES[k] }]),
  ) as Record<UnitKind, { description: string }>,
});
