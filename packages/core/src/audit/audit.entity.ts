import { Entity, Index, ManyToOne, OneToOne, PrimaryKeyProp, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { Province } from '../province/province.entity.js';

/**
 * One change, appended in the same transaction as the change itself and chained per province:
 * `hash = SHA-256(canonical JSON of the row's fields and the previous row's hash)`.
 */
@Entity({ tableName: 'audit_event' })
@Unique({ properties: ['province', 'seq'] })
export class AuditEvent extends BaseEntity<'actorId'> {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  /** 1, 2, 3… per province, no gaps. */
  @Property({ type: 'int' })
  seq!: number;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @Property({ type: 'uuid', nullable: true })
  actorId?: string | null;

  /** e.g. `scorecard.entry.saved`, `scorecard.submitted`, `deadline.extended`, `evidence.added`. */
  @Index()
  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text' })
  entityType!: string;

  @Property({ type: 'text' })
  entityId!: string;

  /** What changed (strings for decimals and dates, so hashing is exact). */
  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Property({ type: 'text' })
  prevHash!: string;

  @Property({ type: 'text' })
  hash!: string;
}

/**
 * The chain head of a province, signed with a key kept outside the database: a chain recomputed
 * without the key, or rows deleted at the end, no longer match the signature.
 */
@Entity({ tableName: 'audit_head' })
export class AuditHead {
  [PrimaryKeyProp]?: 'province';

  @OneToOne(() => Province, { primary: true, deleteRule: 'restrict' })
  province!: Rel<Province>;

  @Property({ type: 'int' })
  seq!: number;

  @Property({ type: 'text' })
  hash!: string;

  @Property({ type: 'text' })
  signature!: string;
}
