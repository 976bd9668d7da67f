import { describe, expect, it } from 'vitest';
import { dec } from '../common/decimal.js';
import { Band } from '../ranking/band.js';
import { UnitKind } from '../unit/unit-kind.js';
import { Area } from './area.js';
import type { AreaPlugin, AreaTree } from './contract.js';
import { areaTree, defineAreaPlugin, leaf, PluginDefinitionError } from './engine.js';
import { evaluateFormula, parseFormula } from './formula.js';
import { AREA_ORDER, applyCapRules, bandFor, definePreset, PresetRegistry, scorePreset, type Preset } from './preset.js';
import { scoreSnapshot } from './criteria.service.js';

/** A one-leaf area worth `max` points, code `<n>.1`. */
const tiny = (area: Area, n: number, max = '1', extra: Partial<Parameters<typeof defineAreaPlugin>[0]> = {}): AreaPlugin =>
  defineAreaPlugin({
    id: `test/area-${n}`,
    area,
    version: '1.0.0',
    coreApi: '^1.0.0',
    title: `Lĩnh vực ${n}`,
    tree: areaTree(String(n), `Lĩnh vực ${n}`, [leaf(`${n}.1`, `Tiêu chí ${n}.1`, max, { kind: 'yesNo' })]),
    ...extra,
  });
const allAreas = () => Object.fromEntries(AREA_ORDER.map((a, i) => [a, tiny(a, i + 1)])) as Record<Area, AreaPlugin>;
const BANDS = [
  { band: Band.EXCELLENT, minIndex: '90' },
  { band: Band.GOOD, minIndex: '80' },
  { band: Band.FAIR, minIndex: '70' },
  { band: Band.AVERAGE, minIndex: '50' },
  { band: Band.WEAK, minIndex: '0' },
];
const base = (): Preset => definePreset({ id: 'base', title: 'Cơ sở', version: '1.0.0', areas: allAreas(), bands: BANDS });

const problemsOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PluginDefinitionError);
    return (e as Error).message;
  }
  throw new Error('expected a PluginDefinitionError');
};

describe('the plugin host refuses broken definitions, naming the culprit', () => {
  it('a plugin whose core range excludes this core', () => {
    const msg = problemsOf(() => tiny(Area.LEADERSHIP, 1, '1', { id: 'old/area-leadership', coreApi: '^0.9.0' }));
    expect(msg).toMatch(/plugin old\/area-leadership: coreApi "\^0\.9\.0" không tương thích với API lõi 1\.0\.0/);
  });

  it('a duplicate criterion code, inside a plugin and across a preset', () => {
    const dup: AreaTree = { code: '1', title: 'A', max: '2', children: [leaf('1.1', 'x', '1', { kind: 'yesNo' }), leaf('1.1', 'y', '1', { kind: 'yesNo' })] };
    expect(problemsOf(() => defineAreaPlugin({ id: 'dup/plugin', area: Area.LEADERSHIP, version: '1.0.0', coreApi: '^1.0.0', title: 'A', tree: dup }))).toMatch(
      /plugin dup\/plugin \[1\.1\]: Mã tiêu chí "1\.1" bị trùng/,
    );
    const clash = tiny(Area.INSTITUTIONS, 1); // codes "1", "1.1" as in the leadership slot
    expect(problemsOf(() => definePreset({ id: 'clash', title: 'x', version: '1.0.0', extends: base(), areas: { [Area.INSTITUTIONS]: clash } }))).toMatch(
      /preset clash \[1\]: Mã tiêu chí "1" dùng ở cả test\/area-1 \(LEADERSHIP\) và test\/area-1 \(INSTITUTIONS\)/,
    );
  });

  it('a preset with an empty slot, or a plugin in the wrong slot', () => {
    const areas = allAreas();
    delete (areas as Partial<Record<Area, AreaPlugin>>)[Area.PUBLIC_FINANCE];
    expect(problemsOf(() => definePreset({ id: 'holey', title: 'x', version: '1.0.0', areas, bands: BANDS }))).toMatch(
      /preset holey: Lĩnh vực PUBLIC_FINANCE chưa có plugin \(ô trống\)/,
    );
    expect(
      problemsOf(() => definePreset({ id: 'swapped', title: 'x', version: '1.0.0', extends: base(), areas: { [Area.PROCEDURES]: tiny(Area.ORGANIZATION, 9) } })),
    ).toMatch(/Ô PROCEDURES được gán plugin test\/area-9 của lĩnh vực ORGANIZATION/);
  });

  it('a declared maximum that differs from its children', () => {
    const bad: AreaTree = { code: '3', title: 'TTHC', max: '13', children: [leaf('3.1', 'a', '6', { kind: 'yesNo' }), leaf('3.2', 'b', '6.5', { kind: 'yesNo' })] };
    expect(problemsOf(() => defineAreaPlugin({ id: 'p/procedures', area: Area.PROCEDURES, version: '1.0.0', coreApi: '^1.0.0', title: 'x', tree: bad }))).toMatch(
      /plugin p\/procedures \[3\]: Điểm tối đa 13 khác tổng điểm tối đa của các tiêu chí con \(12,5\)/,
    );
  });

  it('every problem at once, not just the first', () => {
    const msg = problemsOf(() =>
      defineAreaPlugin({
        id: 'many',
        area: Area.LEADERSHIP,
        version: 'one',
        coreApi: '^1.0.0',
        title: 'x',
        tree: { code: '1', title: 'x', max: '2', children: [leaf('1.1', 'a', '1', { kind: 'levels', levels: [{ value: 'a', label: 'A', points: '5' }] })] },
      }),
    );
    expect(msg.split('\n')).toHaveLength(3); // version, max mismatch, level points above max
  });
});

