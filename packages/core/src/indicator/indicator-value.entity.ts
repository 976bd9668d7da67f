import { Entity, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { DecimalType, type Decimal } from '../common/decimal.js';
import { Province } from '../province/province.entity.js';
import { Unit } from '../unit/unit.entity.js';

/**
 * A measured value of an indicator for a unit and period, with where it came from. Writing the
 * same idempotency key again is the same fact, never a second one.
 */
@Entity({ tableName: 'indicator_value' })
@Unique({ properties: ['province', 'idempotencyKey'] })
@Index({ properties: ['unit', 'code', 'periodEnd'] })
export class IndicatorValue extends BaseEntity<'numerator' | 'denominator'> {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  unit!: Rel<Unit>;

  /** E.g. `LATE_DOSSIER_RATE` (see INDICATORS). */
  @Property({ type: 'text' })
  code!: string;

  /** `2025`, `2025-Q3` or `2025-09`. */
  @Property({ type: 'text' })
  period!: string;

  @Property({ type: 'date' })
  periodStart!: string;

  @Property({ type: 'date' })
  periodEnd!: string;

  @Property({ type: DecimalType, precision: 14, scale: 4 })
  value!: Decimal;

  /** Kept when the value is a ratio and its parts are known (e.g. 12 late of 480 dossiers). */
  @Property({ type: DecimalType, precision: 18, scale: 4, nullable: true })
  numerator?: Decimal | null;

  @Property({ type: DecimalType, precision: 18, scale: 4, nullable: true })
  denominator?: Decimal | null;

  /** E.g. "Hệ thống thông tin giải quyết TTHC tỉnh". */
  @Property({ type: 'text' })
  source!: string;

  @Property({ type: 'timestamptz' })
  observedAt!: Date;

  @Property({ type: 'text' })
  idempotencyKey!: string;
}
