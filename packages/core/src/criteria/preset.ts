import { Decimal, dec, indexPercent, parseDecimal, sum } from '../common/decimal.js';
import { Band, BAND_LABELS } from '../ranking/band.js';
import { Area } from './area.js';
import type { AreaPlugin, AreaScore, AreaTree, ScoreInput } from './contract.js';
import { checkPluginDefinition, PluginDefinitionError, scoreTree, validateTree, type DefinitionProblem } from './engine.js';

/** An extra score part outside the seven areas: the impact/survey part, or bonus/penalty points. */
export interface PartDef {
  id: string;
  version: string;
  title: string;
  tree: AreaTree;
}

/** Index ≥ minIndex (rounded, in %) → band; checked from the first. The last should have minIndex "0". */
export interface BandThreshold {
  band: Band;
  minIndex: string;
}

export interface IndicatorCondition {
  indicator: string;
  op: '>=' | '>' | '<=' | '<';
  value: string;
}

/** A cap rule: when any condition holds, the unit's band is at most `maxBand`. */
export interface CapRule {
  id: string;
  title: string;
  /** The province's legal basis, e.g. "Kết luận 91-KL/TU". */
  basis: string;
  anyOf: IndicatorCondition[];
  maxBand: Band;
}

/** A consequence rule: a band reached `years` years running (following lineage) raises a flag. */
export interface ConsequenceRule {
  id: string;
  title: string;
  basis: string;
  anyOf: { band: Band; years: number }[];
  flag: string;
}

export type PhaseCode = 'SELF_ASSESSMENT' | 'APPRAISAL_1' | 'EXPLANATION' | 'APPRAISAL_2' | 'COUNCIL' | 'PUBLICATION';

/** Default deadline of a phase: a fixed day of the round's following year, or working days after the previous phase. */
export interface PhaseDefault {
  phase: PhaseCode;
  /** "MM-DD" in the year after the round's year (the season runs early next year). */
  closesOn?: string;
  workingDaysAfterPrevious?: number;
}

export interface PresetDef {
  id: string;
  title: string;
  version: string;
  /** The province the preset belongs to; null for the national default. */
  province?: string | null;
  /** Start from another preset and change parts of it. */
  extends?: Preset;
  areas?: Partial<Record<Area, AreaPlugin>>;
  impact?: PartDef | null;
  bonus?: PartDef | null;
  /** When the impact part is absent for a unit, compute the index over the appraised part only. */
  rescaleWithoutImpact?: boolean;
  bands?: BandThreshold[];
  /** Bands for particular unit groups (by group code). */
  groupBands?: Record<string, BandThreshold[]>;
  capRules?: CapRule[];
  consequenceRules?: ConsequenceRule[];
  phases?: PhaseDefault[];
  /** Notes shown with the preset (sources, what is illustrative). */
  notes?: string;
}

export interface Preset extends Required<Omit<PresetDef, 'extends' | 'province' | 'impact' | 'bonus' | 'areas'>> {
  province: string | null;
  areas: Readonly<Record<Area, AreaPlugin>>;
  impact: PartDef | null;
  bonus: PartDef | null;
  /** Ids of the presets this one extends, nearest first. */
  lineage: string[];
}

export const AREA_ORDER: readonly Area[] = [
  Area.LEADERSHIP,
  Area.INSTITUTIONS,
  Area.PROCEDURES,
  Area.ORGANIZATION,
  Area.CIVIL_SERVICE,
  Area.PUBLIC_FINANCE,
  Area.DIGITAL_GOVERNMENT,
];

export function checkBands(bands: BandThreshold[], source: string, where: string): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  let prev: Decimal | null = null;
  for (const b of bands) {
    const m = parseDecimal(b.minIndex);
    if (!Object.values(Band).includes(b.band)) out.push({ source, message: `${where}: xếp loại "${b.band}" không hợp lệ.` });
    if (!m || m.lt(0) || m.gt(100)) out.push({ source, message: `${where}: ngưỡng "${b.minIndex}" phải từ 0 đến 100.` });
    else if (prev && !m.lt(prev)) out.push({ source, message: `${where}: các ngưỡng phải giảm dần (${b.minIndex} sau ${prev.toFixed()}).` });
    if (m) prev = m;
  }
  if (!bands.length || !dec(bands.at(-1)!.minIndex).isZero()) out.push({ source, message: `${where}: ngưỡng cuối cùng phải là 0 để mọi đơn vị đều có xếp loại.` });
  return out;
}

