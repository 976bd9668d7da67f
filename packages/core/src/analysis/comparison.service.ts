import type { EntityManager } from '@mikro-orm/postgresql';
import { Decimal, dec, roundHalfUp, sum } from '../common/decimal.js';
import { applyCapRules, AREA_ORDER, bandFor, type PresetRegistry, type Preset } from '../criteria/preset.js';
import { indicatorsForUnits } from '../indicator/indicator.service.js';
import { Band } from '../ranking/band.js';
import type { Ranking, RankingService } from '../ranking/ranking.service.js';
import type { AssessmentRound } from '../round/assessment-round.entity.js';
import type { UnitGroup } from '../unit/unit-group.entity.js';
import { unitAncestry, unitsStandingFor } from '../unit/history.js';

/**
 * Comparisons, read from stored results only (published records, or stored scorecard results
 * when asked for provisional values), with a fixed number of SQL statements per year or per
 * request whatever the number of units: a unit year over year through lineage, the units of a
 * group side by side with the group's area averages, and the provinces side by side.
 */

export interface HistoryRow {
  year: number;
  roundId: string;
  roundTitle: string;
  /** The unit whose result this is: the unit itself, or a unit that stood for it that year (lineage). */
  unitId: string;
  unitName: string;
  via: 'SELF' | 'LINEAGE';
  provisional: boolean;
  publicationVersion: number | null;
  groupCode: string;
  groupName: string;
  total: Decimal;
  max: Decimal;
  index: Decimal;
  band: Band;
  rank: number;
  groupSize: number;
  areas: { area: string; points: Decimal; max: Decimal }[];
}

export interface AreaAverage {
  area: string;
  averagePoints: Decimal;
  averageMax: Decimal;
  /** Σ points ÷ Σ maxima × 100, half-up to 2 decimals. */
  percent: Decimal;
  minPercent: Decimal;
  maxPercent: Decimal;
}

export interface GroupComparison {
  ranking: Ranking;
  /** The rows asked for (every row when none was named), in rank order. */
  rows: Ranking['rows'];
  units: number;
  averageIndex: Decimal;
  averages: AreaAverage[];
  bands: { band: Band; count: number }[];
}

export interface NationalProvince {
  provinceId: string;
  provinceCode: string;
  provinceName: string;
  units: number;
  averageIndex: Decimal;
  rank: number;
  bands: { band: Band; count: number }[];
  /** Over the shared areas only: Σ points ÷ Σ maxima × 100. */
  areas: { area: string; percent: Decimal }[];
}

export interface NationalComparison {
  year: number;
  group: string | null;
  sharedAreas: string[];
  provinces: NationalProvince[];
}

const PART_ORDER = [...AREA_ORDER, 'IMPACT', 'BONUS'] as string[];
const byPartOrder = (a: string, b: string) => (PART_ORDER.indexOf(a) + 1 || 99) - (PART_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b);
const BANDS: Band[] = [Band.EXCELLENT, Band.GOOD, Band.FAIR, Band.AVERAGE, Band.WEAK];
const pct = (p: Decimal, m: Decimal) => (m.isZero() ? dec(0) : roundHalfUp(p.div(m).times(100), 2));

type Areas = { area: string; points: string; max: string }[];

export class ComparisonService {
  constructor(
    private readonly presets: PresetRegistry,
    private readonly ranking: RankingService,
  ) {}

