import { Entity, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { Province } from '../province/province.entity.js';

/**
 * A legal document (văn bản): decision, plan, conclusion… Referenced by lineage events, rounds
 * and evidence. National documents (e.g. 876/QĐ-BNV) have no province.
 */
@Entity({ tableName: 'legal_document' })
@Unique({ properties: ['number', 'issuedOn', 'issuer'] })
export class LegalDocument extends BaseEntity<'province'> {
  @Index()
  @ManyToOne(() => Province, { nullable: true, deleteRule: 'restrict' })
  province?: Rel<Province> | null;

  /** Số/ký hiệu, e.g. `1871/KH-UBND`. */
  @Property({ type: 'text' })
  number!: string;

  @Property({ type: 'date' })
  issuedOn!: string;

  /** Cơ quan ban hành, e.g. "UBND tỉnh Kon Tum". */
  @Property({ type: 'text' })
  issuer!: string;

  /** Trích yếu. */
  @Property({ type: 'text' })
  title!: string;
}
