import type { EntityManager } from '@mikro-orm/postgresql';
import { dec } from '../common/decimal.js';
import { ErrorCode, notFound, UserError } from '../common/errors.js';
import { AssessmentRound, RoundGroup } from '../round/assessment-round.entity.js';
import { Area } from './area.js';
import type { AreaTree, CriterionDef, ScoreInput } from './contract.js';
import { CriteriaSet, CriterionSnapshot } from './criteria.entity.js';
import { parseCriteriaYaml, type CriteriaFileProblem, type ParsedCriteriaFile } from './criteria-file.js';
import { parseCriteriaXlsx } from './criteria-xlsx.js';
import { recomputeParents, scoreTree } from './engine.js';
import { AREA_ORDER, scorePreset, type Preset, type PresetRegistry, type PresetScore } from './preset.js';

/** Criteria of one round group, as trees with the id@version that defined each. */
export interface CriteriaSource {
  trees: { area: string; tree: AreaTree; sourceId: string; sourceVersion: string }[];
}

/**
 * Imports a criteria set (YAML text, or an XLSX workbook in the template's shape) as the next
 * version of its code; every problem is listed with its line or row, nothing written on error.
 */
export async function importCriteriaSet(
  em: EntityManager,
  provinceId: string,
  content: string | Buffer,
  format: 'yaml' | 'xlsx' = typeof content === 'string' ? 'yaml' : 'xlsx',
): Promise<CriteriaSet> {
  const parsed: { ok: true; value: ParsedCriteriaFile } | { ok: false; problems: CriteriaFileProblem[] } =
    format === 'yaml' ? parseCriteriaYaml(String(content)) : await parseCriteriaXlsx(Buffer.isBuffer(content) ? content : Buffer.from(content, 'base64'));
  if (!parsed.ok)
    throw new UserError(
      ErrorCode.BAD_USER_INPUT,
      `Tệp bộ tiêu chí có ${parsed.problems.length} lỗi; chưa có gì được ghi. Sửa các lỗi được liệt kê (${format === 'yaml' ? 'dòng' : 'dòng trong bảng tính'}, vị trí) rồi nhập lại.`,
      { field: 'content', problems: parsed.problems },
    );
  const { code, title, definition } = parsed.value;
  const [row] = await em.execute<{ v: number | null }[]>(`select max(version) as v from criteria_set where province_id = ? and code = ?`, [provinceId, code]);
  const source = typeof content === 'string' ? content : content.toString('base64');
  const set = em.create(CriteriaSet, { province: provinceId, code, version: (row?.v ?? 0) + 1, title, format, definition, source });
  await em.flush();
  return set;
}

/**
 * Resolves what a round group's `criteriaSet` names: a preset id (its plugins' trees) or
 * `set:<code>` / `set:<code>@<version>` (a stored criteria set of the province).
 */
export async function resolveCriteria(em: EntityManager, presets: PresetRegistry, provinceId: string, ref: string): Promise<CriteriaSource> {
  const m = /^set:([a-z0-9-]+)(?:@(\d+))?$/.exec(ref);
  if (m) {
    const where = { province: provinceId, code: m[1]!, ...(m[2] ? { version: Number(m[2]) } : {}) };
    const set = await em.findOne(CriteriaSet, where, { orderBy: { version: 'desc' } });
    if (!set) throw notFound(`Không tìm thấy bộ tiêu chí "${ref}" của tỉnh.`);
    const id = `set:${set.code}`;
    const v = String(set.version);
    return {
      trees: [
        ...AREA_ORDER.map((a) => ({ area: a, tree: set.definition.areas[a]!, sourceId: id, sourceVersion: v })),
        ...(set.definition.impact ? [{ area: 'IMPACT', tree: set.definition.impact, sourceId: id, sourceVersion: v }] : []),
        ...(set.definition.bonus ? [{ area: 'BONUS', tree: set.definition.bonus, sourceId: id, sourceVersion: v }] : []),
      ],
    };
  }
  const preset = presets.get(ref.replace(/^preset:/, ''));
  if (!preset) throw notFound(`Không có preset hoặc bộ tiêu chí "${ref}" (dùng mã preset, hoặc set:<mã bộ tiêu chí>).`);
  return {
    trees: [
      ...AREA_ORDER.map((a) => ({ area: a, tree: preset.areas[a].tree, sourceId: preset.areas[a].id, sourceVersion: preset.areas[a].version })),
      ...(preset.impact ? [{ area: 'IMPACT', tree: preset.impact.tree, sourceId: preset.impact.id, sourceVersion: preset.impact.version }] : []),
      ...(preset.bonus ? [{ area: 'BONUS', tree: preset.bonus.tree, sourceId: preset.bonus.id, sourceVersion: preset.bonus.version }] : []),
    ],
  };
}

