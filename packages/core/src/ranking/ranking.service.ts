import type { EntityManager } from '@mikro-orm/postgresql';
import { Decimal, dec } from '../common/decimal.js';
import { notFound } from '../common/errors.js';
import type { IndicatorInput } from '../criteria/contract.js';
import { applyCapRules, bandFor, type CapRule, type ConsequenceRule, type Preset } from '../criteria/preset.js';
import { AssessmentRound } from '../round/assessment-round.entity.js';
import type { Publication } from '../scorecard/appraisal.entity.js';
import { indicatorsForUnits } from '../indicator/indicator.service.js';
import { historicalBand, unitsStandingFor } from '../unit/history.js';
import type { UnitGroup } from '../unit/unit-group.entity.js';
import { Band, BAND_LABELS } from './band.js';

export interface RankingRow {
  unitId: string;
  unitName: string;
  total: Decimal;
  max: Decimal;
  index: Decimal;
  /** The band from the thresholds, before cap rules. */
  bandByIndex: Band;
  /** The band after cap rules. */
  band: Band;
  rank: number;
  areas: { area: string; points: Decimal; max: Decimal }[];
  /** Points per criterion (code → points), as stored. */
  criteria: Record<string, string>;
  /** Cap rules that applied (a published record keeps only their id, title and basis). */
  capped: { rule: Pick<CapRule, 'id' | 'title' | 'basis'>; triggers: { indicator: string; value: string; condition: string }[] }[];
  flags: { rule: Pick<ConsequenceRule, 'id' | 'title' | 'basis'>; flag: string; history: { year: number; band: Band | null }[] }[];
}

export interface Ranking {
  provisional: boolean;
  /** "Kết quả chính thức" or "Kết quả dự kiến (chưa được Hội đồng thông qua)". */
  label: string;
  publicationVersion: number | null;
  rows: RankingRow[];
}

type PublishedResult = Publication['results'][number];

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/**
 * Orders rows and gives ranks. Tie-breaks (documented in the README): higher index first; equal
 * indexes share a rank ("1, 2, 2, 4") and are listed by higher total points, then by Vietnamese
 * name order.
 */
export function rankRows<T extends { index: Decimal; total: Decimal; unitName: string }>(rows: T[]): (T & { rank: number })[] {
  return assignRanks(rows.map((r) => ({ ...r, rank: 0 })));
}

const byRank = (a: { index: Decimal; total: Decimal; unitName: string }, b: { index: Decimal; total: Decimal; unitName: string }) =>
  b.index.comparedTo(a.index) || b.total.comparedTo(a.total) || collator.compare(a.unitName, b.unitName);

/** rankRows on rows that already carry `rank`: sorted into a new array, ranks set in place (no copies of a province's rows). */
function assignRanks<T extends { index: Decimal; total: Decimal; unitName: string; rank: number }>(rows: T[]): T[] {
  const sorted = [...rows].sort(byRank);
  let rank = 0;
  sorted.forEach((r, i) => {
    if (i === 0 || !r.index.equals(sorted[i - 1]!.index)) rank = i + 1;
    r.rank = rank;
  });
  return sorted;
}

/**
 * Rankings of a round's unit group, from stored results only: the published record (final) or,
 * during appraisal, each card's latest results (provisional). A fixed number of SQL statements,
 * whatever the number of units.
 */
export class RankingService {
  /** Published rankings without points per criterion, by record id (immutable records; bounded). */
  private readonly publishedCache = new Map<string, Ranking>();