  /**
   * A unit year over year: for every round of the provinces its lineage went through, the result
   * of the unit itself, or (before it existed: a rename, merger, split or transfer) of the units
   * that stood for it on the round's reference date — the history rule. Published results; with
   * `includeProvisional`, stored results of groups not yet published too.
   */
  async unitHistory(em: EntityManager, unitId: string, includeProvisional: boolean): Promise<HistoryRow[]> {
    const conn = em.getConnection();
    const ancestry = await unitAncestry(em, unitId);
    const rounds = await conn.execute<{ id: string; year: number; title: string; reference_date: string; preset_id: string }[]>(
      `with recursive pr(id) as (select distinct province_id from unit where id in (?)
                                 union select x.id from province x join pr on x.successor_id = pr.id)
       select r.id, r.year, r.title, r.reference_date::text as reference_date, r.preset_id from assessment_round r where r.province_id in (select id from pr) order by r.year, r.reference_date`,
      [ancestry],
    );
    if (!rounds.length) return [];
    // Who stood for the unit on each reference date (one statement per distinct date: a handful of years).
    const standing = new Map<string, string[]>();
    for (const date of [...new Set(rounds.map((r) => r.reference_date))]) standing.set(date, (await unitsStandingFor(em, [unitId], date)).get(unitId) ?? []);
    const candidates = [...new Set([...standing.values()].flat())];
    if (!candidates.length) return [];
    const roundIds = rounds.map((r) => r.id);
    const published = await conn.execute<{ round_id: string; version: number; unit_id: string; unit_name: string; total: string; max: string; index: string; band: Band; areas: Areas; rank: string; size: string; code: string; name: string }[]>(
      `with latest as (select distinct on (round_id, group_id) id, round_id, group_id, version from publication where round_id in (?) order by round_id, group_id, version desc),
            rows as (select l.round_id, l.group_id, l.version, x.e->>'unitId' as unit_id, x.e->>'unitName' as unit_name, x.e->>'total' as total, x.e->>'max' as max,
                            x.e->>'index' as index, x.e->>'band' as band, x.e->'areas' as areas,
                            rank() over (partition by l.id order by (x.e->>'index')::numeric desc) as rank, count(*) over (partition by l.id) as size
                       from latest l join publication p on p.id = l.id cross join lateral jsonb_array_elements(p.results) as x(e))
       select r.*, g.code, g.name from rows r join unit_group g on g.id = r.group_id where r.unit_id in (?)`,
      [roundIds, candidates],
    );
    const byRound = new Map(rounds.map((r) => [r.id, r]));
    const out: HistoryRow[] = [];
    for (const p of published) {
      const round = byRound.get(p.round_id)!;
      if (!standing.get(round.reference_date)?.includes(p.unit_id)) continue;
      out.push({
        year: round.year,
        roundId: round.id,
        roundTitle: round.title,
        unitId: p.unit_id,
        unitName: p.unit_name,
        via: p.unit_id === unitId ? 'SELF' : 'LINEAGE',
        provisional: false,
        publicationVersion: p.version,
        groupCode: p.code,
        groupName: p.name,
        total: dec(p.total),
        max: dec(p.max),
        index: dec(p.index),
        band: p.band,
        rank: Number(p.rank),
        groupSize: Number(p.size),
        areas: (p.areas ?? []).map((a) => ({ area: a.area, points: dec(a.points), max: dec(a.max) })).sort((a, b) => byPartOrder(a.area, b.area)),
      });
    }
    if (includeProvisional) {
      const stored = await conn.execute<{ round_id: string; scorecard_id: string; stage: string; unit_id: string; unit_name: string; total: string; max: string; index: string; rank: string; size: string; code: string; name: string; areas: Areas | null }[]>(
        `with latest as (select distinct on (c.id) c.id as scorecard_id, c.round_id, c.group_id, c.unit_id, u.name as unit_name, r.stage, r.total, r.max, r.index
                           from scorecard c join unit u on u.id = c.unit_id join scorecard_result r on r.scorecard_id = c.id
                          where c.round_id in (?) and not exists (select 1 from publication p where p.round_id = c.round_id and p.group_id = c.group_id)
                          order by c.id, case r.stage when 'FINAL' then 0 else 1 end),
              ranked as (select l.*, rank() over (partition by round_id, group_id order by index desc) as rank, count(*) over (partition by round_id, group_id) as size from latest l)
         select k.round_id, k.scorecard_id, k.stage, k.unit_id, k.unit_name, k.total::text, k.max::text, k.index::text, k.rank, k.size, g.code, g.name,
                (select json_agg(json_build_object('area', a.area, 'points', a.points::text, 'max', a.max::text)) from scorecard_area a where a.scorecard_id = k.scorecard_id and a.stage = k.stage) as areas
           from ranked k join unit_group g on g.id = k.group_id where k.unit_id in (?)`,
        [roundIds, candidates],
      );
      const years = [...new Set(stored.map((s) => byRound.get(s.round_id)!.year))];
      const indicators = new Map<number, Awaited<ReturnType<typeof indicatorsForUnits>>>();
      for (const y of years) indicators.set(y, await indicatorsForUnits(em, candidates, y));
      for (const s of stored) {
        const round = byRound.get(s.round_id)!;
        if (!standing.get(round.reference_date)?.includes(s.unit_id)) continue;
        const preset: Preset | undefined = this.presets.get(round.preset_id);
        const index = dec(s.index);
        const band = preset ? applyCapRules(preset, bandFor(preset, index, s.code), indicators.get(round.year)?.get(s.unit_id) ?? {}).band : Band.WEAK;
        out.push({
          year: round.year,
          roundId: round.id,
          roundTitle: round.title,
          unitId: s.unit_id,
          unitName: s.unit_name,
          via: s.unit_id === unitId ? 'SELF' : 'LINEAGE',
          provisional: true,
          publicationVersion: null,
          groupCode: s.code,
          groupName: s.name,
          total: dec(s.total),
          max: dec(s.max),
          index,
          band,
          rank: Number(s.rank),
          groupSize: Number(s.size),
          areas: (s.areas ?? []).map((a) => ({ area: a.area, points: dec(a.points), max: dec(a.max) })).sort((a, b) => byPartOrder(a.area, b.area)),
        });
      }
    }
    return out.sort((a, b) => a.year - b.year || Number(a.via === 'LINEAGE') - Number(b.via === 'LINEAGE') || a.unitName.localeCompare(b.unitName, 'vi'));
  }

