import type { EntityManager } from '@mikro-orm/postgresql';
import { createHmac, randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AuditEvent } from '../audit/audit.entity.js';
import { badInput } from '../common/errors.js';
import { toGlobalId } from '../common/global-id.js';
import { Province } from '../province/province.entity.js';
import { DeliveryStatus, Webhook, WebhookDelivery } from './webhook.entity.js';

/** What can be followed: audit actions by prefix (a subscription names prefixes or exact actions). */
export const WEBHOOK_EVENTS: readonly { prefix: string; title: string }[] = [
  { prefix: 'scorecard.submitted', title: 'Đơn vị nộp phiếu tự chấm' },
  { prefix: 'scorecard.returned', title: 'Phiếu được trả lại để sửa' },
  { prefix: 'scorecard.entry.saved', title: 'Đơn vị lưu một tiêu chí' },
  { prefix: 'evidence.linked', title: 'Tài liệu kiểm chứng được gắn vào tiêu chí' },
  { prefix: 'explanation.', title: 'Yêu cầu giải trình và trả lời' },
  { prefix: 'council.', title: 'Hội đồng: thành viên, biểu quyết, quyết định' },
  { prefix: 'results.published', title: 'Công bố kết quả' },
  { prefix: 'deadline.', title: 'Đặt hoặc gia hạn thời hạn' },
  { prefix: 'round.opened', title: 'Mở đợt đánh giá' },
  { prefix: 'indicators.ingested', title: 'Nhận lô chỉ số' },
  { prefix: 'plan.', title: 'Kế hoạch CCHC năm: nhiệm vụ, tiến độ' },
  { prefix: 'inspection.', title: 'Kiểm tra CCHC: kế hoạch, kết quả, khắc phục' },
  { prefix: 'calendar.', title: 'Lịch làm việc của tỉnh' },
  { prefix: 'reviewer.', title: 'Phân công thẩm định' },
];

export const WEBHOOK_MAX_ATTEMPTS = 8;
/** Seconds before retry n (1-based): 10, 20, 40, … capped at one hour. */
export const backoffSeconds = (attempt: number) => Math.min(3600, 5 * 2 ** attempt);

/** `sha256=` + HMAC-SHA256(secret, `${timestamp}.${body}`) in hex: what receivers recompute. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/** Loopback, private, link-local and unique-local addresses: not reachable targets by default (SSRF). */
export function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number) as [number, number];
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  const v6 = ip.toLowerCase();
  if (v6.startsWith('::ffff:')) return isPrivateAddress(v6.slice(7));
  return v6 === '::1' || v6 === '::' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe80');
}

export interface WebhookOptions {
  /** Allow http:// and private or loopback targets (tests, intranets that accept the risk). */
  allowPrivate: boolean;
  timeoutMs: number;
  now: () => Date;
  fetch?: typeof fetch;
}

/** Checks a webhook URL when it is registered; throws BAD_USER_INPUT. */
export function checkWebhookUrl(text: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badInput('Địa chỉ webhook không hợp lệ.', { field: 'url' });
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) throw badInput('Webhook phải dùng https://.', { field: 'url' });
  if (url.username || url.password) throw badInput('Địa chỉ webhook không được chứa tên đăng nhập, mật khẩu.', { field: 'url' });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || (isIP(host) && isPrivateAddress(host)))) throw badInput('Webhook không được trỏ tới địa chỉ nội bộ (loopback, mạng riêng).', { field: 'url' });
  return url;
}

export function checkWebhookEvents(events: readonly string[]): string[] {
  const clean = [...new Set(events.map((e) => e.trim()).filter(Boolean))];
  if (!clean.length) throw badInput('Cần ít nhất một loại sự kiện.', { field: 'events' });
  for (const e of clean)
    if (e !== '*' && !WEBHOOK_EVENTS.some((k) => k.prefix.startsWith(e) || e.startsWith(k.prefix)))
      throw badInput(`Loại sự kiện "${e}" không có; xem danh sách webhookEvents.`, { field: 'events' });
  return clean;
}

const matches = (events: readonly string[], action: string) => events.some((e) => e === '*' || action.startsWith(e));

/**
 * Turns audit events into signed webhook deliveries and sends them. Deliveries are derived from
 * the audit trail (written in the same transaction as each change), so no change is ever
 * announced that did not commit, and none is missed; rows are claimed with SKIP LOCKED so
 * several server replicas can pump side by side.
 */
export class WebhookService {
  constructor(private readonly options: WebhookOptions) {}