  /**
   * `options.criteria` / `options.areas: false` leave out the points per criterion / per area
   * (empty lists): a published record carries ≈ 200 criteria and 7 areas per unit, several MB for
   * a province, and a ranking that does not show them should not read them (the API passes false
   * unless the operation selects them). Exports and the CLI take everything (the default).
   */
  async ranking(
    em: EntityManager,
    preset: Preset,
    round: AssessmentRound,
    group: UnitGroup,
    provisional: boolean,
    options: { criteria?: boolean; areas?: boolean } = {},
  ): Promise<Ranking> {
    const withCriteria = options.criteria ?? true;
    const withAreas = options.areas ?? true;
    let base: { unitId: string; unitName: string; total: Decimal; max: Decimal; index: Decimal; areas: { area: string; points: Decimal; max: Decimal }[]; criteria: Record<string, string> }[];
    let publicationVersion: number | null = null;
    if (!provisional) {
      const [latest] = await em.getConnection().execute<{ id: string; version: number }[]>(
        `select id, version from publication where round_id = ? and group_id = ? order by version desc limit 1`,
        [round.id, group.id],
        'all',
        em.getTransactionContext(),
      );
      if (!latest) throw notFound('Kết quả của nhóm này chưa được công bố; xem kết quả dự kiến (provisional: true).');
      // A record is immutable: its ranking (without the points per criterion) is built once per
      // process and served from memory after (rows are shared: callers must not modify them).
      const cacheKey = `${latest.id}|${withAreas ? 1 : 0}`;
      const cached = withCriteria ? undefined : this.publishedCache.get(cacheKey);
      if (cached) return cached;
      // The record, one row per unit in its stored order, read as plain rows (no entity to track),
      // taking from its JSON only the parts asked for.
      const rows = await em.getConnection().execute<
        {
          version: number;
          unit_id: string | null;
          unit_name: string;
          total: string;
          max: string;
          index: string;
          areas: PublishedResult['areas'] | null;
          criteria: PublishedResult['criteria'] | null;
          band: Band;
          band_by_index: Band | null;
          rank: number | null;
          capped: PublishedResult['capped'] | null;
          flags: PublishedResult['flags'] | null;
        }[]
      >(
        `select p.version, x.e->>'unitId' as unit_id, x.e->>'unitName' as unit_name, x.e->>'total' as total, x.e->>'max' as max, x.e->>'index' as index,
                ${withAreas ? `x.e->'areas'` : 'null'} as areas, ${withCriteria ? `x.e->'criteria'` : 'null'} as criteria,
                x.e->>'band' as band, x.e->>'bandByIndex' as band_by_index, (x.e->>'rank')::int as rank, x.e->'capped' as capped, x.e->'flags' as flags
           from (select version, results from publication where id = ?) p
           left join lateral jsonb_array_elements(p.results) with ordinality as x(e, n) on true
          order by x.n`,
        [latest.id],
        'all',
        em.getTransactionContext(),
      );
      publicationVersion = latest.version;
      const units = rows.filter((r) => r.unit_id !== null);
      // A record that carries its bands, ranks and rules (published since 0.10) is served exactly as
      // published: no indicator or history read can change an official result.
      if (units.length && units.every((r) => r.rank !== null && r.band_by_index !== null && r.capped && r.flags)) {
        const stored: Ranking = {
          provisional,
          label: 'Kết quả chính thức (đã công bố)',
          publicationVersion,
          rows: units.map((r) => ({
            unitId: r.unit_id!,
            unitName: r.unit_name,
            total: dec(r.total),
            max: dec(r.max),
            index: dec(r.index),
            bandByIndex: r.band_by_index!,
            band: r.band,
            rank: r.rank!,
            areas: (r.areas ?? []).map((a) => ({ area: a.area, points: dec(a.points), max: dec(a.max) })),
            criteria: r.criteria ?? {},
            capped: r.capped!,
            flags: r.flags!.map((f) => ({ ...f, history: f.history.map((h) => ({ year: h.year, band: h.band as Band | null })) })),
          })),
        };
        if (!withCriteria) {
          if (this.publishedCache.size >= 64) this.publishedCache.delete(this.publishedCache.keys().next().value!);
          this.publishedCache.set(cacheKey, stored);
        }
        return stored;
      }
      base = rows
        .filter((r) => r.unit_id !== null)
        .map((r) => ({
          unitId: r.unit_id!,
          unitName: r.unit_name,
          total: dec(r.total),
          max: dec(r.max),
          index: dec(r.index),
          areas: (r.areas ?? []).map((a) => ({ area: a.area, points: dec(a.points), max: dec(a.max) })),
          criteria: r.criteria ?? {},
        }));
    } else {
      // The latest stage of each card: its FINAL result once appraisal started, else its self-assessment.
      const rows = await em.getConnection().execute<{ unit_id: string; unit_name: string; total: string; max: string; index: string; scorecard_id: string; stage: string; criteria: { code: string; points: string }[] }[]>(
        `select distinct on (c.id) c.id as scorecard_id, u.id as unit_id, u.name as unit_name, r.total, r.max, r.index, r.stage, ${withCriteria ? 'r.criteria' : `'[]'::jsonb as criteria`}
           from scorecard c join unit u on u.id = c.unit_id join scorecard_result r on r.scorecard_id = c.id
          where c.round_id = ? and c.group_id = ?
          order by c.id, case r.stage when 'FINAL' then 0 else 1 end`,
        [round.id, group.id],
        'all',
        em.getTransactionContext(),
      );
      const areas = rows.length && withAreas
        ? await em.getConnection().execute<{ scorecard_id: string; stage: string; area: string; points: string; max: string }[]>(
            `select scorecard_id, stage, area, points, max from scorecard_area where scorecard_id in (?) order by area`,
            [rows.map((r) => r.scorecard_id)],
            'all',
            em.getTransactionContext(),
          )
        : [];
      const areasOf = new Map<string, typeof areas>();
      for (const a of areas) {
        const key = `${a.scorecard_id}|${a.stage}`;
        const list = areasOf.get(key);
        if (list) list.push(a);
        else areasOf.set(key, [a]);
      }
      base = rows.map((r) => ({
        unitId: r.unit_id,
        unitName: r.unit_name,
        total: dec(r.total),
        max: dec(r.max),
        index: dec(r.index),
        areas: (withAreas ? (areasOf.get(`${r.scorecard_id}|${r.stage}`) ?? []) : []).map((a) => ({ area: a.area, points: dec(a.points), max: dec(a.max) })),
        criteria: Object.fromEntries((r.criteria ?? []).map((c) => [c.code, c.points])),
      }));
    }
    // Indicators matter only to cap rules: a preset without any reads none.
    const indicators = preset.capRules.length ? await indicatorsForUnits(em, base.map((b) => b.unitId), round.year) : new Map<string, Record<string, IndicatorInput>>();
    // One object per row, filled in place (a province's rows are not copied at every step).
    const withBands: RankingRow[] = base.map((b) => {
      const bandByIndex = bandFor(preset, b.index, group.code);
      // Every cap rule whose condition holds is named with the values that triggered it.
      const capped = applyCapRules(preset, bandByIndex, indicators.get(b.unitId) ?? {});
      return { unitId: b.unitId, unitName: b.unitName, total: b.total, max: b.max, index: b.index, bandByIndex, band: capped.band, rank: 0, areas: b.areas, criteria: b.criteria, capped: capped.applied, flags: [] };
    });
    const flags = await this.consequences(em, preset, round, withBands.map((r) => ({ unitId: r.unitId, band: r.band })));
    const ranked = assignRanks(withBands);
    for (const r of ranked) r.flags = flags.get(r.unitId) ?? [];
    return {
      provisional,
      label: provisional ? 'Kết quả dự kiến (chưa được Hội đồng thông qua, chưa công bố)' : 'Kết quả chính thức (đã công bố)',
      publicationVersion,
      rows: ranked,
    };
  }