describe('presets', () => {
  it('extend another and swap areas; two provinces side by side in one registry', () => {
    const national = base();
    const a = definePreset({ id: 'tinh-a', title: 'A', version: '1.0.0', province: 'tinh-a', extends: national, areas: { [Area.PROCEDURES]: tiny(Area.PROCEDURES, 3, '2') } });
    const b = definePreset({ id: 'tinh-b', title: 'B', version: '1.0.0', province: 'tinh-b', extends: national, bands: [{ band: Band.GOOD, minIndex: '50' }, { band: Band.WEAK, minIndex: '0' }] });
    const reg = new PresetRegistry([national, a, b]);
    expect(reg.get('tinh-a')!.areas[Area.PROCEDURES].tree.max).toBe('2');
    expect(reg.get('tinh-b')!.areas[Area.PROCEDURES].tree.max).toBe('1');
    expect(reg.get('tinh-a')!.lineage).toEqual(['base']);
    expect(() => new PresetRegistry([a, a])).toThrow(/Trùng id preset/);
  });

  it('scores all areas: 8 yes of 8 points in tỉnh A → 100 %; 5 of 8 → 62.5 % → Trung bình', () => {
    const p = definePreset({ id: 'tinh-a', title: 'A', version: '1.0.0', extends: base(), areas: { [Area.PROCEDURES]: tiny(Area.PROCEDURES, 3, '2') } });
    const yes = (codes: string[]) => Object.fromEntries(codes.map((c) => [c, { value: 'yes', evidenceCount: 1 }]));
    const all = scorePreset(p, { unitKind: UnitKind.DEPARTMENT, indicators: {}, entries: yes(['1.1', '2.1', '3.1', '4.1', '5.1', '6.1', '7.1']) });
    expect([all.total.toFixed(), all.max.toFixed(), all.index.toFixed(2)]).toEqual(['8', '8', '100.00']);
    // 1.1, 2.1, 3.1 (2 points), 4.1 → 1 + 1 + 2 + 1 = 5 of 8 = 62.5 %
    const some = scorePreset(p, { unitKind: UnitKind.DEPARTMENT, indicators: {}, entries: yes(['1.1', '2.1', '3.1', '4.1']) });
    expect([some.total.toFixed(), some.index.toFixed(2)]).toEqual(['5', '62.50']);
    expect(bandFor(p, some.index)).toBe(Band.AVERAGE);
    expect(bandFor(p, dec('89.99'))).toBe(Band.GOOD);
    expect(bandFor(p, dec('90'))).toBe(Band.EXCELLENT);
  });

  it('cap rules name the rule and the values that triggered it', () => {
    const p = definePreset({
      id: 'kl91',
      title: 'x',
      version: '1.0.0',
      extends: base(),
      capRules: [
        {
          id: 'cap',
          title: 'Trễ hạn ≥ 5 % hoặc hài lòng ≤ 80 %: tối đa Khá',
          basis: 'KL 91-KL/TU',
          anyOf: [
            { indicator: 'LATE_DOSSIER_RATE', op: '>=', value: '5' },
            { indicator: 'SATISFACTION', op: '<=', value: '80' },
          ],
          maxBand: Band.FAIR,
        },
      ],
    });
    const r = applyCapRules(p, Band.EXCELLENT, { LATE_DOSSIER_RATE: { value: '5' }, SATISFACTION: { value: '92' } });
    expect(r.band).toBe(Band.FAIR);
    expect(r.applied[0]!.triggers).toEqual([{ indicator: 'LATE_DOSSIER_RATE', value: '5', condition: '>= 5' }]);
    expect(applyCapRules(p, Band.GOOD, { LATE_DOSSIER_RATE: { value: '4.99' }, SATISFACTION: { value: '80.01' } }).band).toBe(Band.GOOD);
    expect(applyCapRules(p, Band.AVERAGE, { SATISFACTION: { value: '70' } }).band).toBe(Band.AVERAGE); // already below the cap
  });

  it('bands must be descending and end at 0', () => {
    expect(problemsOf(() => definePreset({ id: 'b', title: 'x', version: '1.0.0', areas: allAreas(), bands: [{ band: Band.GOOD, minIndex: '50' }, { band: Band.FAIR, minIndex: '60' }] }))).toMatch(
      /giảm dần[\s\S]*ngưỡng cuối cùng phải là 0/,
    );
  });
});

