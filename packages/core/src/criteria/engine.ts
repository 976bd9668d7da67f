import { satisfies, validRange, valid as validVersion } from 'semver';
import { Decimal, dec, parseDecimal, roundHalfUp, sum } from '../common/decimal.js';
import { UnitKind } from '../unit/unit-kind.js';
import { Area } from './area.js';
import {
  CORE_API_VERSION,
  type AreaPlugin,
  type AreaPluginDef,
  type AreaScore,
  type AreaTree,
  type CriterionDef,
  type CriterionScore,
  type EntryInput,
  type InputDescriptor,
  type RatioSource,
  type ScoreInput,
  type ScoringMethod,
} from './contract.js';
import { evaluateFormula, formulaVariables, parseFormula, type FormulaNode } from './formula.js';

/** A problem in a criteria tree, plugin or preset, naming the culprit. */
export interface DefinitionProblem {
  /** The plugin, preset or file. */
  source: string;
  /** The criterion code, when the problem is in one. */
  code?: string;
  message: string;
}

export class PluginDefinitionError extends Error {
  constructor(readonly problems: DefinitionProblem[]) {
    super(problems.map((p) => `${p.source}${p.code ? ` [${p.code}]` : ''}: ${p.message}`).join('\n'));
    this.name = 'PluginDefinitionError';
  }
}

const vi = (d: Decimal) => d.toFixed().replace('.', ',');
/** Own keys only, so codes such as "constructor" never reach Object.prototype. */
const own = <T>(o: Readonly<Record<string, T>> | undefined, k: string): T | undefined => (o && Object.hasOwn(o, k) ? o[k] : undefined);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks a tree: decimal maxima, max = Σ children, methods on leaves only and consistent with max, unique codes. */
export function validateTree(tree: CriterionDef, source: string, seen = new Set<string>()): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  const walk = (n: CriterionDef) => {
    const bad = (message: string) => out.push({ source, code: n.code, message });
    if (!n.code?.trim()) out.push({ source, message: `Tiêu chí "${n.title ?? '?'}" thiếu mã.` });
    else if (seen.has(n.code)) bad(`Mã tiêu chí "${n.code}" bị trùng.`);
    else seen.add(n.code);
    if (!n.title?.trim()) bad('Thiếu tên tiêu chí.');
    const max = parseDecimal(n.max);
    if (!max || max.lte(0)) {
      bad(`Điểm tối đa "${n.max}" phải là số dương.`);
      return;
    }
    if (n.children?.length) {
      if (n.method) bad('Tiêu chí có tiêu chí con không được có phương pháp chấm riêng.');
      const childMax = n.children.map((c) => parseDecimal(c.max));
      if (childMax.every((m) => m)) {
        const total = sum(childMax as Decimal[]);
        if (!total.equals(max)) bad(`Điểm tối đa ${vi(max)} khác tổng điểm tối đa của các tiêu chí con (${vi(total)}).`);
      }
      n.children.forEach(walk);
    } else if (!n.method) {
      bad('Tiêu chí lá phải có phương pháp chấm (method).');
    } else {
      for (const m of validateMethod(n.method, max)) bad(m);
    }
    if (n.appliesTo?.some((k) => !Object.values(UnitKind).includes(k))) bad(`appliesTo có loại đơn vị không hợp lệ: ${n.appliesTo.join(', ')}.`);
    if (n.notApplicable && n.notApplicable !== 'fullPoints' && n.notApplicable !== 'exclude')
      bad('notApplicable phải là "fullPoints" hoặc "exclude".');
  };
  walk(tree);
  return out;
}

function validateRatioSource(s: RatioSource | undefined): string[] {
  if (!s) return ['Thiếu nguồn tỷ lệ (source).'];
  if ('indicator' in s) return s.indicator ? [] : ['Thiếu mã chỉ số (source.indicator).'];
  return NAME.test(s.numerator ?? '') && NAME.test(s.denominator ?? '') ? [] : ['source cần tên biến tử số và mẫu số hợp lệ.'];
}

