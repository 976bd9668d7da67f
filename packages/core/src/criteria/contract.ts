import type { Decimal, DecimalInput } from '../common/decimal.js';
import type { UnitKind } from '../unit/unit-kind.js';
import type { Area } from './area.js';

/**
 * The scoring-plugin contract, version 1. A plugin declares the core API range it was written
 * for (`coreApi`, a semver range); the host refuses plugins whose range excludes this version.
 */
export const CORE_API_VERSION = '1.0.0';

/** Where a ratio comes from: an external indicator (in %) or two entered variables. */
export type RatioSource = { indicator: string } | { numerator: string; denominator: string };

/**
 * How a leaf criterion turns what was entered into points. Numbers are decimal strings
 * ("0.5"), so criteria files never carry binary floats.
 */
export type ScoringMethod = (
  /** Đạt / không đạt: value "yes" → full points, "no" → 0. */
  | { kind: 'yesNo' }
  /** Discrete levels, e.g. tốt 2.5 / đầy đủ 2 / chưa đầy đủ 1 / không 0: value = the level's `value`. */
  | { kind: 'levels'; levels: { value: string; label: string; points: string }[] }
  /** Ratio in % → points linearly between `zeroAt` (0 points) and `fullAt` (full points); `zeroAt > fullAt` when lower is better. */
  | { kind: 'ratioLinear'; source: RatioSource; zeroAt: string; fullAt: string }
  /**
   * Ratio in % → points by the first threshold that matches: `atLeast` (≥), `above` (>),
   * `atMost` (≤) or `below` (<), exactly one per threshold; none matches → 0.
   */
  | { kind: 'ratioThresholds'; source: RatioSource; thresholds: RatioThreshold[] }
  /**
   * Count × points per item, clamped to 0 … `cap` (default: the criterion's max). A negative
   * `perItem` is a deduction from full points ("−0,25 mỗi vi phạm"): cap + count × perItem, not below 0.
   */
  | { kind: 'count'; variable: string; perItem: string; cap?: string }
  /** A formula over named entered variables (see formula.ts), clamped to 0 … max. */
  | { kind: 'formula'; expression: string }
  /** Survey-derived: an indicator in % (e.g. SIPAS satisfaction) × max ÷ 100. */
  | { kind: 'survey'; indicator: string }
  /** Scored by the council only: the entered points, 0 … max. */
  | { kind: 'manual' }
  /** Bonus (+) or penalty (−) per item, the total capped at ± `cap` per year. For bonus/penalty parts. */
  | { kind: 'bonusPenalty'; variable: string; perItem: string; cap: string }
) &
  VariableLabels;

/**
 * What forms and reports call the entered variables of a method, in Vietnamese, by variable name
 * (e.g. `{ onTime: 'Số văn bản ban hành đúng tiến độ', planned: 'Số văn bản phải ban hành theo kế hoạch' }`).
 * Optional, display only: a variable without a label is shown by its name.
 */
export interface VariableLabels {
  labels?: Record<string, string>;
}

export interface RatioThreshold {
  atLeast?: string;
  above?: string;
  atMost?: string;
  below?: string;
  points: string;
}

export type MethodKind = ScoringMethod['kind'];

/** A criterion (tiêu chí) or sub-criterion (tiêu chí thành phần) as data. */
export interface CriterionDef {
  /** Unique within a preset, e.g. "3.2.1". */
  code: string;
  title: string;
  /** Declared maximum points, a decimal string; must equal the sum of the children's maxima. */
  max: string;
  /** Leaves only. */
  method?: ScoringMethod;
  children?: CriterionDef[];
  /** Evidence (tài liệu kiểm chứng) the unit must attach. */
  evidence?: { required: boolean; description?: string };
  /** Scoring guidance shown to units and reviewers. */
  guidance?: string;
  /** Unit kinds the criterion applies to; others treat it as not applicable. Default: all. */
  appliesTo?: UnitKind[];
  /** When not applicable (declared, or by unit kind): count full points, or exclude and rescale. Default: exclude. */
  notApplicable?: 'fullPoints' | 'exclude';
}

/** The root of an area's tree: the area itself (e.g. code "3", "Cải cách thủ tục hành chính", max 13). */
export interface AreaTree extends CriterionDef {
  children: CriterionDef[];
}

/** What a unit (or a reviewer) entered for one criterion at one stage. */
export interface EntryInput {
  /** yes/no, a level value. */
  value?: string | null;
  /** Named numbers for formulas, counts and ratios. */
  variables?: Readonly<Record<string, DecimalInput>>;
  /** Points entered directly (manual criteria). */
  points?: DecimalInput | null;
  /** Declared not applicable this year. */
  notApplicable?: boolean;
  /** How many evidence items are attached. */
  evidenceCount?: number;
}

export interface IndicatorInput {
  value: DecimalInput;
  numerator?: DecimalInput | null;
  denominator?: DecimalInput | null;
}

/** Plain data in, plain data out: `score()` reads nothing else (no database, clock or I/O). */
export interface ScoreInput {
  unitKind: UnitKind;
  entries: Readonly<Record<string, EntryInput>>;
  indicators: Readonly<Record<string, IndicatorInput>>;
}

export interface CriterionScore {
  code: string;
  /** Points achieved (0 when nothing was entered). */
  points: Decimal;
  /** Maximum still counted (0 when excluded). */
  max: Decimal;
  /** Declared maximum. */
  declaredMax: Decimal;
  excluded: boolean;
  entered: boolean;
  missingEvidence: boolean;
  /** Why, in Vietnamese, e.g. "Tỷ lệ 97,5 % ≥ 95 %: 1 điểm". */
  reason: string;
}

export interface AreaScore {
  area: Area | 'IMPACT' | 'BONUS';
  pluginId: string;
  pluginVersion: string;
  points: Decimal;
  max: Decimal;
  /** Every node of the tree, the area root first, in tree order. */
  criteria: CriterionScore[];
}

/** What a criterion reads, so hosts know which inputs to collect. */
export interface InputDescriptor {
  code: string;
  values?: string[];
  variables?: string[];
  indicators?: string[];
  points?: boolean;
}

/**
 * Code for what data cannot say: runs after the data scoring with the same input and may
 * override a criterion's points and reason. Must stay pure and synchronous.
 */
export type ScoringRule = (input: ScoreInput, scores: Map<string, CriterionScore>) => void;

export interface AreaPluginDef {
  /** Stable id, e.g. `national/area-procedures`. */
  id: string;
  area: Area;
  /** Semver; stored with every computed score and snapshot. */
  version: string;
  /** Semver range of the core plugin API this plugin works with, e.g. "^1.0.0". */
  coreApi: string;
  title: string;
  tree: AreaTree;
  rules?: ScoringRule[];
}

export interface AreaPlugin extends AreaPluginDef {
  score(input: ScoreInput): AreaScore;
  inputs(): InputDescriptor[];
}
