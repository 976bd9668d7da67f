import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AssessmentRound,
  canonicalJson,
  bandFor,
  dec,
  rankRows,
  createPhases,
  CriterionSnapshot,
  importCriteriaSet,
  LegalDocument,
  Publication,
  Role,
  RoundGroup,
  scoreSnapshot,
  snapshotRound,
  Stage,
  toGlobalId,
  UnitKind,
  hashToken,
  newSecret,
  SESSION_PREFIX,
  type EntryInput,
} from '@par/core';
import type { Platform } from '@par/server';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { benchCriteriaYaml, BENCH_SET_CODE } from './criteria-set.js';

/** The years of the seeded rounds: one published (rankings), one open for self-assessment (writes). */
export const PUBLISHED_YEAR = 2025;
export const OPEN_YEAR = 2026;
export const GROUP_CODE = 'cap-xa';

export interface SeededUnit {
  unitId: string;
  /** A session of the unit's own account (`ses_…`). */
  token: string;
  /** The unit's scorecard in the open round. */
  scorecardId: string;
}

export interface SeededProvince {
  code: string;
  id: string;
  units: number;
  groupId: string;
  published: { id: string; globalId: string };
  open: { id: string; globalId: string };
  /** INTEGRATION account's API token, rate_limit_exempt. */
  integrationToken: string;
  unitsWithSessions: SeededUnit[];
}

/** Vietnamese place names for the generated communes (numbered, so every name is distinct). */
const PLACES = [
  'An Bình', 'Ấn Hòa', 'Bình Đông', 'Bình Tây', 'Cam Lâm', 'Cẩm Phú', 'Diên Khánh', 'Đà Nẵng Mới', 'Đắk Mar', 'Đông Hải',
  'Gia Lộc', 'Hòa Bình', 'Hương Sơn', 'Ia Chim', 'Khánh Vĩnh', 'Kim Sơn', 'Lạc Dương', 'Long Hải', 'Mỹ Đức', 'Nam Sơn',
  'Ngọc Hồi', 'Ninh Hòa', 'Ô Môn', 'Phan Rang', 'Phước Long', 'Quảng Phú', 'Sa Thầy', 'Sơn Trà', 'Tân An', 'Thạnh Mỹ',
  'Ủng Hòa', 'Vạn Ninh', 'Vĩnh Lương', 'Xuân Sơn', 'Yên Thế',
];

/**
 * The deterministic self-score of leaf `position` of unit number `n` in `year`, as SQL over
 * (n, position, year, kind): a unit-level quality (50–94 %) so the index spreads over every band,
 * and a per-criterion hash so the values differ from criterion to criterion.
 */
const VALUE_SQL = `case s.method->>'kind'
    when 'yesNo' then case when h.h < h.q then 'yes' else 'no' end
    else case when h.h < h.q - 25 then 'tot' when h.h < h.q then 'day-du' when h.h < h.q + 4 then 'chua-day-du' else 'khong' end
  end`;

type PublishedResult = Publication['results'][number];

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface SeedContext {
  platform: Platform;
  pool: pg.Pool;
  log: (line: string) => void;
}

/**
 * Seeds one province with set-based SQL (units, users, sessions, entries) and the platform's own
 * functions where they are the definition (criteria import, round snapshot, phases, scorecards,
 * scoring of the materialized results): a group of `units` communes, a published round and an
 * open round, both on the generated ≈ 200-criteria set.
 */
