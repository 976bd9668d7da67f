import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../auth/role.js';
import { Decimal, dec, indexPercent, roundHalfUp, sum } from '../common/decimal.js';
import { badInput, notFound } from '../common/errors.js';
import type { AreaTree, CriterionDef, EntryInput, IndicatorInput } from '../criteria/contract.js';
import { CriterionSnapshot } from '../criteria/criteria.entity.js';
import { resolveCriteria, scoreTrees, treesFromSnapshot } from '../criteria/criteria.service.js';
import { AREA_ORDER, applyCapRules, bandFor, checkBands, type BandThreshold, type CapRule, type ConsequenceRule, type Preset, type PresetRegistry } from '../criteria/preset.js';
import { INDICATORS } from '../indicator/indicator-code.js';
import { indicatorsForUnits } from '../indicator/indicator.service.js';
import { Band, BAND_LABELS } from '../ranking/band.js';
import { rankRows, type RankingService } from '../ranking/ranking.service.js';
import type { AssessmentRound } from '../round/assessment-round.entity.js';
import type { PublishedResult } from '../scorecard/appraisal.entity.js';
import { entryProblem } from '../scorecard/scorecard.service.js';
import { Stage } from '../scorecard/scorecard.entity.js';
import type { UnitGroup } from '../unit/unit-group.entity.js';
import type { UnitKind } from '../unit/unit-kind.js';

/**
 * Re-scoring and what-if: a round group's results computed again under other rules, in memory,
 * next to the results people see (the published record, or the provisional ranking), WITHOUT
 * writing anything. The same engine as the real thing: entries are scored by `scoreTrees` (the
 * engine behind `scoreSnapshot`), bands by `bandFor`, caps by `applyCapRules`, consequences by
 * `RankingService.consequences`, ranks by `rankRows`.
 *
 * A fixed number of SQL statements whatever the number of units (baseline, cards, entries,
 * evidence counts, indicators, criteria, earlier years' publications for consequence rules).
 */

/** Where the new points come from. */
export enum ScenarioBasis {
  /** ENTRIES when the group's cards hold criterion entries, else RECORD. */
  AUTO = 'AUTO',
  /** Every criterion scored again from the stored entries (latest stage), evidence and current indicators. */
  ENTRIES = 'ENTRIES',
  /** The baseline's points per area (published or stored), re-weighted; no criterion is re-scored. */
  RECORD = 'RECORD',
}

export interface ScenarioRules {
  /** An installed preset: its bands, cap and consequence rules, and (when it is not the round's) its area weights. */
  presetId?: string | null;
  /** Replace the band thresholds (for this group). */
  bands?: BandThreshold[] | null;
  /** Area weights: the declared maximum of an area (or IMPACT / BONUS); points and maxima scale with it. */
  areaMax?: { area: string; max: Decimal }[] | null;
  /** Cap or consequence rules (by id) left out. */
  disabledRules?: string[] | null;
}

export interface CriterionChange {
  unitId: string;
  code: string;
  /** Take the unit's self-assessed value (what accepting its self-score would give). */
  accept?: boolean | null;
  value?: string | null;
  variables?: Record<string, string> | null;
  points?: string | null;
  notApplicable?: boolean | null;
}

/** "If this unit's indicator were V" (e.g. a late-dossier rate after a correction): scored and capped with V. */
export interface IndicatorChange {
  unitId: string;
  code: string;
  value: Decimal;
}

export interface ScenarioSpec {
  kind: 'RESCORE' | 'WHAT_IF';
  /** WHAT_IF only: indicator values in place of the recorded ones. */
  indicators?: IndicatorChange[] | null;
  /** RESCORE only; WHAT_IF scores the changed units from entries and keeps the others' recorded points. */
  basis?: ScenarioBasis;
  /** Criteria to score with: null = the round's frozen snapshot; a preset id (its installed plugins, e.g. a newer version) or `set:<code>[@<version>]`. */
  criteria?: string | null;
  rules?: ScenarioRules | null;
  changes?: CriterionChange[] | null;
}

export interface ScenarioProgress {
  phase: 'read' | 'score' | 'rank';
  done: number;
  total: number;
}

export interface ScenarioArea {
  area: string;
  oldPoints: Decimal | null;
  oldMax: Decimal | null;
  points: Decimal;
  max: Decimal;
}

export interface ScenarioCriterion {
  code: string;
  oldPoints: Decimal | null;
  points: Decimal;
  reason: string;
}

