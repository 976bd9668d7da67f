import { Entity, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { Province } from '../province/province.entity.js';
import { User } from './user.entity.js';

/** A long-lived token for an integration. Shown once at creation; only its SHA-256 is stored. */
@Entity({ tableName: 'api_token' })
export class ApiToken extends BaseEntity<'rateLimitPerMinute' | 'rateLimitExempt'> {
  @Index()
  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  /** The user's province (every tenant table carries it). */
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  /** What the token is for, e.g. "Hệ thống một cửa điện tử". */
  @Property({ type: 'text' })
  name!: string;

  /** First characters of the token, so people can tell tokens apart without the secret. */
  @Property({ type: 'text' })
  prefix!: string;

  @Unique()
  @Property({ type: 'text', hidden: true })
  tokenHash!: string;

  @Property({ type: 'timestamptz', nullable: true })
  expiresAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;

  /** Query-cost budget per minute for this token; null = the server's default (RATE_LIMIT_COST_PER_MINUTE). */
  @Property({ type: 'int', nullable: true })
  rateLimitPerMinute?: number | null;

  /** Exempt from rate limiting (the benchmark's token), never from depth and cost limits. */
  @Property({ type: 'boolean', default: false })
  rateLimitExempt: boolean = false;
}
