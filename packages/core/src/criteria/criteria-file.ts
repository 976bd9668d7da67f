import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { UnitKind } from '../unit/unit-kind.js';
import { Area } from './area.js';
import type { AreaTree, CriterionDef } from './contract.js';
import type { CriteriaSetDefinition } from './criteria.entity.js';
import { validateTree } from './engine.js';
import { AREA_ORDER } from './preset.js';

/** One problem in a criteria file, with where it is. */
export interface CriteriaFileProblem {
  line: number | null;
  path: string;
  message: string;
}

export interface ParsedCriteriaFile {
  code: string;
  title: string;
  definition: CriteriaSetDefinition;
}

const KNOWN_KEYS = new Set(['code', 'title', 'max', 'method', 'children', 'evidence', 'guidance', 'appliesTo', 'notApplicable']);
const CODE = /^[a-z0-9][a-z0-9-]{1,79}$/;

/**
 * Reads a criteria set written in YAML:
 *
 *   code: khanh-hoa-cap-xa
 *   title: Bộ tiêu chí UBND cấp xã
 *   areas:
 *     LEADERSHIP: { code: "1", title: ..., max: "8", children: [ ... ] }
 *     ...all seven...
 *   impact: { ... }   # optional
 *   bonus:  { ... }   # optional
 *
 * Every problem is listed with its line and path; nothing is returned unless the file is clean.
 */
