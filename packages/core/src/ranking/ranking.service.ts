import type { EntityManager } from '@mikro-orm/postgresql';
import { Decimal, dec } from '../common/decimal.js';
import { notFound } from '../common/errors.js';
import { applyCapRules, bandFor, type CapRule, type ConsequenceRule, type Preset } from '../criteria/preset.js';
import { AssessmentRound } from '../round/assessment-round.entity.js';
import { Publication } from '../scorecard/appraisal.entity.js';
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
  capped: { rule: CapRule; triggers: { indicator: string; value: string; condition: string }[] }[];
  flags: { rule: ConsequenceRule; flag: string; history: { year: number; band: Band | null }[] }[];
}

export interface Ranking {
  provisional: boolean;
  /** "Kết quả chính thức" or "Kết quả dự kiến (chưa được Hội đồng thông qua)". */
  label: string;
  publicationVersion: number | null;
  rows: RankingRow[];
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/**
 * Orders rows and gives ranks. Tie-breaks (documented in the README): higher index first; equal
 * indexes share a rank ("1, 2, 2, 4") and are listed by higher total points, then by Vietnamese
 * name order.
 */
export function rankRows<T extends { index: Decimal; total: Decimal; unitName: string }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.index.comparedTo(a.index) || b.total.comparedTo(a.total) || collator.compare(a.unitName, b.unitName));
  let rank = 0;
  return sorted.map((r, i) => {
    if (i === 0 || !r.index.equals(sorted[i - 1]!.index)) rank = i + 1;
    return { ...r, rank };
  });
}

/**
 * Rankings of a round's unit group, from stored results only: the published record (final) or,
 * during appraisal, each card's latest results (provisional). A fixed number of SQL statements,
 * whatever the number of units.
 */
export class RankingService {
  async ranking(em: EntityManager, preset: Preset, round: AssessmentRound, group: UnitGroup, provisional: boolean): Promise<Ranking> {
    let base: { unitId: string; unitName: string; total: Decimal; max: Decimal; index: Decimal; areas: { area: string; points: Decimal; max: Decimal }[]; criteria: Record<string, string> }[];
    let publicationVersion: number | null = null;
    if (!provisional) {
      const pub = await em.findOne(Publication, { round, group }, { orderBy: { version: 'desc' } });
      if (!pub) throw notFound('Kết quả của nhóm này chưa được công bố; xem kết quả dự kiến (provisional: true).');
      publicationVersion = pub.version;
      base = pub.results.map((r) => ({ unitId: r.unitId, unitName: r.unitName, total: dec(r.total), max: dec(r.max), index: dec(r.index), areas: r.areas.map((a) => ({ area: a.area, points: dec(a.points), max: dec(a.max) })), criteria: r.criteria ?? {} }));
    } else {
      // The latest stage of each card: its FINAL result once appraisal started, else its self-assessment.
      const rows = await em.getConnection().execute<{ unit_id: string; unit_name: string; total: string; max: string; index: string; scorecard_id: string; stage: string; criteria: { code: string; points: string }[] }[]>(
        `select distinct on (c.id) c.id as scorecard_id, u.id as unit_id, u.name as unit_name, r.total, r.max, r.index, r.stage, r.criteria
           from scorecard c join unit u on u.id = c.unit_id join scorecard_result r on r.scorecard_id = c.id
          where c.round_id = ? and c.group_id = ?
          order by c.id, case r.stage when 'FINAL' then 0 else 1 end`,
        [round.id, group.id],
      );
      const areas = rows.length
        ? await em.getConnection().execute<{ scorecard_id: string; stage: string; area: string; points: string; max: string }[]>(
            `select scorecard_id, stage, area, points, max from scorecard_area where scorecard_id in (?) order by area`,
            [rows.map((r) => r.scorecard_id)],
          )
        : [];
      base = rows.map((r) => ({
        unitId: r.unit_id,
        unitName: r.unit_name,
        total: dec(r.total),
        max: dec(r.max),
        index: dec(r.index),
        areas: areas.filter((a) => a.scorecard_id === r.scorecard_id && a.stage === r.stage).map((a) => ({ area: a.area, points: dec(a.points), max: dec(a.max) })),
        criteria: Object.fromEntries((r.criteria ?? []).map((c) => [c.code, c.points])),
      }));
    }
    const indicators = await indicatorsForUnits(em, base.map((b) => b.unitId), round.year);
    const withBands = base.map((b) => {
      const bandByIndex = bandFor(preset, b.index, group.code);
      const capped = applyCapRules(preset, bandByIndex, indicators.get(b.unitId) ?? {});
      // Every cap rule whose condition holds is named with the values that triggered it.
      return { ...b, bandByIndex, band: capped.band, capped: capped.applied };
    });
    const flags = await this.consequences(em, preset, round, withBands.map((r) => ({ unitId: r.unitId, band: r.band })));
    const ranked = rankRows(withBands).map((r) => ({ ...r, flags: flags.get(r.unitId) ?? [] }));
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
    const out = new Map<string, RankingRow['flags']>();
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