export interface ScenarioRow {
  unitId: string;
  unitName: string;
  /** ENTRIES (scored again from its entries) or RECORD (its recorded area points). */
  source: 'ENTRIES' | 'RECORD';
  old: { total: Decimal; max: Decimal; index: Decimal; band: Band; rank: number };
  total: Decimal;
  max: Decimal;
  index: Decimal;
  bandByIndex: Band;
  band: Band;
  rank: number;
  areas: ScenarioArea[];
  /** Criteria whose points differ from the baseline (units scored from entries only). */
  criteria: ScenarioCriterion[];
  capped: { rule: CapRule; triggers: { indicator: string; value: string; condition: string }[] }[];
  flags: { rule: ConsequenceRule; flag: string; history: { year: number; band: Band | null }[] }[];
}

export interface ScenarioOutcome {
  kind: 'RESCORE' | 'WHAT_IF';
  round: AssessmentRound;
  group: UnitGroup;
  baseline: { provisional: boolean; publicationVersion: number | null; label: string };
  basis: ScenarioBasis.ENTRIES | ScenarioBasis.RECORD | 'MIXED';
  presetId: string;
  criteria: string;
  /** What was changed, in Vietnamese. */
  description: string[];
  rows: ScenarioRow[];
  durationMs: number;
}

interface BaseRow {
  unitId: string;
  unitName: string;
  total: Decimal;
  max: Decimal;
  index: Decimal;
  band: Band;
  rank: number;
  areas: { area: string; points: Decimal; max: Decimal }[];
  criteria: Record<string, string>;
}

type Tree = { area: string; tree: AreaTree; sourceId: string; sourceVersion: string };

const PARTS = new Set<string>([...AREA_ORDER, 'IMPACT', 'BONUS']);
const STAGE_RANK: Record<Stage, number> = { [Stage.APPRAISAL_2]: 3, [Stage.APPRAISAL_1]: 2, [Stage.SELF]: 1, [Stage.FINAL]: 0 };
const MAX_CHANGES = 500;
const vi = (d: Decimal) => d.toFixed().replace('.', ',');

function leavesOf(trees: readonly Tree[]): Map<string, CriterionDef> {
  const out = new Map<string, CriterionDef>();
  const walk = (n: CriterionDef) => (n.children?.length ? n.children.forEach(walk) : out.set(n.code, n));
  for (const t of trees) walk(t.tree);
  return out;
}

export class ScenarioService {
  constructor(
    private readonly presets: PresetRegistry,
    private readonly ranking: RankingService,
  ) {}

  /** The results people see now: the latest published record of the group, else the provisional ranking. */
  async baseline(em: EntityManager, preset: Preset, round: AssessmentRound, group: UnitGroup, withCriteria: boolean) {
    const [pub] = await em.getConnection().execute<{ version: number; results: PublishedResult[] }[]>(
      `select version, results from publication where round_id = ? and group_id = ? order by version desc limit 1`,
      [round.id, group.id],
    );
    if (pub) {
      // As published: the record's own band (not recomputed), ranks by the published index.
      const ranked = rankRows(
        pub.results.map((r) => ({
          unitId: r.unitId,
          unitName: r.unitName,
          total: dec(r.total),
          max: dec(r.max),
          index: dec(r.index),
          band: r.band as Band,
          areas: r.areas.map((a) => ({ area: a.area, points: dec(a.points), max: dec(a.max) })),
          criteria: r.criteria ?? {},
        })),
      );
      // Records published since 0.10 carry their rank: keep it exactly (it equals the computed one).
      if (pub.results.every((r) => typeof r.rank === 'number')) {
        const stored = new Map(pub.results.map((r) => [r.unitId, r.rank!]));
        for (const r of ranked) r.rank = stored.get(r.unitId)!;
      }
      return { provisional: false, publicationVersion: pub.version, label: `Kết quả đã công bố (lần ${pub.version})`, rows: ranked as BaseRow[] };
    }
    const r = await this.ranking.ranking(em, preset, round, group, true, { criteria: withCriteria, areas: true });
    if (!r.rows.length) throw notFound(`Nhóm "${group.code}" của đợt chưa có kết quả nào để so sánh.`);
    return { provisional: true, publicationVersion: null, label: 'Kết quả dự kiến (chưa công bố)', rows: r.rows as BaseRow[] };
  }