function validateMethod(m: ScoringMethod, max: Decimal): string[] {
  return [...validateScoring(m, max), ...validateLabels(m)];
}

/** Labels must name variables the method reads, with a non-empty text each. */
function validateLabels(m: ScoringMethod): string[] {
  if (m.labels === undefined) return [];
  if (typeof m.labels !== 'object' || m.labels === null || Array.isArray(m.labels)) return ['labels phải là bảng tên biến → nhãn.'];
  let known: string[];
  try {
    known = methodVariables(m);
  } catch {
    return []; // the method's own problem is reported by validateScoring
  }
  return Object.entries(m.labels).flatMap(([name, label]) => [
    ...(known.includes(name) ? [] : [`Nhãn cho biến "${name}" nhưng phương pháp không dùng biến này (có: ${known.join(', ') || 'không có biến'}).`]),
    ...(typeof label === 'string' && label.trim() ? [] : [`Nhãn của biến "${name}" phải là chuỗi không rỗng.`]),
  ]);
}

/** The entered variables a method reads, in order. */
export function methodVariables(m: ScoringMethod): string[] {
  switch (m.kind) {
    case 'ratioLinear':
    case 'ratioThresholds':
      return 'numerator' in m.source ? [m.source.numerator, m.source.denominator] : [];
    case 'count':
    case 'bonusPenalty':
      return [m.variable];
    case 'formula':
      return [...formulaVariables(parseFormula(m.expression))];
    default:
      return [];
  }
}

function validateScoring(m: ScoringMethod, max: Decimal): string[] {
  const pts = (v: string | undefined, what: string) => {
    const d = parseDecimal(v);
    if (!d) return [`${what} "${v}" không phải là số.`];
    if (d.lt(0) || d.gt(max)) return [`${what} ${vi(d)} phải từ 0 đến điểm tối đa ${vi(max)}.`];
    return [];
  };
  switch (m.kind) {
    case 'yesNo':
    case 'manual':
      return [];
    case 'levels': {
      if (!m.levels?.length) return ['Phương pháp "levels" cần ít nhất một mức.'];
      const values = m.levels.map((l) => l.value);
      const errs = m.levels.flatMap((l) => pts(l.points, `Điểm của mức "${l.label}"`));
      if (new Set(values).size !== values.length) errs.push('Giá trị các mức bị trùng.');
      return errs;
    }
    case 'ratioLinear': {
      const errs = validateRatioSource(m.source);
      const z = parseDecimal(m.zeroAt);
      const f = parseDecimal(m.fullAt);
      if (!z || !f) errs.push('zeroAt và fullAt phải là số (%).');
      else if (z.equals(f)) errs.push('zeroAt và fullAt phải khác nhau.');
      return errs;
    }
    case 'ratioThresholds': {
      const errs = validateRatioSource(m.source);
      if (!m.thresholds?.length) errs.push('Cần ít nhất một ngưỡng.');
      for (const t of m.thresholds ?? []) {
        const bounds = [t.atLeast, t.above, t.atMost, t.below].filter((b) => b != null);
        if (bounds.length !== 1) errs.push('Mỗi ngưỡng cần đúng một trong atLeast (≥), above (>), atMost (≤), below (<).');
        else if (!parseDecimal(bounds[0])) errs.push(`Ngưỡng "${bounds[0]}" không phải là số.`);
        errs.push(...pts(t.points, 'Điểm của ngưỡng'));
      }
      return errs;
    }
    case 'count': {
      const errs = NAME.test(m.variable ?? '') ? [] : [`Tên biến "${m.variable}" không hợp lệ.`];
      if (!parseDecimal(m.perItem)) errs.push(`perItem "${m.perItem}" không phải là số.`);
      if (m.cap !== undefined) {
        errs.push(...pts(m.cap, 'Mức trần (cap)'));
        const cap = parseDecimal(m.cap);
        if (cap && cap.lt(max)) errs.push(`Mức trần ${vi(cap)} nhỏ hơn điểm tối đa ${vi(max)}: điểm tối đa không bao giờ đạt được.`);
      }
      return errs;
    }
    case 'bonusPenalty': {
      const errs = NAME.test(m.variable ?? '') ? [] : [`Tên biến "${m.variable}" không hợp lệ.`];
      if (!parseDecimal(m.perItem)) errs.push(`perItem "${m.perItem}" không phải là số.`);
      const cap = parseDecimal(m.cap);
      if (!cap || cap.lte(0)) errs.push(`Mức trần (cap) "${m.cap}" phải là số dương.`);
      return errs;
    }
    case 'formula':
      try {
        parseFormula(m.expression ?? '');
        return [];
      } catch (e) {
        return [`Công thức không hợp lệ: ${(e as Error).message}`];
      }
    case 'survey':
      return m.indicator ? [] : ['Thiếu mã chỉ số khảo sát (indicator).'];
    default:
      return [`Phương pháp chấm "${(m as { kind?: string }).kind}" không được hỗ trợ.`];
  }
}

