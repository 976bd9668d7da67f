import { Entity, Enum, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Province } from '../province/province.entity.js';

/**
 * A province's webhook: changes recorded in its audit trail whose action starts with one of
 * `events` are POSTed to `url`, signed with HMAC-SHA256 under `secret`. `lastSeq` is how far the
 * audit trail has been turned into deliveries.
 */
@Entity({ tableName: 'webhook' })
export class Webhook extends BaseEntity<'description' | 'active' | 'lastSeq' | 'disabledAt'> {
  @Index()
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @Property({ type: 'text' })
  url!: string;

  /** Action prefixes, e.g. `scorecard.`, `results.published`, `deadline.`, `indicators.`. */
  @Property({ type: 'json' })
  events!: string[];

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  /** The signing secret (needed in clear to sign; shown once at creation, never read back by the API). */
  @Property({ type: 'text', hidden: true })
  secret!: string;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'int' })
  lastSeq: number = 0;

  @Property({ type: 'uuid' })
  createdBy!: string;

  @Property({ type: 'timestamptz', nullable: true })
  disabledAt?: Date | null;
}

export enum DeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(DeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  valuesConfig: {
    PENDING: { description: 'Chưa gửi được; sẽ thử lại' },
    DELIVERED: { description: 'Đã gửi, bên nhận trả 2xx' },
    FAILED: { description: 'Thử hết số lần, không gửi được' },
  },
});

/** One event for one webhook, with its attempts (the delivery log). */
@Entity({ tableName: 'webhook_delivery' })
@Unique({ properties: ['webhook', 'seq'] })
@Index({ properties: ['status', 'nextAttemptAt'] })
export class WebhookDelivery extends BaseEntity<'attempts' | 'status' | 'responseStatus' | 'error' | 'deliveredAt' | 'lastAttemptAt'> {
  @ManyToOne(() => Webhook, { deleteRule: 'cascade' })
  webhook!: Rel<Webhook>;

  /** The audit event's sequence number in the province. */
  @Property({ type: 'int' })
  seq!: number;

  @Property({ type: 'text' })
  event!: string;

  /** The JSON body sent, fixed at enqueue time so retries send the same bytes. */
  @Property({ type: 'text' })
  body!: string;

  @Enum({ items: () => DeliveryStatus })
  status: DeliveryStatus = DeliveryStatus.PENDING;

  @Property({ type: 'int' })
  attempts: number = 0;

  @Property({ type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  lastAttemptAt?: Date | null;

  @Property({ type: 'int', nullable: true })
  responseStatus?: number | null;

  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt?: Date | null;
}