  /** Validates the rules and builds the scenario's preset (bands, caps, consequences). */
  private scenarioPreset(round: AssessmentRound, rules: ScenarioRules | null | undefined): { preset: Preset; reweighted: boolean; description: string[] } {
    const roundPreset = this.presets.get(round.presetId);
    if (!roundPreset) throw notFound(`Preset "${round.presetId}" của đợt không còn được cài trên máy chủ.`);
    const description: string[] = [];
    let preset = roundPreset;
    if (rules?.presetId && rules.presetId !== round.presetId) {
      const other = this.presets.get(rules.presetId);
      if (!other) throw badInput(`Không có preset "${rules.presetId}" trên máy chủ (có: ${this.presets.all().map((p) => p.id).join(', ')}).`, { field: 'preset' });
      preset = other;
      description.push(`Theo preset ${other.id} (${other.title}): ngưỡng xếp loại, quy tắc khống chế, hệ quả và trọng số lĩnh vực của preset này.`);
    }
    const bands = rules?.bands?.length ? rules.bands : null;
    if (bands) {
      const problems = checkBands(bands, 'bands', 'Ngưỡng xếp loại');
      if (problems.length) throw badInput(problems.map((p) => p.message).join(' '), { field: 'bands' });
      description.push(`Ngưỡng xếp loại: ${bands.map((b) => `${BAND_LABELS[b.band]} ≥ ${b.minIndex}`).join(', ')}.`);
    }
    const disabled = new Set(rules?.disabledRules ?? []);
    const known = new Set([...preset.capRules, ...preset.consequenceRules].map((r) => r.id));
    const unknown = [...disabled].filter((id) => !known.has(id));
    if (unknown.length) throw badInput(`Quy tắc ${unknown.join(', ')} không có trong preset ${preset.id} (có: ${[...known].join(', ') || 'không có'}).`, { field: 'disabledRules' });
    if (disabled.size) description.push(`Bỏ quy tắc: ${[...disabled].join(', ')}.`);
    for (const a of rules?.areaMax ?? []) {
      if (!PARTS.has(a.area)) throw badInput(`Lĩnh vực "${a.area}" không hợp lệ (dùng ${[...PARTS].join(', ')}).`, { field: 'areaMax' });
      if (!a.max.isFinite() || a.max.lte(0) || a.max.gt(1000)) throw badInput(`Điểm tối đa của ${a.area} phải lớn hơn 0 và không quá 1000.`, { field: 'areaMax' });
    }
    if (new Set((rules?.areaMax ?? []).map((a) => a.area)).size !== (rules?.areaMax ?? []).length) throw badInput('Mỗi lĩnh vực chỉ được nêu một lần trong areaMax.', { field: 'areaMax' });
    const shaped: Preset = {
      ...preset,
      bands: bands ?? preset.bands,
      groupBands: bands ? {} : preset.groupBands,
      capRules: preset.capRules.filter((r) => !disabled.has(r.id)),
      consequenceRules: preset.consequenceRules.filter((r) => !disabled.has(r.id)),
    };
    return { preset: shaped, reweighted: preset !== roundPreset || !!rules?.areaMax?.length, description };
  }

