import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** JSON with sorted keys, so a row hashes the same however the database orders its jsonb. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

export interface AuditRecord {
  provinceId: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  payload: Record<string, unknown>;
}

interface Row {
  province_id: string;
  seq: number;
  at: Date;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  payload: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

const genesis = (provinceId: string) => createHash('sha256').update(`par-audit-genesis:${provinceId}`).digest('hex');

export function rowHash(r: Omit<Row, 'hash'>): string {
  return createHash('sha256')
    .update(
      canonicalJson([r.province_id, r.seq, new Date(r.at).toISOString(), r.actor_id, r.action, r.entity_type, r.entity_id, r.payload, r.prev_hash]),
    )
    .digest('hex');
}

export interface AuditBreak {
  provinceId: string;
  /** The first sequence number that does not check out (for a bad head: the head's). */
  seq: number;
  problem: 'row-edited' | 'chain-broken' | 'rows-missing-at-end' | 'head-signature-invalid' | 'gap';
  message: string;
}

/**
 * The audit trail: appends chained rows inside the caller's transaction and verifies a
 * province's chain. The signing key comes from configuration (AUDIT_KEY), never the database.
 */
export class AuditService {
  constructor(private readonly key: string) {
    if (!key || key.length < 16) throw new Error('AUDIT_KEY must be at least 16 characters');
  }

  sign(provinceId: string, seq: number, hash: string): string {
    return createHmac('sha256', this.key).update(`${provinceId}|${seq}|${hash}`).digest('hex');
  }

  /**
   * Appends one event. Must run inside the transaction of the change it records: the head row is
   * locked (`for update`), so events of a province are strictly ordered and never interleave.
   */
  async append(em: EntityManager, rec: AuditRecord, now = new Date()): Promise<{ seq: number; hash: string }> {
    const conn = em.getConnection();
    const ctx = em.getTransactionContext();
    if (!ctx) throw new Error('audit append must run inside a transaction');
    await conn.execute(
      `insert into audit_head (province_id, seq, hash, signature) values (?, 0, ?, ?) on conflict (province_id) do nothing`,
      [rec.provinceId, genesis(rec.provinceId), this.sign(rec.provinceId, 0, genesis(rec.provinceId))],
      'run',
      ctx,
    );
    const [head] = await conn.execute<{ seq: number; hash: string }[]>(
      `select seq, hash from audit_head where province_id = ? for update`,
      [rec.provinceId],
      'all',
      ctx,
    );
    const row: Omit<Row, 'hash'> = {
      province_id: rec.provinceId,
      seq: head!.seq + 1,
      at: now,
      actor_id: rec.actorId,
      action: rec.action,
      entity_type: rec.entityType,
      entity_id: rec.entityId,
      payload: JSON.parse(canonicalJson(rec.payload)) as Record<string, unknown>,
      prev_hash: head!.hash,
    };
    const hash = rowHash(row);
    await conn.execute(
      `insert into audit_event (id, created_at, province_id, seq, at, actor_id, action, entity_type, entity_id, payload, prev_hash, hash)
       values (gen_random_uuid(), now(), ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)`,
      [row.province_id, row.seq, row.at, row.actor_id, row.action, row.entity_type, row.entity_id, JSON.stringify(row.payload), row.prev_hash, hash],
      'run',
      ctx,
    );
    await conn.execute(`update audit_head set seq = ?, hash = ?, signature = ? where province_id = ?`, [row.seq, hash, this.sign(rec.provinceId, row.seq, hash), rec.provinceId], 'run', ctx);
    return { seq: row.seq, hash };
  }

  /** Walks a province's chain in order; returns the first broken link, or null when it checks out. */
  async verify(em: EntityManager, provinceId: string, batch = 1000): Promise<AuditBreak | null> {
    const conn = em.getConnection();
    const [head] = await conn.execute<{ seq: number; hash: string; signature: string }[]>(
      `select seq, hash, signature from audit_head where province_id = ?`,
      [provinceId],
    );
    let prev = genesis(provinceId);
    let expected = 1;
    for (;;) {
      const rows = await conn.execute<Row[]>(
        `select province_id, seq, at, actor_id, action, entity_type, entity_id, payload, prev_hash, hash
           from audit_event where province_id = ? and seq >= ? order by seq limit ?`,
        [provinceId, expected, batch],
      );
      for (const r of rows) {
        if (r.seq !== expected)
          return { provinceId, seq: expected, problem: 'gap', message: `Thiếu bản ghi nhật ký số ${expected} (có số ${r.seq} ngay sau).` };
        if (r.prev_hash !== prev)
          return { provinceId, seq: r.seq, problem: 'chain-broken', message: `Bản ghi số ${r.seq} không nối với bản ghi trước nó.` };
        if (rowHash(r) !== r.hash)
          return { provinceId, seq: r.seq, problem: 'row-edited', message: `Bản ghi số ${r.seq} đã bị sửa sau khi ghi.` };
        prev = r.hash;
        expected++;
      }
      if (rows.length < batch) break;
    }
    const last = expected - 1;
    if (!head) return last === 0 ? null : { provinceId, seq: last, problem: 'head-signature-invalid', message: 'Không có đầu chuỗi đã ký cho nhật ký.' };
    const sigOk = (() => {
      const want = Buffer.from(this.sign(provinceId, head.seq, head.hash), 'hex');
      const got = Buffer.from(head.signature, 'hex');
      return want.length === got.length && timingSafeEqual(want, got);
    })();
    if (!sigOk) return { provinceId, seq: head.seq, problem: 'head-signature-invalid', message: 'Chữ ký đầu chuỗi không hợp lệ: nhật ký đã bị tính lại hoặc sửa đổi không có khóa.' };
    if (head.seq === last && head.hash !== prev)
      return { provinceId, seq: last, problem: 'chain-broken', message: `Bản ghi cuối (số ${last}) không khớp đầu chuỗi đã ký.` };
    if (head.seq !== last)
      return {
        provinceId,
        seq: Math.min(head.seq, last) + 1,
        problem: 'rows-missing-at-end',
        message: `Đầu chuỗi đã ký ghi nhận ${head.seq} bản ghi nhưng chỉ còn ${last}: các bản ghi cuối đã bị xóa.`,
      };
    return null;
  }
}