  /** Creates the deliveries of new audit events for every active webhook; returns how many. */
  async enqueue(em: EntityManager, batch = 500): Promise<number> {
    let created = 0;
    const hooks = await em.find(Webhook, { active: true }, { fields: ['id'] });
    for (const { id } of hooks) {
      created += await em.transactional(async (tx) => {
        const rows = await tx.getConnection().execute<{ id: string }[]>('select id from webhook where id = ? and active for update skip locked', [id], 'all', tx.getTransactionContext());
        if (!rows.length) return 0;
        const hook = await tx.findOneOrFail(Webhook, { id });
        const events = await tx.find(AuditEvent, { province: hook.province, seq: { $gt: hook.lastSeq } }, { orderBy: { seq: 'asc' }, limit: batch });
        if (!events.length) return 0;
        const province = await tx.findOneOrFail(Province, { id: hook.province.id });
        let n = 0;
        for (const e of events) {
          if (!matches(hook.events, e.action)) continue;
          tx.create(WebhookDelivery, { webhook: hook, seq: e.seq, event: e.action, body: bodyOf(province.code, e), nextAttemptAt: this.options.now() });
          n++;
        }
        hook.lastSeq = events[events.length - 1]!.seq;
        await tx.flush();
        return n;
      });
    }
    return created;
  }

  /** Sends the due deliveries (claimed under a lease); returns how many were attempted. */
  async deliverDue(em: EntityManager, batch = 50): Promise<number> {
    const now = this.options.now();
    const lease = new Date(now.getTime() + this.options.timeoutMs + 5_000);
    // Claim: push the due rows' next attempt past the lease, so another replica skips them.
    const claimed = await em.getConnection().execute<{ id: string }[]>(
      `update webhook_delivery set next_attempt_at = ? where id in (
         select d.id from webhook_delivery d join webhook w on w.id = d.webhook_id
          where d.status = 'PENDING' and d.next_attempt_at <= ? and w.active
          order by d.next_attempt_at, d.seq limit ? for update of d skip locked)
       returning id`,
      [lease, now, batch],
    );
    for (const { id } of claimed) await this.attempt(em.fork() as EntityManager, id);
    return claimed.length;
  }

  /** Enqueue, then deliver what is due. */
  async pump(em: EntityManager): Promise<{ enqueued: number; attempted: number }> {
    const enqueued = await this.enqueue(em);
    const attempted = await this.deliverDue(em);
    return { enqueued, attempted };
  }

  private async attempt(em: EntityManager, id: string): Promise<void> {
    const d = await em.findOneOrFail(WebhookDelivery, { id }, { populate: ['webhook'] });
    const hook = d.webhook;
    const now = this.options.now();
    const timestamp = String(Math.floor(now.getTime() / 1000));
    let status: number | null = null;
    let error: string | null = null;
    let permanent = false;
    try {
      const url = checkWebhookUrl(hook.url, this.options.allowPrivate);
      if (!this.options.allowPrivate) {
        const addresses = await lookup(url.hostname, { all: true });
        if (addresses.some((a) => isPrivateAddress(a.address))) {
          permanent = true;
          throw new Error(`${url.hostname} resolves to a private address`);
        }
      }
      const res = await (this.options.fetch ?? fetch)(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'par-index-webhook/1',
          'x-par-event': d.event,
          'x-par-delivery': d.id,
          'x-par-timestamp': timestamp,
          'x-par-signature': signWebhook(hook.secret, timestamp, d.body),
        },
        body: d.body,
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      error = (e as Error).message.slice(0, 500);
    }
    d.attempts++;
    d.lastAttemptAt = now;
    d.responseStatus = status;
    d.error = error;
    if (!error) {
      d.status = DeliveryStatus.DELIVERED;
      d.deliveredAt = now;
    } else if (permanent || d.attempts >= WEBHOOK_MAX_ATTEMPTS) d.status = DeliveryStatus.FAILED;
    else d.nextAttemptAt = new Date(now.getTime() + backoffSeconds(d.attempts) * 1000);
    await em.flush();
  }
}

/** The JSON body of an event: stable fields, global ids, the audit payload as recorded. */
function bodyOf(provinceCode: string, e: AuditEvent): string {
  return JSON.stringify({
    id: `${provinceCode}:${e.seq}`,
    event: e.action,
    province: provinceCode,
    seq: e.seq,
    occurredAt: e.at.toISOString(),
    entity: { type: e.entityType, id: toGlobalId(e.entityType, e.entityId) },
    actor: e.actorId ? toGlobalId('User', e.actorId) : null,
    data: e.payload,
  });
}