export function parseCriteriaYaml(text: string): { ok: true; value: ParsedCriteriaFile } | { ok: false; problems: CriteriaFileProblem[] } {
  const problems: CriteriaFileProblem[] = [];
  if (text.length > 2_000_000) return { ok: false, problems: [{ line: null, path: '', message: 'Tệp quá lớn (tối đa 2 MB).' }] };
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  } catch (e) {
    return { ok: false, problems: [{ line: null, path: '', message: `Không đọc được YAML: ${(e as Error).message}` }] };
  }
  for (const err of doc.errors)
    problems.push({ line: err.linePos?.[0]?.line ?? null, path: '', message: `Lỗi cú pháp YAML: ${err.message.split('\n')[0]}` });
  if (problems.length) return { ok: false, problems };

  const lineOf = (path: (string | number)[]): number | null => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const parentNode = path.length ? (doc.getIn(path.slice(0, -1), true) as { range?: [number, number, number] } | undefined) : undefined;
    const offset = node?.range?.[0] ?? parentNode?.range?.[0];
    return offset == null ? null : lines.linePos(offset).line;
  };
  const bad = (path: (string | number)[], message: string) => problems.push({ line: lineOf(path), path: path.join('.'), message });

  if (!isMap(doc.contents)) return { ok: false, problems: [{ line: 1, path: '', message: 'Tệp phải là một bảng (mapping) có code, title và areas.' }] };
  const data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  const code = typeof data.code === 'string' ? data.code.trim() : '';
  if (!CODE.test(code)) bad(['code'], 'code phải gồm chữ thường không dấu, số và gạch ngang (2–80 ký tự).');
  const title = typeof data.title === 'string' ? data.title.trim() : '';
  if (!title) bad(['title'], 'Thiếu title (tên bộ tiêu chí).');
  for (const k of Object.keys(data)) if (!['code', 'title', 'areas', 'impact', 'bonus', 'description'].includes(k)) bad([k], `Khóa "${k}" không được hỗ trợ.`);

  const node = (v: unknown, path: (string | number)[]): CriterionDef | null => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      bad(path, 'Mỗi tiêu chí phải là một bảng có code, title, max.');
      return null;
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!KNOWN_KEYS.has(k)) bad([...path, k], `Khóa "${k}" không được hỗ trợ trong tiêu chí.`);
    const str = (k: string) => (typeof o[k] === 'string' || typeof o[k] === 'number' ? String(o[k]).trim() : '');
    const c: CriterionDef = { code: str('code'), title: str('title'), max: str('max') };
    if (!c.code) bad([...path, 'code'], 'Thiếu mã tiêu chí (code).');
    if (!c.title) bad([...path, 'title'], 'Thiếu tên tiêu chí (title).');
    if (o.max === undefined) bad([...path, 'max'], 'Thiếu điểm tối đa (max).');
    if (o.method !== undefined) {
      if (!o.method || typeof o.method !== 'object' || Array.isArray(o.method)) bad([...path, 'method'], 'method phải là một bảng có kind.');
      else c.method = normaliseNumbers(o.method) as CriterionDef['method'];
    }
    if (o.evidence !== undefined) {
      const e = o.evidence as Record<string, unknown>;
      if (!e || typeof e !== 'object' || typeof e.required !== 'boolean') bad([...path, 'evidence'], 'evidence cần required: true/false.');
      else c.evidence = { required: e.required, ...(typeof e.description === 'string' ? { description: e.description } : {}) };
    }
    if (o.guidance !== undefined) c.guidance = String(o.guidance);
    if (o.notApplicable !== undefined) c.notApplicable = o.notApplicable as CriterionDef['notApplicable'];
    if (o.appliesTo !== undefined) {
      if (!Array.isArray(o.appliesTo) || o.appliesTo.some((k) => !Object.values(UnitKind).includes(k as UnitKind)))
        bad([...path, 'appliesTo'], `appliesTo là danh sách loại đơn vị: ${Object.values(UnitKind).join(', ')}.`);
      else c.appliesTo = o.appliesTo as UnitKind[];
    }
    if (o.children !== undefined) {
      if (!Array.isArray(o.children)) bad([...path, 'children'], 'children phải là danh sách.');
      else c.children = o.children.map((ch, i) => node(ch, [...path, 'children', i])).filter((x): x is CriterionDef => x !== null);
    }
    return c;
  };

  const definition: CriteriaSetDefinition = { areas: {} };
  const areas = data.areas as Record<string, unknown> | undefined;
  if (!areas || typeof areas !== 'object' || Array.isArray(areas)) bad(['areas'], `Thiếu areas với đủ bảy lĩnh vực: ${AREA_ORDER.join(', ')}.`);
  else {
    for (const k of Object.keys(areas)) if (!Object.values(Area).includes(k as Area)) bad(['areas', k], `Lĩnh vực "${k}" không hợp lệ; dùng ${AREA_ORDER.join(', ')}.`);
    for (const a of AREA_ORDER) {
      if (!(a in areas)) {
        bad(['areas'], `Thiếu lĩnh vực ${a} (ô trống).`);
        continue;
      }
      const t = node(areas[a], ['areas', a]);
      if (t) {
        if (!t.children?.length) bad(['areas', a], 'Lĩnh vực phải có ít nhất một tiêu chí con (children).');
        definition.areas[a] = t as AreaTree;
      }
    }
  }
  for (const part of ['impact', 'bonus'] as const) {
    if (data[part] == null) continue;
    const t = node(data[part], [part]);
    if (t) definition[part] = t as AreaTree;
  }

  // Semantics (maxima, methods, unique codes) once the shape is right; point at the criterion's line.
  if (!problems.length) {
    const seen = new Set<string>();
    const paths = new Map<string, (string | number)[]>();
    const index = (n: CriterionDef, path: (string | number)[]) => {
      paths.set(n.code, path);
      n.children?.forEach((c, i) => index(c, [...path, 'children', i]));
    };
    for (const [a, t] of Object.entries(definition.areas)) index(t, ['areas', a]);
    if (definition.impact) index(definition.impact, ['impact']);
    if (definition.bonus) index(definition.bonus, ['bonus']);
    const trees = [...Object.values(definition.areas), definition.impact, definition.bonus].filter((t): t is AreaTree => !!t);
    for (const t of trees)
      for (const p of validateTree(t, 'file', seen)) {
        const path = p.code ? (paths.get(p.code) ?? []) : [];
        problems.push({ line: lineOf(path), path: path.join('.'), message: `${p.code ? `[${p.code}] ` : ''}${p.message}` });
      }
  }
  if (problems.length) return { ok: false, problems: problems.sort((x, y) => (x.line ?? 0) - (y.line ?? 0)) };
  return { ok: true, value: { code, title, definition } };
}

/** Numbers in methods become decimal strings ("0.5"), as the contract requires. */
function normaliseNumbers(v: unknown): unknown {
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(normaliseNumbers);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normaliseNumbers(x)]));
  return v;
}