  /** Units of a group side by side (all, or the ones named), with the group's averages per area and its band counts. */
  async groupComparison(em: EntityManager, preset: Preset, round: AssessmentRound, group: UnitGroup, unitIds: readonly string[], provisional: boolean): Promise<GroupComparison> {
    const ranking = await this.ranking.ranking(em, preset, round, group, provisional, { criteria: false, areas: true });
    const all = ranking.rows;
    const wanted = new Set(unitIds);
    const rows = unitIds.length ? all.filter((r) => wanted.has(r.unitId)) : all;
    const areas = new Map<string, { points: Decimal[]; max: Decimal[]; pct: Decimal[] }>();
    for (const r of all)
      for (const a of r.areas) {
        const x = areas.get(a.area) ?? { points: [], max: [], pct: [] };
        x.points.push(a.points);
        x.max.push(a.max);
        x.pct.push(pct(a.points, a.max));
        areas.set(a.area, x);
      }
    const averages = [...areas.entries()]
      .sort(([a], [b]) => byPartOrder(a, b))
      .map(([area, x]) => ({
        area,
        averagePoints: roundHalfUp(sum(x.points).div(x.points.length), 2),
        averageMax: roundHalfUp(sum(x.max).div(x.max.length), 2),
        percent: pct(sum(x.points), sum(x.max)),
        minPercent: Decimal.min(...x.pct),
        maxPercent: Decimal.max(...x.pct),
      }));
    return {
      ranking,
      rows,
      units: all.length,
      averageIndex: all.length ? roundHalfUp(sum(all.map((r) => r.index)).div(all.length), 2) : dec(0),
      averages,
      bands: BANDS.map((band) => ({ band, count: all.filter((r) => r.band === band).length })),
    };
  }

  /**
   * The provinces side by side for a year (the national reader's view): from each province's latest
   * published records (of one group code, or all groups), the number of units, average index,
   * band counts and, over the areas every province has, Σ points ÷ Σ maxima per area. Two statements.
   */
  async national(em: EntityManager, year: number, groupCode: string | null): Promise<NationalComparison> {
    const conn = em.getConnection();
    const latest = `with latest as (select distinct on (p.round_id, p.group_id) p.id, r.province_id
                                      from publication p join assessment_round r on r.id = p.round_id join unit_group g on g.id = p.group_id
                                     where r.year = ? ${groupCode ? 'and g.code = ?' : ''}
                                     order by p.round_id, p.group_id, p.version desc),
                         units as (select l.province_id, x.e from latest l join publication p on p.id = l.id cross join lateral jsonb_array_elements(p.results) as x(e))`;
    const params = groupCode ? [year, groupCode] : [year];
    const perBand = await conn.execute<{ province_id: string; code: string; name: string; band: Band; n: string; index_sum: string }[]>(
      `${latest}
       select u.province_id, pv.code, pv.name, u.e->>'band' as band, count(*) as n, sum((u.e->>'index')::numeric)::text as index_sum
         from units u join province pv on pv.id = u.province_id group by u.province_id, pv.code, pv.name, u.e->>'band'`,
      params,
    );
    const perArea = await conn.execute<{ province_id: string; area: string; points: string; max: string }[]>(
      `${latest}
       select u.province_id, a->>'area' as area, sum((a->>'points')::numeric)::text as points, sum((a->>'max')::numeric)::text as max
         from units u cross join lateral jsonb_array_elements(u.e->'areas') as a group by u.province_id, a->>'area'`,
      params,
    );
    const provinces = new Map<string, NationalProvince & { indexSum: Decimal }>();
    for (const r of perBand) {
      const p = provinces.get(r.province_id) ?? { provinceId: r.province_id, provinceCode: r.code, provinceName: r.name, units: 0, averageIndex: dec(0), rank: 0, bands: BANDS.map((band) => ({ band, count: 0 })), areas: [], indexSum: dec(0) };
      p.units += Number(r.n);
      p.indexSum = p.indexSum.plus(r.index_sum);
      const b = p.bands.find((x) => x.band === r.band);
      if (b) b.count += Number(r.n);
      provinces.set(r.province_id, p);
    }
    const areasOf = new Map<string, Map<string, { points: Decimal; max: Decimal }>>();
    for (const r of perArea) {
      const m = areasOf.get(r.province_id) ?? new Map();
      m.set(r.area, { points: dec(r.points), max: dec(r.max) });
      areasOf.set(r.province_id, m);
    }
    const list = [...provinces.values()];
    const shared = PART_ORDER.concat([...new Set(perArea.map((r) => r.area))].filter((a) => !PART_ORDER.includes(a))).filter(
      (a) => list.length > 0 && list.every((p) => areasOf.get(p.provinceId)?.has(a)),
    );
    for (const p of list) {
      p.averageIndex = p.units ? roundHalfUp(p.indexSum.div(p.units), 2) : dec(0);
      p.areas = shared.map((area) => {
        const x = areasOf.get(p.provinceId)!.get(area)!;
        return { area, percent: pct(x.points, x.max) };
      });
    }
    list.sort((a, b) => b.averageIndex.comparedTo(a.averageIndex) || a.provinceName.localeCompare(b.provinceName, 'vi'));
    let rank = 0;
    list.forEach((p, i) => {
      if (i === 0 || !p.averageIndex.equals(list[i - 1]!.averageIndex)) rank = i + 1;
      p.rank = rank;
    });
    return { year, group: groupCode, sharedAreas: shared, provinces: list.map(({ indexSum: _, ...p }) => p) };
  }
}
