import { Entity, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { Province } from '../province/province.entity.js';

/** A ranking group of a province (e.g. "Sở, ban, ngành", "UBND cấp xã"): units are ranked within it. */
@Entity({ tableName: 'unit_group' })
@Unique({ properties: ['province', 'code'] })
export class UnitGroup extends BaseEntity {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'text' })
  name!: string;
}