function ratioOf(source: RatioSource, entry: EntryInput | undefined, input: ScoreInput): { ratio: Decimal; text: string } | null {
  if ('indicator' in source) {
    const ind = own(input.indicators, source.indicator);
    if (!ind) return null;
    return { ratio: dec(ind.value), text: `chỉ số ${source.indicator} = ${vi(dec(ind.value))} %` };
  }
  const n = own(entry?.variables, source.numerator);
  const d = own(entry?.variables, source.denominator);
  if (n == null || d == null) return null;
  const dd = dec(d);
  if (dd.isZero()) return null;
  const ratio = dec(n).div(dd).times(100);
  return { ratio, text: `${vi(dec(n))}/${vi(dd)} = ${vi(roundHalfUp(ratio, 2))} %` };
}

/** Scores one leaf; returns null points when nothing usable was entered. */
function scoreLeaf(n: CriterionDef, max: Decimal, entry: EntryInput | undefined, input: ScoreInput, formulas: Map<string, FormulaNode>): { points: Decimal | null; reason: string } {
  const m = n.method!;
  const clamp = (d: Decimal, hi = max) => Decimal.min(Decimal.max(d, 0), hi);
  switch (m.kind) {
    case 'yesNo': {
      const v = entry?.value?.toLowerCase();
      if (v === 'yes' || v === 'có' || v === 'true') return { points: max, reason: `Đạt: ${vi(max)} điểm` };
      if (v === 'no' || v === 'không' || v === 'false') return { points: dec(0), reason: 'Không đạt: 0 điểm' };
      return { points: null, reason: 'Chưa nhập' };
    }
    case 'levels': {
      const level = m.levels.find((l) => l.value === entry?.value);
      if (!level) return { points: null, reason: entry?.value ? `Mức "${entry.value}" không có trong thang điểm` : 'Chưa nhập' };
      return { points: dec(level.points), reason: `Mức "${level.label}": ${vi(dec(level.points))} điểm` };
    }
    case 'ratioLinear': {
      const r = ratioOf(m.source, entry, input);
      if (!r) return { points: null, reason: 'Chưa có số liệu để tính tỷ lệ' };
      const zero = dec(m.zeroAt);
      const full = dec(m.fullAt);
      const share = clamp(r.ratio.minus(zero).div(full.minus(zero)), dec(1));
      const points = roundHalfUp(max.times(share), 2);
      return { points, reason: `Tỷ lệ ${r.text}; ${vi(zero)} % → 0 điểm, ${vi(full)} % → ${vi(max)} điểm: ${vi(points)} điểm` };
    }
    case 'ratioThresholds': {
      const r = ratioOf(m.source, entry, input);
      if (!r) return { points: null, reason: 'Chưa có số liệu để tính tỷ lệ' };
      for (const t of m.thresholds) {
        const hit: [boolean, string, string] | null =
          t.atLeast != null ? [r.ratio.gte(t.atLeast), '≥', t.atLeast]
          : t.above != null ? [r.ratio.gt(t.above), '>', t.above]
          : t.atMost != null ? [r.ratio.lte(t.atMost), '≤', t.atMost]
          : t.below != null ? [r.ratio.lt(t.below), '<', t.below]
          : null;
        if (hit?.[0]) return { points: dec(t.points), reason: `Tỷ lệ ${r.text} ${hit[1]} ${vi(dec(hit[2]))} %: ${vi(dec(t.points))} điểm` };
      }
      return { points: dec(0), reason: `Tỷ lệ ${r.text} không đạt ngưỡng nào: 0 điểm` };
    }
    case 'count': {
      const c = own(entry?.variables, m.variable);
      if (c == null) return { points: null, reason: 'Chưa nhập số lượng' };
      const cap = m.cap ? dec(m.cap) : max;
      const per = dec(m.perItem);
      if (per.isNegative()) {
        // Deductions ("−0,25 điểm mỗi vi phạm") start from full points.
        const points = clamp(cap.plus(dec(c).times(per)), cap);
        return { points, reason: `${vi(cap)} − ${vi(dec(c))} × ${vi(per.neg())} = ${vi(cap.plus(dec(c).times(per)))}, không dưới 0: ${vi(points)} điểm` };
      }
      const raw = dec(c).times(per);
      const points = clamp(raw, cap);
      return { points, reason: `${vi(dec(c))} × ${vi(per)} = ${vi(raw)}, trong khoảng 0 … ${vi(cap)}: ${vi(points)} điểm` };
    }
    case 'bonusPenalty': {
      const c = own(entry?.variables, m.variable);
      if (c == null) return { points: dec(0), reason: 'Không có điểm thưởng/trừ' };
      const cap = dec(m.cap);
      const raw = dec(c).times(m.perItem);
      const points = Decimal.min(Decimal.max(raw, cap.neg()), cap);
      return { points, reason: `${vi(dec(c))} × ${vi(dec(m.perItem))} = ${vi(raw)}, giới hạn ±${vi(cap)}: ${vi(points)} điểm` };
    }
    case 'formula': {
      const f = formulas.get(m.expression) ?? parseFormula(m.expression);
      formulas.set(m.expression, f);
      const names = [...formulaVariables(f)];
      const vars: Record<string, Decimal> = {};
      for (const name of names) {
        const v = entry?.variables && Object.hasOwn(entry.variables, name) ? entry.variables[name] : undefined;
        if (v == null) return { points: null, reason: `Chưa nhập biến ${name}` };
        vars[name] = dec(v);
      }
      try {
        const raw = evaluateFormula(f, vars);
        const points = roundHalfUp(clamp(raw), 2);
        return { points, reason: `${m.expression} với ${names.map((k) => `${k} = ${vi(vars[k]!)}`).join(', ')} = ${vi(roundHalfUp(raw, 4))}: ${vi(points)} điểm` };
      } catch (e) {
        return { points: dec(0), reason: `Không tính được công thức: ${(e as Error).message}` };
      }
    }
    case 'survey': {
      const ind = own(input.indicators, m.indicator);
      if (!ind) return { points: null, reason: `Chưa có kết quả khảo sát ${m.indicator}` };
      const v = clamp(dec(ind.value), dec(100));
      const points = roundHalfUp(max.times(v).div(100), 2);
      return { points, reason: `Khảo sát ${m.indicator} = ${vi(v)} % × ${vi(max)} điểm: ${vi(points)} điểm` };
    }
    case 'manual': {
      if (entry?.points == null) return { points: null, reason: 'Hội đồng chưa chấm' };
      const p = dec(entry.points);
      if (p.lt(0) || p.gt(max)) return { points: clamp(p), reason: `Điểm ${vi(p)} ngoài khoảng 0 … ${vi(max)}, lấy ${vi(clamp(p))}` };
      return { points: p, reason: `Hội đồng chấm ${vi(p)} điểm` };
    }
  }
}

