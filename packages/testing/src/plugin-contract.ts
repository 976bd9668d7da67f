import {
  Area,
  CORE_API_VERSION,
  checkPluginDefinition,
  dec,
  sum,
  UnitKind,
  type AreaPlugin,
  type CriterionDef,
  type EntryInput,
  type ScoreInput,
} from '@par/core';
import { satisfies } from 'semver';
import { describe, expect, it } from 'vitest';

/** Walks a tree's leaves. */
function leaves(n: CriterionDef): CriterionDef[] {
  return n.children?.length ? n.children.flatMap(leaves) : [n];
}

/** The best entry a unit could make for a leaf (used to check that full marks reach the maximum). */
function bestEntry(n: CriterionDef): { entry: EntryInput; indicators: Record<string, { value: string }> } {
  const m = n.method!;
  switch (m.kind) {
    case 'yesNo':
      return { entry: { value: 'yes', evidenceCount: 1 }, indicators: {} };
    case 'levels': {
      const best = [...m.levels].sort((a, b) => dec(b.points).comparedTo(a.points))[0]!;
      return { entry: { value: best.value, evidenceCount: 1 }, indicators: {} };
    }
    case 'ratioLinear':
    case 'ratioThresholds': {
      // The threshold worth most points, wherever it is in the list.
      const t = m.kind === 'ratioThresholds' ? [...m.thresholds].sort((x, y) => dec(y.points).comparedTo(x.points))[0]! : null;
      const good =
        m.kind === 'ratioLinear'
          ? dec(m.fullAt)
          : t!.atLeast != null
            ? dec(t!.atLeast)
            : t!.above != null
              ? dec(t!.above).plus('0.01')
              : t!.atMost != null
                ? dec(t!.atMost)
                : dec(t!.below!).minus('0.01');
      if ('indicator' in m.source) return { entry: { evidenceCount: 1 }, indicators: { [m.source.indicator]: { value: good.toFixed() } } };
      return { entry: { variables: { [m.source.numerator]: good.toFixed(), [m.source.denominator]: '100' }, evidenceCount: 1 }, indicators: {} };
    }
    case 'count':
      return { entry: { variables: { [m.variable]: dec(m.perItem).isNegative() ? '0' : '1000' }, evidenceCount: 1 }, indicators: {} };
    case 'manual':
      return { entry: { points: n.max, evidenceCount: 1 }, indicators: {} };
    case 'survey':
      return { entry: {}, indicators: { [m.indicator]: { value: '100' } } };
    default:
      return { entry: { evidenceCount: 1 }, indicators: {} };
  }
}

/**
 * The contract every area plugin runs (from its own test file): identity and versions, a valid
 * tree, purity (same input → same output, input untouched), and the maxima the tree declares.
 */
export function runPluginContract(plugin: AreaPlugin, options: { expectedMax?: string; unitKind?: UnitKind } = {}) {
  const unitKind = options.unitKind ?? UnitKind.DEPARTMENT;
  describe(`plugin contract: ${plugin.id}@${plugin.version}`, () => {
    it('has an id, one of the seven areas, a semver version and a core range that admits this core', () => {
      expect(plugin.id).toMatch(/\S/);
      expect(Object.values(Area)).toContain(plugin.area);
      expect(plugin.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(satisfies(CORE_API_VERSION, plugin.coreApi)).toBe(true);
      expect(plugin.title).toMatch(/\S/);
      expect(() => checkPluginDefinition(plugin)).not.toThrow();
    });

    if (options.expectedMax) {
      it(`declares the area maximum ${options.expectedMax}`, () => {
        expect(dec(plugin.tree.max).equals(options.expectedMax!)).toBe(true);
      });
    }

    it('scores nothing entered as 0 with a reason for every criterion', () => {
      const r = plugin.score({ unitKind, entries: {}, indicators: {} });
      expect(r.pluginId).toBe(plugin.id);
      expect(r.pluginVersion).toBe(plugin.version);
      expect(r.area).toBe(plugin.area);
      expect(r.points.toFixed()).toBe('0');
      for (const c of r.criteria) expect(c.reason, c.code).toMatch(/\S/);
    });

    it('is pure: the same input gives the same output and the input is not changed', () => {
      const input: ScoreInput = { unitKind, entries: {}, indicators: {} };
      const entries: Record<string, EntryInput> = {};
      const indicators: Record<string, { value: string }> = {};
      for (const l of leaves(plugin.tree)) {
        const b = bestEntry(l);
        entries[l.code] = b.entry;
        Object.assign(indicators, b.indicators);
      }
      Object.assign(input, { entries, indicators });
      const frozen = JSON.stringify(input);
      const a = plugin.score(input);
      const b = plugin.score(input);
      expect(JSON.stringify(input)).toBe(frozen);
      expect(a.points.toFixed()).toBe(b.points.toFixed());
      expect(a.criteria.map((c) => [c.code, c.points.toFixed(), c.reason])).toEqual(b.criteria.map((c) => [c.code, c.points.toFixed(), c.reason]));
      // Best entries everywhere reach the maximum (formula leaves aside: their best inputs are
      // not knowable from outside), and no criterion exceeds its own.
      const formulaMax = sum(leaves(plugin.tree).filter((l) => l.method?.kind === 'formula').map((l) => l.max));
      // Compared with the maximum actually counted (criteria that do not apply to this unit kind are excluded).
      expect(a.points.gte(a.max.minus(formulaMax)), `${a.points.toFixed()} of ${a.max.toFixed()}`).toBe(true);
      for (const c of a.criteria) expect(c.points.lte(c.declaredMax), c.code).toBe(true);
    });

    it('lists the inputs each leaf reads', () => {
      const inputs = plugin.inputs();
      expect(inputs.map((i) => i.code).sort()).toEqual(leaves(plugin.tree).map((l) => l.code).sort());
    });

    it("parents' maxima are the sums of their children", () => {
      const check = (n: CriterionDef) => {
        if (!n.children?.length) return;
        expect(sum(n.children.map((c) => c.max)).equals(n.max), n.code).toBe(true);
        n.children.forEach(check);
      };
      check(plugin.tree);
    });
  });
}