  /**
   * Consequence rules ("Trung bình two years running or Yếu once ⇒ review the head"): a unit's
   * band in earlier years comes from those years' published results of the province (and the
   * provinces merged into it), following lineage with the history rule.
   */
  async consequences(em: EntityManager, preset: Preset, round: AssessmentRound, rows: { unitId: string; band: Band }[]) {
    const out = new Map<string, { rule: ConsequenceRule; flag: string; history: { year: number; band: Band | null }[] }[]>();
    if (!preset.consequenceRules.length || !rows.length) return out;
    const maxYears = Math.max(...preset.consequenceRules.flatMap((r) => r.anyOf.map((c) => c.years)));
    const history = new Map<number, Map<string, Band | null>>(); // year → unit → band
    for (let k = 1; k < maxYears; k++) {
      const year = round.year - k;
      const pubs = await em.getConnection().execute<{ results: { unitId: string; band: Band }[]; reference_date: string }[]>(
        `select distinct on (p.group_id) p.results, r.reference_date::text as reference_date
           from publication p join assessment_round r on r.id = p.round_id
          where r.year = ? and r.province_id in (with recursive pr(id) as (select ?::uuid union select x.id from province x join pr on x.successor_id = pr.id) select id from pr)
          order by p.group_id, p.version desc`,
        [year, round.province.id],
        'all',
        em.getTransactionContext(),
      );
      const bands = new Map<string, Band>();
      for (const p of pubs) for (const r of p.results) bands.set(r.unitId, r.band);
      const refDate = pubs[0]?.reference_date ?? `${year}-12-31`;
      const standing = await unitsStandingFor(em, rows.map((r) => r.unitId), refDate);
      history.set(year, new Map(rows.map((r) => [r.unitId, historicalBand(r.unitId, standing.get(r.unitId) ?? [], (u) => bands.get(u))])));
    }
    for (const r of rows) {
      for (const rule of preset.consequenceRules) {
        const hit = rule.anyOf.find((c) => {
          if (r.band !== c.band) return false;
          for (let k = 1; k < c.years; k++) if (history.get(round.year - k)?.get(r.unitId) !== c.band) return false;
          return true;
        });
        if (hit) {
          const list = out.get(r.unitId) ?? [];
          list.push({ rule, flag: rule.flag, history: Array.from({ length: hit.years }, (_, k) => ({ year: round.year - k, band: k === 0 ? r.band : (history.get(round.year - k)?.get(r.unitId) ?? null) })) });
          out.set(r.unitId, list);
        }
      }
    }
    return out;
  }
}

export const bandLabelOf = (b: Band) => BAND_LABELS[b];
