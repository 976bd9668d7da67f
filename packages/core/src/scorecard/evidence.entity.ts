import { Entity, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { Province } from '../province/province.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { Scorecard } from './scorecard.entity.js';

/** An uploaded file, stored content-addressed by SHA-256 outside the database. */
@Entity({ tableName: 'evidence_file' })
@Index({ properties: ['sha256'] })
export class EvidenceFile extends BaseEntity {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @Property({ type: 'text' })
  sha256!: string;

  @Property({ type: 'int' })
  size!: number;

  @Property({ type: 'text' })
  mediaType!: string;

  @Property({ type: 'text' })
  fileName!: string;

  @Property({ type: 'uuid' })
  uploadedBy!: string;
}

/**
 * Evidence (tài liệu kiểm chứng) of a unit: an official document (số/ký hiệu, date, issuing
 * body, excerpt, section/page) and/or a file, with the date it takes effect, so it counts for
 * the right year.
 */
@Entity({ tableName: 'evidence' })
export class Evidence extends BaseEntity<'file'> {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @Index()
  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  unit!: Rel<Unit>;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', nullable: true })
  documentNumber?: string | null;

  @Property({ type: 'date', nullable: true })
  issuedOn?: string | null;

  @Property({ type: 'text', nullable: true })
  issuer?: string | null;

  @Property({ type: 'text', nullable: true })
  excerpt?: string | null;

  /** Section or page the criterion rests on, e.g. "Mục II.3, trang 4". */
  @Property({ type: 'text', nullable: true })
  section?: string | null;

  @Property({ type: 'date' })
  effectiveOn!: string;

  @ManyToOne(() => EvidenceFile, { nullable: true, deleteRule: 'restrict' })
  file?: Rel<EvidenceFile> | null;

  @Property({ type: 'uuid' })
  addedBy!: string;
}

/** Evidence attached to one criterion of a scorecard. */
@Entity({ tableName: 'evidence_link' })
@Unique({ properties: ['evidence', 'scorecard', 'code'] })
@Index({ properties: ['scorecard', 'code'] })
export class EvidenceLink extends BaseEntity {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => Evidence, { deleteRule: 'cascade' })
  evidence!: Rel<Evidence>;

  @ManyToOne(() => Scorecard, { deleteRule: 'cascade' })
  scorecard!: Rel<Scorecard>;

  @Property({ type: 'text' })
  code!: string;
}