/** Everything wrong with a preset: empty or mismatched slots, plugin problems, duplicate codes, bands. */
export function presetProblems(p: {
  id: string;
  areas: Partial<Record<Area, AreaPlugin>>;
  impact: PartDef | null;
  bonus: PartDef | null;
  bands: BandThreshold[];
  groupBands: Record<string, BandThreshold[]>;
}): DefinitionProblem[] {
  const source = `preset ${p.id}`;
  const problems: DefinitionProblem[] = [];
  for (const area of AREA_ORDER) {
    const plugin = p.areas[area];
    if (!plugin) problems.push({ source, message: `Lĩnh vực ${area} chưa có plugin (ô trống).` });
    else if (plugin.area !== area) problems.push({ source, message: `Ô ${area} được gán plugin ${plugin.id} của lĩnh vực ${plugin.area}.` });
    else {
      try {
        checkPluginDefinition(plugin);
      } catch (e) {
        if (e instanceof PluginDefinitionError) problems.push(...e.problems);
        else throw e;
      }
    }
  }
  for (const part of [p.impact, p.bonus]) if (part) problems.push(...validateTree(part.tree, `part ${part.id}`));
  // Codes must be unique across the whole preset, since entries are keyed by code.
  const seen = new Map<string, string>();
  const walk = (n: { code: string; children?: { code: string }[] }, owner: string) => {
    const prev = seen.get(n.code);
    if (prev && prev !== owner) problems.push({ source, code: n.code, message: `Mã tiêu chí "${n.code}" dùng ở cả ${prev} và ${owner}.` });
    seen.set(n.code, owner);
    n.children?.forEach((c) => walk(c, owner));
  };
  for (const [slot, plugin] of Object.entries(p.areas)) if (plugin) walk(plugin.tree, `${plugin.id} (${slot})`);
  for (const part of [p.impact, p.bonus]) if (part) walk(part.tree, part.id);
  problems.push(...checkBands(p.bands, source, 'bands'));
  for (const [g, b] of Object.entries(p.groupBands)) problems.push(...checkBands(b, source, `groupBands.${g}`));
  return problems;
}

/**
 * Resolves and checks a preset: every one of the seven slots filled by a plugin of that area,
 * criterion codes unique across the whole preset, plugins within the core range, declared maxima
 * equal to their children, bands ordered. Throws PluginDefinitionError naming every culprit.
 */
export function definePreset(def: PresetDef): Preset {
  const base = def.extends;
  const areas = { ...(base?.areas ?? {}), ...(def.areas ?? {}) } as Partial<Record<Area, AreaPlugin>>;
  const impact = def.impact === undefined ? (base?.impact ?? null) : def.impact;
  const bonus = def.bonus === undefined ? (base?.bonus ?? null) : def.bonus;
  const bands = def.bands ?? base?.bands ?? [];
  const groupBands = { ...(base?.groupBands ?? {}), ...(def.groupBands ?? {}) };
  const problems = presetProblems({ id: def.id, areas, impact, bonus, bands, groupBands });
  if (problems.length) throw new PluginDefinitionError(problems);
  return Object.freeze({
    id: def.id,
    title: def.title,
    version: def.version,
    province: def.province ?? base?.province ?? null,
    areas: areas as Record<Area, AreaPlugin>,
    impact,
    bonus,
    rescaleWithoutImpact: def.rescaleWithoutImpact ?? base?.rescaleWithoutImpact ?? true,
    bands,
    groupBands,
    capRules: def.capRules ?? base?.capRules ?? [],
    consequenceRules: def.consequenceRules ?? base?.consequenceRules ?? [],
    phases: def.phases ?? base?.phases ?? [],
    notes: def.notes ?? base?.notes ?? '',
    lineage: base ? [base.id, ...base.lineage] : [],
  });
}