/**
 * Scores a tree: leaves by their method, parents as the sum of their counted children capped at
 * their maximum. Not applicable criteria count full points or are excluded (their maximum leaves
 * the total, so the index is rescaled). Leaf points are rounded half-up to 2 decimals.
 */
export function scoreTree(tree: CriterionDef, input: ScoreInput, formulas = new Map<string, FormulaNode>()): CriterionScore[] {
  const out: CriterionScore[] = [];
  const walk = (n: CriterionDef, inheritedNa: boolean): CriterionScore => {
    const declaredMax = dec(n.max);
    const slot = out.length;
    out.push(null as unknown as CriterionScore);
    const entry = own(input.entries, n.code);
    const na = inheritedNa || entry?.notApplicable === true || (n.appliesTo != null && !n.appliesTo.includes(input.unitKind));
    let score: CriterionScore;
    if (n.children?.length) {
      const kids = n.children.map((c) => walk(c, na));
      const counted = kids.filter((k) => !k.excluded);
      const max = sum(counted.map((k) => k.max));
      const raw = sum(counted.map((k) => k.points));
      const points = Decimal.min(raw, declaredMax);
      score = {
        code: n.code,
        points,
        max: Decimal.min(max, declaredMax),
        declaredMax,
        excluded: kids.length > 0 && counted.length === 0,
        entered: kids.some((k) => k.entered),
        missingEvidence: kids.some((k) => k.missingEvidence),
        reason: raw.gt(declaredMax)
          ? `Tổng ${vi(raw)} vượt điểm tối đa, lấy ${vi(declaredMax)}`
          : counted.length < kids.length
            ? `Tổng ${vi(points)}/${vi(max)} điểm (${kids.length - counted.length} tiêu chí không áp dụng được loại trừ)`
            : `Tổng ${vi(points)}/${vi(max)} điểm`,
      };
    } else if (na) {
      const full = (n.notApplicable ?? 'exclude') === 'fullPoints';
      score = {
        code: n.code,
        points: full ? declaredMax : dec(0),
        max: full ? declaredMax : dec(0),
        declaredMax,
        excluded: !full,
        entered: true,
        missingEvidence: false,
        reason: full ? `Không áp dụng: tính đủ ${vi(declaredMax)} điểm` : 'Không áp dụng: loại khỏi tổng điểm',
      };
    } else {
      const r = scoreLeaf(n, declaredMax, entry, input, formulas);
      const entered = r.points !== null;
      const missingEvidence = entered && r.points!.gt(0) && !!n.evidence?.required && !(entry?.evidenceCount && entry.evidenceCount > 0);
      score = {
        code: n.code,
        points: r.points ?? dec(0),
        max: declaredMax,
        declaredMax,
        excluded: false,
        entered,
        missingEvidence,
        reason: missingEvidence ? `${r.reason}; thiếu tài liệu kiểm chứng` : r.reason,
      };
    }
    out[slot] = score;
    return score;
  };
  walk(tree, false);
  return out;
}