describe('formulas are parsed, never evaluated as code', () => {
  const run = (src: string, vars: Record<string, string> = {}) =>
    evaluateFormula(parseFormula(src), Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, dec(v)]))).toFixed();
  it('arithmetic, precedence, comparisons and functions with exact decimals', () => {
    expect(run('0.1 + 0.2')).toBe('0.3');
    expect(run('2 + 3 * 4 - -1')).toBe('15');
    expect(run('min(1, a / b)', { a: '3', b: '4' })).toBe('0.75');
    expect(run('if(late == 0, 1, max(0, 1 - late * 0.25))', { late: '3' })).toBe('0.25');
    expect(run('(x >= 70) * 1.5', { x: '70' })).toBe('1.5');
  });
  it('rejects anything else with a readable message', () => {
    for (const bad of ['process.exit()', 'a; b', 'constructor', '1 +', 'eval(1)', '__proto__(1)', '2 ** 3', '"x"'])
      expect(() => evaluateFormula(parseFormula(bad), {}), bad).toThrow();
    expect(() => evaluateFormula(parseFormula('1 / 0'), {})).toThrow(/Chia cho 0/);
    expect(() => parseFormula('foo(1)')).toThrow(/Hàm "foo" không được hỗ trợ/);
  });
});

describe('scoring from a snapshot', () => {
  const snapshotOf = (p: Preset) =>
    AREA_ORDER.flatMap((a) => {
      const plugin = p.areas[a];
      const rows: Record<string, unknown>[] = [];
      const walk = (n: { code: string; title: string; max: string; method?: unknown; children?: unknown[] }, parent: string | null, depth: number) => {
        rows.push({ area: a, code: n.code, parentCode: parent, position: rows.length, depth, title: n.title, max: dec(n.max), method: n.method ?? null, sourceId: plugin.id, sourceVersion: plugin.version });
        (n.children as (typeof n)[] | undefined)?.forEach((c) => walk(c, n.code, depth + 1));
      };
      walk(plugin.tree, null, 0);
      return rows;
    }).map((r, i) => ({ ...r, position: i })) as never[];

  it("applies a plugin's code rules only when the installed plugin is the snapshotted id@version", () => {
    // A rule that data cannot say: "1.1" is worth nothing unless "2.1" is also met.
    const ruled = tiny(Area.LEADERSHIP, 1, '1', {
      rules: [
        (input, scores) => {
          if (input.entries['2.1']?.value !== 'yes') Object.assign(scores.get('1.1')!, { points: dec(0), reason: 'Chỉ tính khi tiêu chí 2.1 đạt' });
        },
      ],
    });
    const p = definePreset({ id: 'ruled', title: 'x', version: '1.0.0', extends: base(), areas: { [Area.LEADERSHIP]: ruled } });
    const rows = snapshotOf(p);
    const input = { unitKind: UnitKind.DEPARTMENT, indicators: {}, entries: { '1.1': { value: 'yes' } } };
    const s = scoreSnapshot(rows, p, input);
    expect(s.areas[0]!.points.toFixed()).toBe('0'); // the rule ran: 1.1 is 0 without 2.1
    expect(s.areas[0]!.criteria[1]!.reason).toBe('Chỉ tính khi tiêu chí 2.1 đạt');
    // A later version of the plugin is installed: the snapshot scores by its data alone.
    const newer = definePreset({ id: 'ruled', title: 'x', version: '1.0.1', extends: base(), areas: { [Area.LEADERSHIP]: { ...ruled, version: '1.1.0' } } });
    expect(scoreSnapshot(rows, newer, input).areas[0]!.points.toFixed()).toBe('1');
  });
});
