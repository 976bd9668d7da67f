import { Entity, Enum, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { Province } from '../province/province.entity.js';
import { UnitKind } from './unit-kind.js';

/** An assessed body (cơ quan, đơn vị). Lineage and validity over time arrive with the units issue. */
@Entity({ tableName: 'unit' })
@Unique({ properties: ['province', 'code'] })
export class Unit extends BaseEntity {
  @Index()
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  /** Slug unique within the province, e.g. `so-tu-phap`. */
  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: () => UnitKind })
  kind!: UnitKind;
}
