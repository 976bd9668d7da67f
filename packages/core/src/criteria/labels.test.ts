import { describe, expect, it } from 'vitest';
import type { CriterionDef } from './contract.js';
import { methodVariables, validateTree } from './engine.js';

const leaf = (method: CriterionDef['method']): CriterionDef => ({ code: '2.1', title: 'Văn bản quy định chi tiết', max: '2', method });

describe('variable labels of a method', () => {
  it('accepts Vietnamese labels for the variables the method reads', () => {
    const m = { kind: 'ratioLinear', source: { numerator: 'onTime', denominator: 'planned' }, zeroAt: '50', fullAt: '100', labels: { onTime: 'Số văn bản ban hành đúng tiến độ', planned: 'Số văn bản phải ban hành' } } as const;
    expect(validateTree(leaf(m), 'thử')).toEqual([]);
    expect(methodVariables(m)).toEqual(['onTime', 'planned']);
    expect(methodVariables({ kind: 'formula', expression: 'min(1, published / required)' })).toEqual(['published', 'required']);
  });

  it('refuses a label for a variable the method does not read, or an empty label, naming it', () => {
    const problems = validateTree(leaf({ kind: 'count', variable: 'activities', perItem: '0.25', labels: { activites: 'Số hoạt động', activities: ' ' } }), 'thử').map((p) => p.message);
    expect(problems).toEqual([
      'Nhãn cho biến "activites" nhưng phương pháp không dùng biến này (có: activities).',
      'Nhãn của biến "activities" phải là chuỗi không rỗng.',
    ]);
  });

  it('every built-in plugin labels every variable it asks units to enter', async () => {
    const plugins = await Promise.all(
      ['area-leadership', 'area-institutions', 'area-procedures', 'area-organization', 'area-civil-service', 'area-public-finance', 'area-digital-government'].map(async (name) => {
        const mod = (await import(`../../../../plugins/${name}/src/index.ts`)) as Record<string, unknown>;
        return Object.entries(mod).find(([k]) => k.endsWith('_TREE'))?.[1] as CriterionDef;
      }),
    );
    const unlabelled: string[] = [];
    const walk = (n: CriterionDef) => {
      if (n.children?.length) return n.children.forEach(walk);
      for (const v of methodVariables(n.method!)) if (!n.method!.labels?.[v]) unlabelled.push(`${n.code}:${v}`);
    };
    for (const p of plugins) walk(p);
    expect(plugins.every(Boolean)).toBe(true);
    expect(unlabelled).toEqual([]);
  });
});