export interface PresetScore {
  areas: AreaScore[];
  impact: AreaScore | null;
  bonus: AreaScore | null;
  /** Appraised + impact + bonus points. */
  total: Decimal;
  /** The maximum counted (without excluded criteria; without the impact part when absent and rescaled). */
  max: Decimal;
  /** total ÷ max × 100, half-up to 2 decimals. */
  index: Decimal;
}

const partScore = (part: PartDef, input: ScoreInput, kind: 'IMPACT' | 'BONUS'): AreaScore => {
  const criteria = scoreTree(part.tree, input);
  return { area: kind, pluginId: part.id, pluginVersion: part.version, points: criteria[0]!.points, max: criteria[0]!.max, criteria };
};

/** Scores every area and part of a preset for one unit; pure. */
export function scorePreset(preset: Preset, input: ScoreInput): PresetScore {
  const areas = AREA_ORDER.map((a) => preset.areas[a].score(input));
  const impact = preset.impact ? partScore(preset.impact, input, 'IMPACT') : null;
  const bonus = preset.bonus ? partScore(preset.bonus, input, 'BONUS') : null;
  const impactAbsent = impact != null && !impact.criteria.some((c) => c.entered);
  const counted = [...areas, ...(impact && !(impactAbsent && preset.rescaleWithoutImpact) ? [impact] : [])];
  const max = sum(counted.map((a) => a.max));
  const total = sum([...counted.map((a) => a.points), bonus?.points ?? 0]);
  return { areas, impact, bonus, total, max, index: max.isZero() ? dec(0) : indexPercent(Decimal.max(total, 0), max) };
}

/** The band of a rounded index for a unit group. */
export function bandFor(preset: Preset, index: Decimal, groupCode?: string | null): Band {
  const bands = (groupCode && preset.groupBands[groupCode]) || preset.bands;
  for (const b of bands) if (index.gte(b.minIndex)) return b.band;
  return bands.at(-1)!.band;
}

const ORDER: readonly Band[] = [Band.EXCELLENT, Band.GOOD, Band.FAIR, Band.AVERAGE, Band.WEAK];

/** Applies the preset's cap rules to a band; names each rule that capped it and the values that triggered it. */
export function applyCapRules(
  preset: Preset,
  band: Band,
  indicators: Readonly<Record<string, { value: Decimal | string | number }>>,
): { band: Band; applied: { rule: CapRule; triggers: { indicator: string; value: string; condition: string }[] }[] } {
  let result = band;
  const applied: { rule: CapRule; triggers: { indicator: string; value: string; condition: string }[] }[] = [];
  for (const rule of preset.capRules) {
    const triggers = rule.anyOf.flatMap((c) => {
      const v = indicators[c.indicator];
      if (!v) return [];
      const d = dec(v.value as string);
      const hit = c.op === '>=' ? d.gte(c.value) : c.op === '>' ? d.gt(c.value) : c.op === '<=' ? d.lte(c.value) : d.lt(c.value);
      return hit ? [{ indicator: c.indicator, value: d.toFixed(), condition: `${c.op} ${c.value}` }] : [];
    });
    if (triggers.length && ORDER.indexOf(result) < ORDER.indexOf(rule.maxBand)) {
      result = rule.maxBand;
      applied.push({ rule, triggers });
    } else if (triggers.length) applied.push({ rule, triggers });
  }
  return { band: result, applied };
}

export const bandLabel = (b: Band) => BAND_LABELS[b];

/** A set of presets side by side (several provinces in one process), checked once at boot. */
export class PresetRegistry {
  private readonly byId = new Map<string, Preset>();

  /** Checks every preset again at boot (core range, slots, codes, maxima), whoever built it. */
  constructor(presets: readonly Preset[]) {
    const problems = presets.flatMap((p) => presetProblems(p));
    if (problems.length) throw new PluginDefinitionError(problems);
    for (const p of presets) {
      if (this.byId.has(p.id)) throw new PluginDefinitionError([{ source: `preset ${p.id}`, message: 'Trùng id preset.' }]);
      this.byId.set(p.id, p);
    }
  }

  get(id: string): Preset | undefined {
    return this.byId.get(id);
  }

  all(): Preset[] {
    return [...this.byId.values()];
  }
}