/** What each leaf reads. */
export function treeInputs(tree: CriterionDef): InputDescriptor[] {
  const out: InputDescriptor[] = [];
  const walk = (n: CriterionDef) => {
    if (n.children?.length) return n.children.forEach(walk);
    const m = n.method!;
    const src = (s: RatioSource) => ('indicator' in s ? { indicators: [s.indicator] } : { variables: [s.numerator, s.denominator] });
    switch (m.kind) {
      case 'yesNo': out.push({ code: n.code, values: ['yes', 'no'] }); break;
      case 'levels': out.push({ code: n.code, values: m.levels.map((l) => l.value) }); break;
      case 'ratioLinear':
      case 'ratioThresholds': out.push({ code: n.code, ...src(m.source) }); break;
      case 'count':
      case 'bonusPenalty': out.push({ code: n.code, variables: [m.variable] }); break;
      case 'formula': out.push({ code: n.code, variables: [...formulaVariables(parseFormula(m.expression))] }); break;
      case 'survey': out.push({ code: n.code, indicators: [m.indicator] }); break;
      case 'manual': out.push({ code: n.code, points: true }); break;
    }
  };
  walk(tree);
  return out;
}

/** Checks a plugin definition; throws PluginDefinitionError naming every problem. */
export function checkPluginDefinition(def: AreaPluginDef, coreVersion = CORE_API_VERSION): void {
  const problems: DefinitionProblem[] = [];
  const source = `plugin ${def.id}`;
  if (!def.id?.trim()) problems.push({ source, message: 'Thiếu id.' });
  if (!Object.values(Area).includes(def.area)) problems.push({ source, message: `Lĩnh vực "${def.area}" không phải một trong bảy lĩnh vực.` });
  if (!validVersion(def.version)) problems.push({ source, message: `Phiên bản "${def.version}" không phải semver.` });
  if (!validRange(def.coreApi)) problems.push({ source, message: `coreApi "${def.coreApi}" không phải khoảng semver.` });
  else if (!satisfies(coreVersion, def.coreApi))
    problems.push({ source, message: `coreApi "${def.coreApi}" không tương thích với API lõi ${coreVersion}.` });
  problems.push(...validateTree(def.tree, source));
  if (problems.length) throw new PluginDefinitionError(problems);
}