export async function seedProvince(ctx: SeedContext, index: number, units: number, sessions: number): Promise<SeededProvince> {
  const { pool, platform } = ctx;
  const code = `bench-${String(index).padStart(2, '0')}`;
  const name = `Tỉnh đo hiệu năng ${String(index).padStart(2, '0')}`;
  const q = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await pool.query<T>(text, values)).rows;

  const [prov] = await q<{ id: string }>(`insert into province (id, code, name) values (gen_random_uuid(), $1, $2) returning id`, [code, name]);
  const provinceId = prov!.id;
  const [grp] = await q<{ id: string }>(`insert into unit_group (id, province_id, code, name) values (gen_random_uuid(), $1, $2, 'UBND xã, phường, đặc khu') returning id`, [provinceId, GROUP_CODE]);
  const groupId = grp!.id;
  await q(
    `insert into unit (id, province_id, code, name, kind, group_id, valid_from)
     select gen_random_uuid(), $1, 'xa-' || lpad(n::text, 5, '0'),
            'UBND xã ' || ($3::text[])[1 + n % array_length($3::text[], 1)] || ' ' || lpad(n::text, 5, '0'), 'COMMUNE', $2, '2020-01-01'
       from generate_series(1, $4::int) n`,
    [provinceId, groupId, PLACES, units],
  );
  // One account per unit (no password: they sign in through the sessions below).
  await q(
    `insert into app_user (id, username, display_name, role, province_id, unit_id)
     select gen_random_uuid(), $2 || '.' || u.code, 'Cán bộ ' || u.name, 'UNIT', $1, u.id from unit u where u.province_id = $1`,
    [provinceId, code],
  );

  const em = platform.orm.em.fork() as unknown as EntityManager;
  const rounds = await em.transactional(async (tx) => {
    await importCriteriaSet(tx, provinceId, benchCriteriaYaml(), 'yaml');
    const out: AssessmentRound[] = [];
    for (const year of [PUBLISHED_YEAR, OPEN_YEAR]) {
      const round = tx.create(AssessmentRound, { province: provinceId, year, title: `Đánh giá Chỉ số CCHC năm ${year} (đo hiệu năng)`, referenceDate: `${year}-07-01`, presetId: 'national' });
      const rg = tx.create(RoundGroup, { round, province: provinceId, group: groupId, criteriaSet: `set:${BENCH_SET_CODE}` });
      await snapshotRound(tx, platform.presets, round, [rg]);
      await createPhases(tx, round, platform.presets.get('national')!);
      await tx.flush();
      await platform.services.scorecards.createForRound(tx, round);
      await platform.services.audit.append(tx, { provinceId, actorId: null, action: 'round.opened', entityType: 'AssessmentRound', entityId: round.id, payload: { year, seeded: 'bench' } });
      out.push(round);
    }
    return out;
  });
  const [published, open] = rounds as [AssessmentRound, AssessmentRound];

  // Self-assessment entries of every leaf for every card of both rounds, by the unit's account.
  for (const round of rounds)
    await q(
      `insert into scorecard_entry (id, province_id, scorecard_id, code, stage, value, variables, author_id, updated_at, version)
       select gen_random_uuid(), c.province_id, c.id, s.code, 'SELF', ${VALUE_SQL}, '{}'::jsonb, a.id, now(), 1
         from scorecard c
         join unit u on u.id = c.unit_id
         join app_user a on a.unit_id = u.id
         join criterion_snapshot s on s.round_id = c.round_id and s.group_id = c.group_id and s.method is not null
         cross join lateral (select (substring(u.code from 4)::int * 7919 + s.position * 104729 + $2::int * 31) % 100 as h,
                                    50 + (substring(u.code from 4)::int * 37 + $2::int) % 45 as q) h
        where c.round_id = $1`,
      [round.id, round.year],
    );

  // Materialized results, scored by the platform's own engine from the snapshot (as recompute does).
  const preset = platform.presets.get('national')!;
  const publishedResults: PublishedResult[] = [];
  for (const round of rounds) {
    const snapshot = await em.find(CriterionSnapshot, { round: round.id, group: groupId }, { orderBy: { position: 'asc' } });
    const cards = await q<{ id: string; unit_id: string; unit_name: string }>(
      `select c.id, u.id as unit_id, u.name as unit_name from scorecard c join unit u on u.id = c.unit_id where c.round_id = $1 order by u.code`,
      [round.id],
    );
    const entryRows = await q<{ scorecard_id: string; code: string; value: string }>(`select e.scorecard_id, e.code, e.value from scorecard_entry e join scorecard c on c.id = e.scorecard_id where c.round_id = $1`, [round.id]);
    const byCard = new Map<string, Record<string, EntryInput>>();
    for (const e of entryRows) {
      let m = byCard.get(e.scorecard_id);
      if (!m) byCard.set(e.scorecard_id, (m = {}));
      m[e.code] = { value: e.value, variables: {}, points: null, notApplicable: false, evidenceCount: 0 };
    }
    const stages = round === published ? [Stage.SELF, Stage.FINAL] : [Stage.SELF];
    for (const batch of batches(cards, 100)) {
      const results: unknown[] = [];
      const areas: unknown[] = [];
      for (const c of batch) {
        const s = scoreSnapshot(snapshot, preset, { unitKind: UnitKind.COMMUNE, entries: byCard.get(c.id) ?? {}, indicators: {} });
        const parts = [...s.areas, ...(s.impact ? [s.impact] : []), ...(s.bonus ? [s.bonus] : [])];
        const criteria = parts.flatMap((a) =>
          a.criteria.map((x) => ({ code: x.code, points: x.points.toFixed(), max: x.max.toFixed(), excluded: x.excluded, entered: x.entered, missingEvidence: x.missingEvidence, reason: x.reason })),
        );
        for (const stage of stages) {
          results.push({ scorecard_id: c.id, stage, total: s.total.toFixed(), max: s.max.toFixed(), index: s.index.toFixed(2), criteria });
          for (const a of parts) areas.push({ scorecard_id: c.id, stage, area: a.area, points: a.points.toFixed(), max: a.max.toFixed(), source_id: a.pluginId, source_version: a.pluginVersion });
        }
        if (round === published)
          publishedResults.push({
            unitId: c.unit_id,
            unitName: c.unit_name,
            total: s.total.toFixed(),
            max: s.max.toFixed(),
            index: s.index.toFixed(2),
            band: bandFor(preset, s.index, GROUP_CODE),
            areas: s.areas.map((a) => ({ area: a.area, points: a.points.toFixed(), max: a.max.toFixed() })),
            criteria: Object.fromEntries(criteria.map((x) => [x.code, x.points])),
          });
      }
      await q(
        `insert into scorecard_result (id, province_id, scorecard_id, stage, total, max, index, criteria, computed_at)
         select gen_random_uuid(), $1, x.scorecard_id, x.stage, x.total, x.max, x.index, x.criteria, now()
           from jsonb_to_recordset($2::jsonb) as x(scorecard_id uuid, stage text, total numeric, max numeric, index numeric, criteria jsonb)`,
        [provinceId, JSON.stringify(results)],
      );
      await q(
        `insert into scorecard_area (id, province_id, scorecard_id, stage, area, points, max, source_id, source_version)
         select gen_random_uuid(), $1, x.scorecard_id, x.stage, x.area, x.points, x.max, x.source_id, x.source_version
           from jsonb_to_recordset($2::jsonb) as x(scorecard_id uuid, stage text, area text, points numeric, max numeric, source_id text, source_version text)`,
        [provinceId, JSON.stringify(areas)],
      );
    }
  }

  // The published record of the first round, as AppraisalService.publish writes it.
  // Ranked and with the rules that applied (none: the national preset has no cap or consequence rules).
  const ranked = rankRows(publishedResults.map((r) => ({ ...r, index: dec(r.index), total: dec(r.total) }))).map(
    (r): PublishedResult => ({ ...r, total: r.total.toFixed(), index: r.index.toFixed(2), bandByIndex: r.band, capped: [], flags: [] }),
  );
  publishedResults.splice(0, publishedResults.length, ...ranked);
  await em.transactional(async (tx) => {
    const doc = tx.create(LegalDocument, { province: provinceId, number: `${index}/QĐ-UBND`, issuedOn: `${PUBLISHED_YEAR + 1}-02-10`, issuer: `UBND ${name}`, title: `Quyết định công bố Chỉ số CCHC năm ${PUBLISHED_YEAR} (đo hiệu năng)` });
    tx.create(Publication, {
      province: provinceId,
      round: published.id,
      group: groupId,
      version: 1,
      legalDocument: doc,
      publishedAt: new Date(`${PUBLISHED_YEAR + 1}-02-10T03:00:00Z`),
      publishedBy: '00000000-0000-4000-8000-000000000000',
      results: publishedResults,
      digest: createHash('sha256').update(canonicalJson(publishedResults)).digest('hex'),
    });
    await tx.flush();
  });
  await q(`update scorecard set status = 'PUBLISHED' where round_id = $1`, [published.id]);

  // The benchmark's integration account and its API token, exempt from rate limiting only.
  const integration = await em.fork().transactional(async (tx) => {
    const { user } = await platform.services.auth.createUser(tx, { provinceCode: code, username: `${code}.tichhop`, displayName: 'Hệ thống đo hiệu năng', role: Role.INTEGRATION });
    return platform.services.auth.createApiToken(tx, user, 'Đo hiệu năng (pnpm bench)');
  });
  await q(`update api_token set rate_limit_exempt = true where id = $1`, [integration.apiToken.id]);

  // Sessions of the first `sessions` units' accounts (as a sign-in would create them).
  const unitRows = await q<{ unit_id: string; user_id: string; scorecard_id: string }>(
    `select u.id as unit_id, a.id as user_id, c.id as scorecard_id
       from unit u join app_user a on a.unit_id = u.id join scorecard c on c.unit_id = u.id and c.round_id = $2
      where u.province_id = $1 order by u.code limit $3`,
    [provinceId, open.id, sessions],
  );
  const tokens = unitRows.map(() => newSecret(SESSION_PREFIX));
  await q(
    `insert into user_session (id, user_id, province_id, token_hash, expires_at)
     select gen_random_uuid(), x.user_id, $1, x.token_hash, now() + interval '1 day'
       from unnest($2::uuid[], $3::text[]) as x(user_id, token_hash)`,
    [provinceId, unitRows.map((r) => r.user_id), tokens.map(hashToken)],
  );
  return {
    code,
    id: provinceId,
    units,
    groupId,
    published: { id: published.id, globalId: toGlobalId('AssessmentRound', published.id) },
    open: { id: open.id, globalId: toGlobalId('AssessmentRound', open.id) },
    integrationToken: integration.token,
    unitsWithSessions: unitRows.map((r, i) => ({ unitId: r.unit_id, token: tokens[i]!, scorecardId: r.scorecard_id })),
  };
}

