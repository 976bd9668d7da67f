import { ArrayType, Entity, Enum, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { Area } from '../criteria/area.js';
import { Province } from '../province/province.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { Role } from './role.js';

/** An account. Internals (hash, lockout counters) never reach the GraphQL contract (see user.type.ts). */
@Entity({ tableName: 'app_user' })
export class User extends BaseEntity<'failedLogins' | 'areas' | 'reviewUnitIds' | 'evidenceAccess'> {
  /** Login name, unique across the installation, stored lower-case. */
  @Unique()
  @Property({ type: 'text' })
  username!: string;

  @Property({ type: 'text' })
  displayName!: string;

  @Enum({ items: () => Role })
  role!: Role;

  @Index()
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  /** Set for UNIT accounts: the one unit they act for. */
  @ManyToOne(() => Unit, { nullable: true, deleteRule: 'restrict' })
  unit?: Rel<Unit> | null;

  /** Reviewer scope: areas this reviewer appraises. */
  @Property({ type: ArrayType, columnType: 'text[]', default: '{}' })
  areas: Area[] = [];

  /** Reviewer scope: units this reviewer appraises (all units of the province when empty and no areas). */
  @Property({ type: ArrayType, columnType: 'uuid[]', default: '{}' })
  reviewUnitIds: string[] = [];

  /** National readers: whether they may download evidence files (granted by an operator). */
  @Property({ type: 'boolean', default: false })
  evidenceAccess: boolean = false;

  /** argon2id hash; null for accounts that can only use API tokens (integration). */
  @Property({ type: 'text', nullable: true, hidden: true })
  passwordHash?: string | null;

  @Property({ type: 'int', default: 0 })
  failedLogins: number = 0;

  @Property({ type: 'timestamptz', nullable: true })
  lockedUntil?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  disabledAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastLoginAt?: Date | null;
}