/**
 * Makes an area plugin from its definition: checks it (core range, codes, maxima, methods) and
 * derives `score()` from the data plus optional rules. The result is a frozen value; two
 * provinces' plugins live side by side with no shared state.
 */
export function defineAreaPlugin(def: AreaPluginDef): AreaPlugin {
  checkPluginDefinition(def);
  const formulas = new Map<string, FormulaNode>();
  const plugin: AreaPlugin = {
    ...def,
    score(input: ScoreInput): AreaScore {
      const criteria = scoreTree(def.tree, input, formulas);
      if (def.rules?.length) {
        const byCode = new Map(criteria.map((c) => [c.code, c]));
        for (const rule of def.rules) rule(input, byCode);
        // Rules may change leaves; recompute parents bottom-up from the (possibly changed) leaves.
        recomputeParents(def.tree, byCode);
      }
      const root = criteria[0]!;
      return { area: def.area, pluginId: def.id, pluginVersion: def.version, points: root.points, max: root.max, criteria };
    },
    inputs: () => treeInputs(def.tree),
  };
  return Object.freeze(plugin);
}

/** After rules changed leaves: parents again as the capped sum of their counted children. */
export function recomputeParents(n: CriterionDef, byCode: Map<string, CriterionScore>): CriterionScore {
  const s = byCode.get(n.code)!;
  if (!n.children?.length) return s;
  const kids = n.children.map((c) => recomputeParents(c, byCode));
  const counted = kids.filter((k) => !k.excluded);
  s.points = Decimal.min(sum(counted.map((k) => k.points)), s.declaredMax);
  s.max = Decimal.min(sum(counted.map((k) => k.max)), s.declaredMax);
  return s;
}

/** What a province may change when it uses a plugin package's factory. */
export interface AreaPluginOptions {
  /** Swap the tree for a province's own (checked like any other). */
  tree?: AreaTree;
  id?: string;
  version?: string;
}

/**
 * A plugin package's factory (`proceduresArea(options)`): the package's defaults, overridable per
 * province. Options are closed over; nothing is shared between two calls.
 */
export function areaPluginFactory(defaults: Omit<AreaPluginDef, 'coreApi' | 'version'> & { version?: string; coreApi?: string }) {
  return (options: AreaPluginOptions = {}): AreaPlugin =>
    defineAreaPlugin({
      ...defaults,
      id: options.id ?? defaults.id,
      version: options.version ?? defaults.version ?? '1.0.0',
      coreApi: defaults.coreApi ?? '^1.0.0',
      tree: options.tree ?? defaults.tree,
    });
}

/** Convenience for writing trees in code: a leaf. */
export const leaf = (code: string, title: string, max: string, method: ScoringMethod, extra: Partial<CriterionDef> = {}): CriterionDef => ({
  code,
  title,
  max,
  method,
  ...extra,
});

/** Convenience for writing trees in code: a parent whose max is the sum of its children. */
export const group = (code: string, title: string, children: CriterionDef[], extra: Partial<CriterionDef> = {}): CriterionDef => ({
  code,
  title,
  max: sum(children.map((c) => c.max)).toFixed(),
  children,
  ...extra,
});

export const areaTree = (code: string, title: string, children: CriterionDef[]): AreaTree => ({
  code,
  title,
  max: sum(children.map((c) => c.max)).toFixed(),
  children,
});
