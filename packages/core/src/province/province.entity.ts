import { Entity, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';

/**
 * A province (tỉnh/thành phố trực thuộc Trung ương): the tenant every other record belongs to.
 * Provinces change too: Kon Tum ended on 30/6/2025 and its successor is Quảng Ngãi.
 */
@Entity({ tableName: 'province' })
export class Province extends BaseEntity<'validFrom' | 'validTo' | 'successor'> {
  /** Stable slug, e.g. `khanh-hoa`. */
  @Unique()
  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'date', nullable: true })
  validFrom?: string | null;

  /** Last day the province existed (inclusive); null while it exists. */
  @Property({ type: 'date', nullable: true })
  validTo?: string | null;

  /** The province it was merged into. Its successor's people may read its history. */
  @ManyToOne(() => Province, { nullable: true, deleteRule: 'restrict' })
  successor?: Rel<Province> | null;
}
