import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';

/** A province (tỉnh/thành phố trực thuộc Trung ương): the tenant every other record belongs to. */
@Entity({ tableName: 'province' })
export class Province extends BaseEntity {
  /** Stable slug, e.g. `khanh-hoa`. */
  @Unique()
  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'text' })
  name!: string;
}