/** Freezes the criteria of every group of a round into criterion_snapshot rows. */
export async function snapshotRound(em: EntityManager, presets: PresetRegistry, round: AssessmentRound, groups: RoundGroup[]): Promise<number> {
  let rows = 0;
  for (const g of groups) {
    const source = await resolveCriteria(em, presets, round.province.id, g.criteriaSet);
    let position = 0;
    for (const t of source.trees) {
      const walk = (n: CriterionDef, parent: string | null, depth: number) => {
        em.create(CriterionSnapshot, {
          province: round.province,
          round,
          group: g.group,
          area: t.area,
          code: n.code,
          parentCode: parent,
          position: position++,
          depth,
          title: n.title,
          max: dec(n.max),
          method: n.method ?? null,
          evidence: n.evidence ?? null,
          guidance: n.guidance ?? null,
          appliesTo: n.appliesTo ?? null,
          notApplicable: n.notApplicable ?? null,
          sourceId: t.sourceId,
          sourceVersion: t.sourceVersion,
        });
        rows++;
        n.children?.forEach((c) => walk(c, n.code, depth + 1));
      };
      walk(t.tree, null, 0);
    }
  }
  return rows;
}

/** Rebuilds the trees of a round group from its snapshot rows (ordered by position). */
export function treesFromSnapshot(rows: readonly CriterionSnapshot[]): { area: string; tree: AreaTree; sourceId: string; sourceVersion: string }[] {
  const nodes = new Map<string, CriterionDef>();
  const roots: { area: string; tree: AreaTree; sourceId: string; sourceVersion: string }[] = [];
  for (const r of [...rows].sort((a, b) => a.position - b.position)) {
    const n: CriterionDef = {
      code: r.code,
      title: r.title,
      max: r.max.toFixed(),
      ...(r.method ? { method: r.method } : {}),
      ...(r.evidence ? { evidence: r.evidence } : {}),
      ...(r.guidance ? { guidance: r.guidance } : {}),
      ...(r.appliesTo ? { appliesTo: r.appliesTo as CriterionDef['appliesTo'] } : {}),
      ...(r.notApplicable ? { notApplicable: r.notApplicable as CriterionDef['notApplicable'] } : {}),
    };
    nodes.set(r.code, n);
    if (r.parentCode) {
      const p = nodes.get(r.parentCode)!;
      (p.children ??= []).push(n);
    } else roots.push({ area: r.area, tree: n as AreaTree, sourceId: r.sourceId, sourceVersion: r.sourceVersion });
  }
  return roots;
}

/**
 * Scores a unit's entries against a round group's snapshot (pure once the rows are loaded):
 * the same engine as the plugins, so a past year is re-scored by its frozen criteria. Bands,
 * caps and rescaling come from the round's preset.
 */
export function scoreSnapshot(rows: readonly CriterionSnapshot[], preset: Preset, input: ScoreInput): PresetScore {
  return scoreTrees(treesFromSnapshot(rows), preset, input);
}

/**
 * Scores a unit against criteria trees (a snapshot's, or a preset's or criteria set's resolved by
 * `resolveCriteria`), with the preset's arithmetic; pure. Trees are not modified, so one set of
 * trees serves every unit of a group.
 */
export function scoreTrees(trees: readonly { area: string; tree: AreaTree; sourceId: string; sourceVersion: string }[], preset: Preset, input: ScoreInput): PresetScore {
  const installed = Object.values(preset.areas);
  const scored = trees.map((t) => {
    const criteria = scoreTree(t.tree, input);
    // A plugin's code rules apply when the installed plugin is the very id@version that was
    // snapshotted; data-only plugins and criteria sets score from the snapshot alone.
    const plugin = installed.find((p) => p.id === t.sourceId && p.version === t.sourceVersion);
    if (plugin?.rules?.length) {
      const byCode = new Map(criteria.map((c) => [c.code, c]));
      for (const rule of plugin.rules) rule(input, byCode);
      recomputeParents(t.tree, byCode);
    }
    return { area: t.area as Area, pluginId: t.sourceId, pluginVersion: t.sourceVersion, points: criteria[0]!.points, max: criteria[0]!.max, criteria };
  });
  const areas = scored.filter((s) => s.area !== ('IMPACT' as Area) && s.area !== ('BONUS' as Area));
  const impactTree = trees.find((t) => t.area === 'IMPACT');
  const bonusTree = trees.find((t) => t.area === 'BONUS');
  // Reuse the preset arithmetic (rescaling, bonus, index rounding) over the snapshot's trees.
  const shaped: Preset = {
    ...preset,
    areas: Object.fromEntries(
      areas.map((a) => [a.area, { ...preset.areas[a.area], score: () => a } as unknown as Preset['areas'][Area]]),
    ) as Preset['areas'],
    impact: impactTree ? { id: impactTree.sourceId, version: impactTree.sourceVersion, title: impactTree.tree.title, tree: impactTree.tree } : null,
    bonus: bonusTree ? { id: bonusTree.sourceId, version: bonusTree.sourceVersion, title: bonusTree.tree.title, tree: bonusTree.tree } : null,
  };
  return scorePreset(shaped, input);
}

export async function snapshotRows(em: EntityManager, roundId: string, groupId: string) {
  return em.find(CriterionSnapshot, { round: roundId, group: groupId }, { orderBy: { position: 'asc' } });
}

