import { AuditService, canonicalJson, hashToken, rowHash, toGlobalId } from '@par/core';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

/**
 * The raw-SQL baselines: plain node:http and node-postgres, a few hand-written statements per
 * request, and the same answers as the GraphQL API (the ranking byte for byte). What the
 * platform is measured against: how close it gets to what PostgreSQL and Node allow here.
 */
export interface BaselineServer {
  url: string;
  /** Statements sent (BEGIN/COMMIT not counted, like the platform's counter). */
  stats: { statements: number };
  close(): Promise<void>;
}

export interface BaselineOptions {
  databaseUrl: string;
  /** The preset's band thresholds, best first (bandFor). */
  bands: readonly { band: string; minIndex: string }[];
  auditKey: string;
  poolSize: number;
}

type Viewer = { kind: 'session' | 'token'; hash: string } | null;

function bearer(req: http.IncomingMessage): Viewer {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return null;
  const token = m[1]!;
  if (token.startsWith('ses_')) return { kind: 'session', hash: hashToken(token) };
  if (token.startsWith('par_')) return { kind: 'token', hash: hashToken(token) };
  return null;
}

function uuidOf(globalId: unknown, type: string): string | null {
  if (typeof globalId !== 'string' || !/^[A-Za-z0-9_-]{1,200}$/.test(globalId)) return null;
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  const m = /^([A-Za-z]+):([0-9a-f-]{36})$/.exec(text);
  return m && m[1] === type ? m[2]! : null;
}

/** Who may read: a live session or a live, unrevoked API token of an enabled account ($1 = token hash). */
const VIEWER_SQL = {
  session: `select u.id, u.role, u.province_id, u.unit_id from user_session s join app_user u on u.id = s.user_id
             where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now() and u.disabled_at is null`,
  token: `select u.id, u.role, u.province_id, u.unit_id from api_token t join app_user u on u.id = t.user_id
           where t.token_hash = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()) and u.disabled_at is null`,
};

/** The final ranking of a group from its latest publication: rank with ties, index, total, Vietnamese name order. */
const rankingSql = (kind: 'session' | 'token') => `
  with v as (${VIEWER_SQL[kind]}),
  pub as (
    select p.results from publication p
      join assessment_round r on r.id = p.round_id
      join unit_group g on g.id = p.group_id
     where p.round_id = $2 and g.province_id = r.province_id and g.code = $3
       and exists (select 1 from v where v.role = 'NATIONAL_READER' or v.province_id = r.province_id)
     order by p.version desc limit 1)
  select (rank() over (order by (e->>'index')::numeric desc))::int as rank, e->>'unitName' as name,
         trim_scale((e->>'total')::numeric)::text as total, trim_scale((e->>'index')::numeric)::text as index
    from pub, jsonb_array_elements(pub.results) e
   order by (e->>'index')::numeric desc, (e->>'total')::numeric desc, e->>'unitName' collate "vi-x-icu"`;

/** A unit's own scorecard in a round with its stored self-assessment result and areas (one statement). */
const SCORECARD_SQL = `
  select c.id, c.status, c.version, g.code as group_code, r.total, r.max, r.index,
         (select json_agg(json_build_array(a.area, trim_scale(a.points)::text, trim_scale(a.max)::text)
                          order by array_position(array['LEADERSHIP', 'INSTITUTIONS', 'PROCEDURES', 'ORGANIZATION', 'CIVIL_SERVICE', 'PUBLIC_FINANCE', 'DIGITAL_GOVERNMENT', 'IMPACT', 'BONUS'], a.area))
            from scorecard_area a where a.scorecard_id = c.id and a.stage = 'SELF') as areas
    from user_session s
    join app_user u on u.id = s.user_id and u.disabled_at is null
    join scorecard c on c.unit_id = u.unit_id and c.round_id = $2
    join unit_group g on g.id = c.group_id
    left join scorecard_result r on r.scorecard_id = c.id and r.stage = 'SELF'
   where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now()`;

