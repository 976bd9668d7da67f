import { Entity, Enum, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { Province } from '../province/province.entity.js';
import { UnitKind } from './unit-kind.js';
import { UnitGroup } from './unit-group.entity.js';

/**
 * An assessed body (cơ quan, đơn vị) over time: valid from `validFrom` to `validTo` (both
 * inclusive; null = still valid). Changes (merge, split, rename, transfer, abolish) are lineage
 * events linking predecessor and successor records.
 */
@Entity({ tableName: 'unit' })
@Unique({ properties: ['province', 'code'] })
@Index({ properties: ['province', 'validFrom', 'validTo'] })
export class Unit extends BaseEntity<'group' | 'parent' | 'validTo'> {
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

  /** The ranking group the unit is assessed in. */
  @Index()
  @ManyToOne(() => UnitGroup, { nullable: true, deleteRule: 'restrict' })
  group?: Rel<UnitGroup> | null;

  /** The unit it belongs to (e.g. a branch of a department). */
  @Index()
  @ManyToOne(() => Unit, { nullable: true, deleteRule: 'restrict' })
  parent?: Rel<Unit> | null;

  @Property({ type: 'date' })
  validFrom!: string;

  /** Last day of validity (inclusive); null while the unit exists. */
  @Property({ type: 'date', nullable: true })
  validTo?: string | null;
}
