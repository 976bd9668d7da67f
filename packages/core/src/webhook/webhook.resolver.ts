import { DateTimeISOResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Allow, Inherit } from '../auth/access.js';
import { Role } from '../auth/role.js';
import type { RequestContext } from '../common/context.js';
import { viewerOf } from '../common/context.js';
import { pageSize } from '../common/connection.js';
import { badInput, notFound } from '../common/errors.js';
import { idOf, toGlobalId } from '../common/global-id.js';
import { DeliveryStatus, Webhook, WebhookDelivery } from './webhook.entity.js';
import { checkWebhookEvents, checkWebhookUrl, newWebhookSecret, WEBHOOK_EVENTS } from './webhook.service.js';

@Inherit()
@ObjectType('WebhookEvent', { description: 'Một loại sự kiện theo dõi được (tiền tố của hành động trong nhật ký).' })
export class WebhookEventType {
  @Field()
  prefix!: string;

  @Field()
  title!: string;
}

@Inherit()
@ObjectType('Webhook', { description: 'Địa chỉ nhận thông báo thay đổi của tỉnh (ký HMAC-SHA256).' })
export class WebhookType {
  @Field()
  url!: string;

  @Field(() => [String])
  events!: string[];

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field()
  active!: boolean;

  @Field(() => Int, { description: 'Số thứ tự nhật ký đã xử lý đến.' })
  lastSeq!: number;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;
}

@Inherit()
@ObjectType('WebhookDelivery', { description: 'Một lần gửi sự kiện tới webhook, với các lần thử.' })
export class WebhookDeliveryType {
  @Field(() => Int)
  seq!: number;

  @Field()
  event!: string;

  @Field(() => DeliveryStatus)
  status!: DeliveryStatus;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Int, { nullable: true })
  responseStatus?: number | null;

  @Field(() => String, { nullable: true })
  error?: string | null;

  @Field(() => DateTimeISOResolver)
  nextAttemptAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true })
  lastAttemptAt?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  deliveredAt?: Date | null;
}

@Inherit()
@ObjectType('CreateWebhookPayload')
export class CreateWebhookPayload {
  @Field(() => WebhookType)
  webhook!: Webhook;

  @Field({ description: 'Khóa ký, chỉ hiển thị một lần: bên nhận tính HMAC-SHA256(khóa, "<x-par-timestamp>.<body>") và so với x-par-signature.' })
  secret!: string;
}

@InputType()
export class CreateWebhookInput {
  @Field({ description: 'https://… (http:// và địa chỉ nội bộ chỉ khi máy chủ cho phép: WEBHOOK_ALLOW_PRIVATE).' })
  url!: string;

  @Field(() => [String], { description: 'Tiền tố hành động, ví dụ "scorecard.submitted", "results.published", "deadline.", "indicators.ingested"; "*" = tất cả.' })
  events!: string[];

  @Field(() => String, { nullable: true })
  description?: string | null;
}

async function webhookOf(ctx: RequestContext, id: string): Promise<Webhook> {
  const hook = await ctx.em.findOne(Webhook, { id: idOf(id, 'Webhook', 'id'), province: viewerOf(ctx).provinceId });
  if (!hook) throw notFound('Không tìm thấy webhook.');
  return hook;
}

@Resolver(() => WebhookType)
export class WebhookResolver {
  @Allow([Role.ADMIN, Role.INTEGRATION], 'province')
  @Query(() => [WebhookEventType], { description: 'Các loại sự kiện theo dõi được qua webhook.' })
  webhookEvents(): readonly { prefix: string; title: string }[] {
    return WEBHOOK_EVENTS;
  }

  @Allow([Role.ADMIN], 'province')
  @Query(() => [WebhookType], { description: 'Webhook của tỉnh.' })
  webhooks(@Ctx() ctx: RequestContext): Promise<Webhook[]> {
    return ctx.em.find(Webhook, { province: viewerOf(ctx).provinceId }, { orderBy: { createdAt: 'asc' } });
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => CreateWebhookPayload, { description: 'Đăng ký webhook nhận thay đổi của tỉnh (từ sự kiện tiếp theo); trả khóa ký một lần.' })
  async createWebhook(@Arg('input') input: CreateWebhookInput, @Ctx() ctx: RequestContext): Promise<CreateWebhookPayload> {
    const viewer = viewerOf(ctx);
    ctx.scope.assertWrite(viewer.provinceId);
    const url = checkWebhookUrl(input.url.trim(), ctx.services.webhookOptions.allowPrivate);
    const events = checkWebhookEvents(input.events);
    if ((input.description?.length ?? 0) > 500) throw badInput('Mô tả tối đa 500 ký tự.', { field: 'description' });
    const secret = newWebhookSecret();
    return ctx.em.transactional(async (tx) => {
      // Starts at the current end of the trail: a new webhook receives what happens from now on.
      const [head] = await tx.getConnection().execute<{ seq: number | null }[]>('select max(seq) as seq from audit_event where province_id = ?', [viewer.provinceId], 'all', tx.getTransactionContext());
      const webhook = tx.create(Webhook, { province: viewer.provinceId, url: url.toString(), events, description: input.description?.trim() || null, secret, lastSeq: Number(head?.seq ?? 0), createdBy: viewer.userId });
      await tx.flush();
      await ctx.services.audit.append(tx, { provinceId: viewer.provinceId, actorId: viewer.userId, action: 'webhook.created', entityType: 'Webhook', entityId: webhook.id, payload: { url: webhook.url, events } }, ctx.services.now());
      return { webhook, secret };
    });
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => WebhookType, { description: 'Tạm dừng hoặc bật lại một webhook (khi bật lại, các sự kiện trong thời gian dừng vẫn được gửi).' })
  async setWebhookActive(@Arg('id', () => ID) id: string, @Arg('active') active: boolean, @Ctx() ctx: RequestContext): Promise<Webhook> {
    const hook = await webhookOf(ctx, id);
    return ctx.em.transactional(async (tx) => {
      const row = await tx.findOneOrFail(Webhook, { id: hook.id });
      row.active = active;
      row.disabledAt = active ? null : ctx.services.now();
      await tx.flush();
      await ctx.services.audit.append(tx, { provinceId: row.province.id, actorId: viewerOf(ctx).userId, action: 'webhook.updated', entityType: 'Webhook', entityId: row.id, payload: { active } }, ctx.services.now());
      return row;
    });
  }

  @FieldResolver(() => ID)
  id(@Root() w: Webhook) {
    return toGlobalId('Webhook', w.id);
  }

  @FieldResolver(() => [WebhookDeliveryType], { description: 'Nhật ký gửi, mới nhất trước.' })
  deliveries(
    @Root() w: Webhook,
    @Ctx() ctx: RequestContext,
    @Arg('status', () => DeliveryStatus, { nullable: true }) status?: DeliveryStatus | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
  ): Promise<WebhookDelivery[]> {
    return ctx.em.find(WebhookDelivery, { webhook: w, ...(status ? { status } : {}) }, { orderBy: { seq: 'desc' }, limit: pageSize(first) });
  }
}