/** Submission, step 1: the caller's session, its own card locked, the self-assessment deadline (with an extension). */
const SUBMIT_LOCK_SQL = `
  select c.id, c.version, c.status, c.province_id, c.round_id, c.group_id, u.id as user_id,
         greatest(p.closes_on, (select max(x.closes_on) from phase_extension x
                                 where x.round_id = c.round_id and x.unit_id = c.unit_id and x.phase = 'SELF_ASSESSMENT'))::text as closes_on
    from user_session s
    join app_user u on u.id = s.user_id and u.role = 'UNIT' and u.disabled_at is null
    join scorecard c on c.id = $2 and c.unit_id = u.unit_id
    left join round_phase p on p.round_id = c.round_id and p.phase = 'SELF_ASSESSMENT'
   where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now()
     for update of c`;

/**
 * Scores the card's self-assessment entries against the round's snapshot in SQL (yes/no and level
 * leaves), and — only when every leaf is entered — upserts the result (with every criterion's
 * points) and the area results and marks the card submitted. $1 card, $2 round, $3 group, $4 province, $5 user.
 */
export const SCORE_LEAVES_SQL = `
  select s.area, s.code, s.parent_code, s.position, s.max, s.source_id, s.source_version, e.value,
         case when e.value is null then 0
              when s.method->>'kind' = 'yesNo' then case when e.value = 'yes' then s.max else 0 end
              else coalesce((select (l->>'points')::numeric from jsonb_array_elements(s.method->'levels') l where l->>'value' = e.value), 0)
         end as points`;

const SUBMIT_SCORE_SQL = `
  with leaf as (${SCORE_LEAVES_SQL}
      from criterion_snapshot s
      left join scorecard_entry e on e.scorecard_id = $1 and e.stage = 'SELF' and e.code = s.code
     where s.round_id = $2 and s.group_id = $3 and s.method is not null),
  missing as (select count(*) filter (where value is null) as n from leaf),
  area as (select area, min(source_id) as source_id, min(source_version) as source_version, sum(points) as points, sum(max) as max from leaf group by area),
  tot as (select sum(points) as total, sum(max) as max, round(sum(points) * 100 / nullif(sum(max), 0), 2) as idx from area),
  nodes as (
    select code, position, max, points, value is not null as entered,
           case when value is null then 'Chưa chấm' else 'Giá trị "' || value || '": ' || trim_scale(points)::text || ' điểm' end as reason
      from leaf
    union all
    select s.code, s.position, s.max, least(sum(l.points), s.max), bool_or(l.value is not null), 'Tổng các tiêu chí thành phần'
      from criterion_snapshot s join leaf l on l.parent_code = s.code
     where s.round_id = $2 and s.group_id = $3 and s.method is null and s.depth > 0
     group by s.code, s.position, s.max
    union all
    select s.code, s.position, s.max, least(a.points, s.max), true, 'Tổng lĩnh vực'
      from criterion_snapshot s join area a on a.area = s.area
     where s.round_id = $2 and s.group_id = $3 and s.depth = 0),
  res as (
    insert into scorecard_result (id, province_id, scorecard_id, stage, total, max, index, criteria, computed_at)
    select gen_random_uuid(), $4, $1, 'SELF', tot.total, tot.max, tot.idx,
           (select jsonb_agg(jsonb_build_object('code', code, 'points', trim_scale(points)::text, 'max', trim_scale(max)::text, 'excluded', false,
                   'entered', entered, 'missingEvidence', false, 'reason', reason) order by position) from nodes), now()
      from tot, missing where missing.n = 0
    on conflict (scorecard_id, stage) do update set total = excluded.total, max = excluded.max, index = excluded.index, criteria = excluded.criteria, computed_at = excluded.computed_at
    returning 1),
  ar as (
    insert into scorecard_area (id, province_id, scorecard_id, stage, area, points, max, source_id, source_version)
    select gen_random_uuid(), $4, $1, 'SELF', area.area, area.points, area.max, area.source_id, area.source_version from area, missing where missing.n = 0
    on conflict (scorecard_id, stage, area) do update set points = excluded.points, max = excluded.max, source_id = excluded.source_id, source_version = excluded.source_version
    returning 1),
  card as (
    update scorecard set status = 'SUBMITTED', submitted_at = now(), submitted_by = $5, version = version + 1
     where id = $1 and (select n from missing) = 0 returning version)
  select missing.n::int as missing, trim_scale(tot.total)::text as total, trim_scale(tot.max)::text as max, tot.idx::text as index,
         (select version from card) as version, (select count(*) from res)::int + (select count(*) from ar)::int as written
    from missing, tot`;