  async evaluate(
    em: EntityManager,
    round: AssessmentRound,
    group: UnitGroup,
    spec: ScenarioSpec,
    onProgress?: (p: ScenarioProgress) => void,
  ): Promise<ScenarioOutcome> {
    const started = performance.now();
    const conn = em.getConnection();
    const { preset, description } = this.scenarioPreset(round, spec.rules);
    const roundPreset = this.presets.get(round.presetId)!;
    const changes = spec.changes ?? [];
    const indicatorChanges = spec.indicators ?? [];
    if (changes.length + indicatorChanges.length > MAX_CHANGES) throw badInput(`Tối đa ${MAX_CHANGES} thay đổi trong một giả định.`, { field: 'changes' });
    if (spec.kind === 'RESCORE' && indicatorChanges.length) throw badInput('Chấm lại dùng chỉ số đã ghi nhận; giả định giá trị chỉ số bằng whatIf.', { field: 'indicators' });
    const seen = new Set<string>();
    const indicatorDefs = indicatorChanges.map((c) => {
      const def = INDICATORS.find((d) => d.code === c.code);
      if (!def) throw badInput(`Chỉ số "${c.code}" không có (dùng ${INDICATORS.map((d) => d.code).join(', ')}).`, { field: 'indicators', indicator: c.code });
      if (!c.value.isFinite() || c.value.lt(def.min) || c.value.gt(def.max))
        throw badInput(`${def.title}: giá trị ${c.value.toFixed()} ngoài khoảng ${def.min}–${def.max}${def.unit}.`, { field: 'indicators', indicator: c.code });
      if (seen.has(`${c.unitId}|${c.code}`)) throw badInput(`Chỉ số ${c.code} của một đơn vị được nêu hai lần.`, { field: 'indicators', indicator: c.code });
      seen.add(`${c.unitId}|${c.code}`);
      return def;
    });
    const indicatorUnits = new Set(indicatorChanges.map((c) => c.unitId));
    if (spec.kind === 'WHAT_IF' && spec.criteria) throw badInput('Giả định dùng bộ tiêu chí của đợt; chấm lại theo bộ tiêu chí khác bằng rescoreRound.', { field: 'criteria' });
    onProgress?.({ phase: 'read', done: 0, total: 1 });

    // 1. The baseline, with points per criterion when units are scored again (to list what changed).
    const needsEntries = spec.kind === 'WHAT_IF' ? changes.length + indicatorChanges.length > 0 : spec.basis !== ScenarioBasis.RECORD;
    const base = await this.baseline(em, roundPreset, round, group, needsEntries);
    const baseById = new Map(base.rows.map((r) => [r.unitId, r]));
    for (const [field, list] of [['changes', changes], ['indicators', indicatorChanges]] as const)
      for (const c of list)
        if (!baseById.has(c.unitId)) throw badInput(`Đơn vị được giả định không thuộc nhóm "${group.code}" trong kết quả của đợt.`, { field, unitId: c.unitId });

    // 2. Criteria: the round's snapshot (frozen when it opened), or the trees another preset / set names.
    const snapshotRows = await em.find(CriterionSnapshot, { round: round.id, group: group.id }, { orderBy: { position: 'asc' }, disableIdentityMap: true });
    const snapshotTrees: Tree[] = treesFromSnapshot(snapshotRows);
    let trees = snapshotTrees;
    let criteriaLabel = 'bộ tiêu chí đã chụp khi mở đợt';
    if (spec.criteria) {
      trees = (await resolveCriteria(em, this.presets, round.province.id, spec.criteria)).trees;
      criteriaLabel = `${spec.criteria} (${[...new Set(trees.map((t) => `${t.sourceId}@${t.sourceVersion}`))].join(', ')})`;
      const before = new Map(snapshotTrees.map((t) => [t.area, `${t.sourceId}@${t.sourceVersion}`]));
      const changed = trees.filter((t) => before.get(t.area) !== `${t.sourceId}@${t.sourceVersion}`).map((t) => `${t.area}: ${before.get(t.area) ?? '—'} → ${t.sourceId}@${t.sourceVersion}`);
      description.push(`Bộ tiêu chí: ${spec.criteria}${changed.length ? ` (${changed.join('; ')})` : ' (cùng phiên bản với bản chụp)'}.`);
    }
    const declaredOf = new Map(trees.map((t) => [t.area, dec(t.tree.max)]));
    const recordDeclared = new Map(snapshotTrees.map((t) => [t.area, dec(t.tree.max)]));

    // Area weights: given maxima, else another preset's own maxima.
    const target = new Map<string, Decimal>();
    if (spec.rules?.presetId && spec.rules.presetId !== round.presetId) {
      for (const a of AREA_ORDER) target.set(a, dec(preset.areas[a].tree.max));
      if (preset.impact) target.set('IMPACT', dec(preset.impact.tree.max));
      if (preset.bonus) target.set('BONUS', dec(preset.bonus.tree.max));
    }
    for (const a of spec.rules?.areaMax ?? []) target.set(a.area, a.max);
    const weightNotes: string[] = [];
    for (const [area, max] of target) {
      const from = recordDeclared.get(area) ?? declaredOf.get(area);
      if (from && !from.equals(max) && (spec.rules?.areaMax ?? []).some((x) => x.area === area)) weightNotes.push(`${area} ${vi(from)} → ${vi(max)}`);
    }
    if (weightNotes.length) description.push(`Trọng số (điểm tối đa lĩnh vực): ${weightNotes.join(', ')}.`);

    // 3. Entries of the units scored again: their cards, entries (every stage but the materialized FINAL), evidence counts.
    const entryUnits = spec.kind === 'WHAT_IF' ? [...new Set([...changes.map((c) => c.unitId), ...indicatorUnits])] : null; // null = every unit of the group
    let basis: ScenarioOutcome['basis'] = ScenarioBasis.RECORD;
    const cards = new Map<string, { id: string; kind: UnitKind }>();
    const entriesOf = new Map<string, { code: string; stage: Stage; value: string | null; variables: Record<string, string> | null; points: string | null; not_applicable: boolean }[]>();
    const evidenceOf = new Map<string, number>();
    if (needsEntries) {
      const unitFilter = entryUnits ? `and s.unit_id in (?)` : '';
      const params = (extra: unknown[] = []) => [round.id, group.id, ...(entryUnits ? [entryUnits] : []), ...extra];
      const cardRows = await conn.execute<{ id: string; unit_id: string; kind: UnitKind }[]>(
        `select s.id, s.unit_id, u.kind from scorecard s join unit u on u.id = s.unit_id where s.round_id = ? and s.group_id = ? ${unitFilter}`,
        params(),
      );
      for (const c of cardRows) cards.set(c.unit_id, { id: c.id, kind: c.kind });
      const entryRows = await conn.execute<{ scorecard_id: string; code: string; stage: Stage; value: string | null; variables: Record<string, string> | null; points: string | null; not_applicable: boolean }[]>(
        `select e.scorecard_id, e.code, e.stage, e.value, e.variables, e.points, e.not_applicable
           from scorecard_entry e join scorecard s on s.id = e.scorecard_id
          where s.round_id = ? and s.group_id = ? ${unitFilter} and e.stage <> 'FINAL'`,
        params(),
      );
      for (const e of entryRows) {
        const list = entriesOf.get(e.scorecard_id);
        if (list) list.push(e);
        else entriesOf.set(e.scorecard_id, [e]);
      }
      const evidenceRows = await conn.execute<{ scorecard_id: string; code: string; n: string }[]>(
        `select l.scorecard_id, l.code, count(*) as n from evidence_link l join scorecard s on s.id = l.scorecard_id
          where s.round_id = ? and s.group_id = ? ${unitFilter} group by l.scorecard_id, l.code`,
        params(),
      );
      for (const e of evidenceRows) evidenceOf.set(`${e.scorecard_id}|${e.code}`, Number(e.n));
      if (spec.kind === 'RESCORE') basis = spec.basis === ScenarioBasis.ENTRIES || entryRows.length ? ScenarioBasis.ENTRIES : ScenarioBasis.RECORD;
      else basis = 'MIXED';
    }
    if (spec.kind === 'RESCORE' && basis === ScenarioBasis.RECORD && spec.criteria)
      throw badInput('Kết quả của nhóm không có điểm từng tiêu chí được lưu (chỉ có điểm lĩnh vực); không thể chấm lại theo bộ tiêu chí khác. Bỏ criteria hoặc dùng basis RECORD với trọng số, ngưỡng.', { field: 'criteria' });

    // 4. Indicators (criteria fed by indicators, cap rules): the current values, so late corrections count.
    const indicators = await indicatorsForUnits(em, base.rows.map((r) => r.unitId), round.year);
    for (const [i, c] of indicatorChanges.entries()) {
      const own = indicators.get(c.unitId) ?? {};
      const def = indicatorDefs[i]!;
      const was = own[c.code]?.value;
      description.push(
        `${baseById.get(c.unitId)!.unitName}: ${def.title} = ${vi(c.value)}${def.unit} (đã ghi nhận: ${was == null ? 'chưa có' : `${vi(dec(was))}${def.unit}`}).`,
      );
      indicators.set(c.unitId, { ...own, [c.code]: { value: c.value, numerator: null, denominator: null } });
    }
    onProgress?.({ phase: 'read', done: 1, total: 1 });

    // 5. Changes, checked against the criteria like an appraisal would check them.
    const leaves = leavesOf(trees);
    const changesOf = new Map<string, CriterionChange[]>();
    for (const c of changes) {
      const leaf = leaves.get(c.code);
      if (!leaf) throw badInput(`Không có tiêu chí "${c.code}" trong bộ tiêu chí của nhóm.`, { field: 'changes', criterion: c.code });
      if (!c.accept) {
        const problem = entryProblem(leaf, { code: c.code, expectedVersion: 0, value: c.value ?? null, variables: c.variables ?? {}, notApplicable: !!c.notApplicable }, Role.COUNCIL_MEMBER);
        if (problem) throw badInput(`Tiêu chí ${c.code}: ${problem}.`, { field: 'changes', criterion: c.code });
      }
      const list = changesOf.get(c.unitId) ?? [];
      list.push(c);
      changesOf.set(c.unitId, list);
    }

    // 6. Score every unit in memory.
    const rows: (Omit<ScenarioRow, 'rank' | 'bandByIndex' | 'band' | 'capped' | 'flags'> & { rank: number })[] = [];
    const total = base.rows.length;
    let done = 0;
    for (const b of base.rows) {
      const card = cards.get(b.unitId);
      // A unit whose indicators alone change is scored again from its entries when it has some;
      // otherwise it keeps its recorded points and only the cap rules see the new values.
      const indicatorOnly = !changesOf.has(b.unitId) && indicatorUnits.has(b.unitId);
      const fromEntries =
        needsEntries &&
        !!card &&
        (entryUnits ? changesOf.has(b.unitId) || (indicatorOnly && !!entriesOf.get(card.id)?.length) : basis === ScenarioBasis.ENTRIES);
      let parts: { area: string; points: Decimal; max: Decimal; counted: boolean; declared: Decimal | undefined }[];
      let scored: { total: Decimal; max: Decimal; index: Decimal } | null = null;
      const changedCriteria: ScenarioCriterion[] = [];
      if (fromEntries) {
        const all = entriesOf.get(card!.id) ?? [];
        if (entryUnits && !all.length)
          throw badInput(`Kết quả của ${b.unitName} không có điểm từng tiêu chí được lưu; không thể giả định theo tiêu chí.`, { field: 'changes', unitId: b.unitId });
        const latest = new Map<string, (typeof all)[number]>();
        for (const e of all) if (!latest.has(e.code) || STAGE_RANK[e.stage] > STAGE_RANK[latest.get(e.code)!.stage]) latest.set(e.code, e);
        const inputs: Record<string, EntryInput> = {};
        for (const e of latest.values())
          inputs[e.code] = { value: e.value, variables: e.variables ?? {}, points: e.points, notApplicable: e.not_applicable, evidenceCount: evidenceOf.get(`${card!.id}|${e.code}`) ?? 0 };
        for (const c of changesOf.get(b.unitId) ?? []) {
          const evidenceCount = evidenceOf.get(`${card!.id}|${c.code}`) ?? 0;
          if (c.accept) {
            const self = all.find((e) => e.code === c.code && e.stage === Stage.SELF);
            if (!self) throw badInput(`${b.unitName} chưa tự chấm tiêu chí ${c.code}; không có giá trị để chấp nhận.`, { field: 'changes', criterion: c.code });
            inputs[c.code] = { value: self.value, variables: self.variables ?? {}, points: self.points, notApplicable: self.not_applicable, evidenceCount };
          } else inputs[c.code] = { value: c.value ?? null, variables: c.variables ?? {}, points: c.points ?? null, notApplicable: !!c.notApplicable, evidenceCount };
        }
        const s = scoreTrees(trees, preset, { unitKind: card!.kind, entries: inputs, indicators: (indicators.get(b.unitId) ?? {}) as Record<string, IndicatorInput> });
        const areaMaxSum = sum(s.areas.map((a) => a.max));
        const impactCounted = !!s.impact && s.max.equals(areaMaxSum.plus(s.impact.max));
        parts = [
          ...s.areas.map((a) => ({ area: a.area as string, points: a.points, max: a.max, counted: true, declared: declaredOf.get(a.area) })),
          ...(s.impact ? [{ area: 'IMPACT', points: s.impact.points, max: s.impact.max, counted: impactCounted, declared: declaredOf.get('IMPACT') }] : []),
          ...(s.bonus ? [{ area: 'BONUS', points: s.bonus.points, max: s.bonus.max, counted: false, declared: declaredOf.get('BONUS') }] : []),
        ];
        scored = s;
        for (const part of [...s.areas, ...(s.impact ? [s.impact] : []), ...(s.bonus ? [s.bonus] : [])])
          for (const c of part.criteria) {
            if (c.code === part.criteria[0]!.code) continue; // the area itself is in `areas`
            const old = b.criteria[c.code];
            if (old === undefined ? !c.points.isZero() : !dec(old).equals(c.points)) changedCriteria.push({ code: c.code, oldPoints: old === undefined ? null : dec(old), points: c.points, reason: c.reason });
          }
      } else {
        // The recorded points per area; the impact part counts in the maximum only when it did in the record.
        const nonBonus = b.areas.filter((a) => a.area !== 'BONUS');
        const all = sum(nonBonus.map((a) => a.max));
        const impact = nonBonus.find((a) => a.area === 'IMPACT');
        const impactCounted = !impact || all.equals(b.max) || !all.minus(impact.max).equals(b.max);
        parts = b.areas.map((a) => ({ area: a.area, points: a.points, max: a.max, counted: a.area !== 'BONUS' && (a.area !== 'IMPACT' || impactCounted), declared: recordDeclared.get(a.area) }));
      }
      // Re-weighting: an area's points and maximum scale by target ÷ declared maximum, half-up to 2 decimals.
      let reweighted = false;
      parts = parts.map((p) => {
        const t = target.get(p.area);
        if (!t) return p;
        const from = p.declared ?? (p.max.isZero() ? null : p.max);
        if (!from || from.equals(t)) return p;
        reweighted = true;
        const f = t.div(from);
        return { ...p, points: roundHalfUp(p.points.times(f), 2), max: roundHalfUp(p.max.times(f), 2) };
      });
      let totals: { total: Decimal; max: Decimal; index: Decimal };
      if (!reweighted && scored) totals = scored;
      else if (!reweighted) totals = { total: b.total, max: b.max, index: b.index };
      else {
        const t = sum(parts.filter((p) => p.counted || p.area === 'BONUS').map((p) => p.points));
        const m = sum(parts.filter((p) => p.counted).map((p) => p.max));
        totals = { total: t, max: m, index: m.isZero() ? dec(0) : indexPercent(Decimal.max(t, 0), m) };
      }
      const oldAreas = new Map(b.areas.map((a) => [a.area, a]));
      rows.push({
        unitId: b.unitId,
        unitName: b.unitName,
        source: fromEntries ? 'ENTRIES' : 'RECORD',
        old: { total: b.total, max: b.max, index: b.index, band: b.band, rank: b.rank },
        ...totals,
        rank: 0,
        areas: parts.map((p) => ({ area: p.area, oldPoints: oldAreas.get(p.area)?.points ?? null, oldMax: oldAreas.get(p.area)?.max ?? null, points: p.points, max: p.max })),
        criteria: changedCriteria,
      });
      done++;
      if (onProgress && (done % 100 === 0 || done === total)) onProgress({ phase: 'score', done, total });
    }

    // 7. Bands, caps, consequences and ranks exactly as the ranking computes them.
    const banded = rows.map((r) => {
      const bandByIndex = bandFor(preset, r.index, group.code);
      const capped = applyCapRules(preset, bandByIndex, indicators.get(r.unitId) ?? {});
      return { ...r, bandByIndex, band: capped.band, capped: capped.applied, flags: [] as ScenarioRow['flags'] };
    });
    const flags = await this.ranking.consequences(em, preset, round, banded.map((r) => ({ unitId: r.unitId, band: r.band })));
    const ranked = rankRows(banded);
    for (const r of ranked) r.flags = flags.get(r.unitId) ?? [];
    onProgress?.({ phase: 'rank', done: 1, total: 1 });
    if (spec.kind === 'WHAT_IF')
      for (const c of changes) {
        const u = baseById.get(c.unitId)!;
        const what = c.notApplicable
          ? 'không áp dụng'
          : (c.value ?? (c.points != null ? `${c.points} điểm` : Object.entries(c.variables ?? {}).map(([k, v]) => `${k} = ${v}`).join(', ') || '—'));
        description.push(c.accept ? `${u.unitName}: chấp nhận điểm tự chấm tiêu chí ${c.code}.` : `${u.unitName}: tiêu chí ${c.code} = ${what}.`);
      }
    if (!description.length) description.push('Chấm lại với cùng quy tắc và dữ liệu hiện tại (ví dụ sau khi chỉ số được đính chính).');
    return {
      kind: spec.kind,
      round,
      group,
      baseline: { provisional: base.provisional, publicationVersion: base.publicationVersion, label: base.label },
      basis,
      presetId: preset.id,
      criteria: criteriaLabel,
      description,
      rows: ranked,
      durationMs: Math.round(performance.now() - started),
    };
  }
}