const HEAD_SQL = `select seq, hash from audit_head where province_id = $1 for update`;
const APPEND_SQL = `
  with e as (
    insert into audit_event (id, province_id, seq, at, actor_id, action, entity_type, entity_id, payload, prev_hash, hash)
    values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10))
  update audit_head set seq = $2, hash = $10, signature = $11 where province_id = $1`;

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

function readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1 << 20) reject(new HttpError(413, 'PAYLOAD_TOO_LARGE', 'too large'));
      else chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>);
      } catch {
        reject(new HttpError(400, 'BAD_REQUEST', 'malformed JSON'));
      }
    });
    req.on('error', reject);
  });
}

export async function startBaselineServer(options: BaselineOptions): Promise<BaselineServer> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize });
  const stats = { statements: 0 };
  const audit = new AuditService(options.auditKey);
  const bandOf = (index: string) => {
    const n = Number(index);
    for (const b of options.bands) if (n >= Number(b.minIndex)) return b.band;
    return options.bands.at(-1)!.band;
  };
  const query = async <R>(c: pg.Pool | pg.PoolClient, text: string, values: unknown[], rowMode?: 'array'): Promise<R[]> => {
    stats.statements++;
    const r = rowMode ? await c.query({ text, values, rowMode } as pg.QueryArrayConfig) : await c.query(text, values);
    return r.rows as R[];
  };

  async function ranking(viewer: NonNullable<Viewer>, body: Record<string, unknown>): Promise<string> {
    const roundId = uuidOf(body.roundId, 'AssessmentRound');
    if (!roundId || typeof body.group !== 'string') throw new HttpError(400, 'BAD_USER_INPUT', 'roundId, group');
    const rows = await query<[number, string, string, string]>(pool, rankingSql(viewer.kind), [viewer.hash, roundId, body.group], 'array');
    if (!rows.length) throw new HttpError(404, 'NOT_FOUND', 'no published ranking visible to the caller');
    let out = '{"data":{"ranking":{"rows":[';
    for (let i = 0; i < rows.length; i++) {
      const [rank, name, total, index] = rows[i]!;
      out += `${i ? ',' : ''}{"rank":${rank},"unitName":${JSON.stringify(name)},"total":"${total}","index":"${index}","band":"${bandOf(index)}"}`;
    }
    return `${out}]}}}\n`;
  }

  async function scorecard(viewer: NonNullable<Viewer>, body: Record<string, unknown>): Promise<string> {
    const roundId = uuidOf(body.roundId, 'AssessmentRound');
    if (!roundId || viewer.kind !== 'session') throw new HttpError(400, 'BAD_USER_INPUT', 'roundId');
    const [c] = await query<{ id: string; status: string; version: number; total: string | null; max: string; index: string; areas: [string, string, string][] | null }>(
      pool,
      SCORECARD_SQL,
      [viewer.hash, roundId],
    );
    if (!c) return '{"data":{"scorecard":null}}\n';
    const result =
      c.total == null
        ? null
        : {
            total: trimDecimal(c.total),
            max: trimDecimal(c.max),
            index: trimDecimal(c.index),
            band: bandOf(c.index),
            areas: (c.areas ?? []).map(([area, points, max]) => ({ area, points, max })),
          };
    return `${JSON.stringify({ data: { scorecard: { id: toGlobalId('Scorecard', c.id), status: c.status, version: c.version, result } } })}\n`;
  }

  async function submit(viewer: NonNullable<Viewer>, body: Record<string, unknown>): Promise<string> {
    const input = (body.input ?? {}) as Record<string, unknown>;
    const cardId = uuidOf(input.scorecardId, 'Scorecard');
    if (!cardId || viewer.kind !== 'session' || typeof input.expectedVersion !== 'number') throw new HttpError(400, 'BAD_USER_INPUT', 'input');
    const client = await pool.connect();
    try {
      await client.query('begin');
      const [card] = await query<{ id: string; version: number; status: string; province_id: string; round_id: string; group_id: string; user_id: string; closes_on: string | null }>(
        client,
        SUBMIT_LOCK_SQL,
        [viewer.hash, cardId],
      );
      if (!card) throw new HttpError(403, 'FORBIDDEN', 'not your scorecard');
      if (card.status !== 'DRAFT' && card.status !== 'RETURNED') throw new HttpError(400, 'INVALID_STATE', card.status);
      if (card.closes_on && Date.now() > new Date(`${card.closes_on}T23:59:59.999+07:00`).getTime()) throw new HttpError(400, 'PHASE_CLOSED', card.closes_on);
      if (card.version !== input.expectedVersion) throw new HttpError(409, 'STALE_VERSION', String(card.version));
      const [s] = await query<{ missing: number; total: string; max: string; index: string; version: number | null }>(client, SUBMIT_SCORE_SQL, [
        card.id,
        card.round_id,
        card.group_id,
        card.province_id,
        card.user_id,
      ]);
      if (!s || s.missing > 0 || s.version == null) throw new HttpError(400, 'BAD_USER_INPUT', `${s?.missing ?? '?'} criteria not scored`);
      const [head] = await query<{ seq: number; hash: string }>(client, HEAD_SQL, [card.province_id]);
      const now = new Date();
      const payload = JSON.parse(canonicalJson({ status: 'SUBMITTED', version: s.version, total: s.total, max: s.max, index: s.index, at: now.toISOString() })) as Record<string, unknown>;
      const row = {
        province_id: card.province_id,
        seq: head!.seq + 1,
        at: now,
        actor_id: card.user_id,
        action: 'scorecard.submitted',
        entity_type: 'Scorecard',
        entity_id: card.id,
        payload,
        prev_hash: head!.hash,
      };
      const hash = rowHash(row);
      await query(client, APPEND_SQL, [
        row.province_id,
        row.seq,
        row.at,
        row.actor_id,
        row.action,
        row.entity_type,
        row.entity_id,
        JSON.stringify(row.payload),
        row.prev_hash,
        hash,
        audit.sign(row.province_id, row.seq, hash),
      ]);
      await client.query('commit');
      return `{"data":{"submitSelfAssessment":{"id":"${toGlobalId('Scorecard', card.id)}","status":"SUBMITTED","version":${s.version}}}}\n`;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  const routes: Record<string, (v: NonNullable<Viewer>, b: Record<string, unknown>) => Promise<string>> = {
    '/ranking': ranking,
    '/scorecard': scorecard,
    '/submit': submit,
  };

  const server = http.createServer((req, res) => {
    const route = req.method === 'POST' ? routes[req.url ?? ''] : undefined;
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (!route) return send(404, '{"errors":[{"message":"not found"}]}');
    const viewer = bearer(req);
    if (!viewer) return send(401, '{"errors":[{"message":"unauthenticated","extensions":{"code":"UNAUTHENTICATED"}}]}');
    readBody(req)
      .then((body) => route(viewer, body))
      .then(
        (body) => send(200, body),
        (err: unknown) => {
          const e = err instanceof HttpError ? err : new HttpError(500, 'INTERNAL_SERVER_ERROR', (err as Error).message);
          send(e.status, JSON.stringify({ errors: [{ message: e.message, extensions: { code: e.code } }] }));
        },
      );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await pool.end();
    },
  };
}

/** numeric text as decimal.js toFixed() prints it: no trailing zeros. */
function trimDecimal(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
