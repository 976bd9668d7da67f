import { UnitKind } from '@par/core';
import { runPluginContract } from '@par/testing';
import { describe, expect, it } from 'vitest';
import { publicFinanceArea } from './index.js';

const plugin = publicFinanceArea();
runPluginContract(plugin, { expectedMax: '6' });

describe('golden cases (expected points computed by hand)', () => {
  it('a department with subordinate public service units', () => {
    const r = plugin.score({
      unitKind: UnitKind.DEPARTMENT,
      indicators: {},
      entries: {
        '6.1.1': { value: 'yes', evidenceCount: 1 }, // 1
        '6.1.2': { variables: { autonomous: 3, units: 4 }, evidenceCount: 3 }, // 75 %; (75 − 0) / (100 − 0) = 0.75 × 1.5 = 1.125 → 1.13 (half-up)
        '6.2.1': { value: 'chua-cap-nhat', evidenceCount: 1 }, // 0.5
        '6.2.2': { value: 'yes', evidenceCount: 1 }, // 1
        '6.3': { variables: { done: 7, recommendations: 8 }, evidenceCount: 2 }, // 87.5 %: not ≥ 100, ≥ 80 → 1
      },
    });
    const p = Object.fromEntries(r.criteria.map((c) => [c.code, c.points.toFixed()]));
    // 6.1 = 1 + 1.13 = 2.13; 6.2 = 0.5 + 1 = 1.5
    expect(p).toMatchObject({ '6.1': '2.13', '6.1.2': '1.13', '6.2': '1.5', '6.3': '1' });
    // 2.13 + 1.5 + 1 = 4.63
    expect(r.points.toFixed()).toBe('4.63');
    expect(r.max.toFixed()).toBe('6');
  });

  it('no subordinate units (excluded), no audit recommendations (full points), a criterion left empty', () => {
    const r = plugin.score({
      unitKind: UnitKind.DEPARTMENT,
      indicators: {},
      entries: {
        '6.1.1': { value: 'no', evidenceCount: 1 }, // 0
        '6.1.2': { notApplicable: true }, // excluded: its max 1.5 leaves the total
        '6.2.1': { value: 'kip-thoi', evidenceCount: 1 }, // 1
        // 6.2.2 not entered: 0
        '6.3': { notApplicable: true }, // full 1.5
      },
    });
    const c = Object.fromEntries(r.criteria.map((x) => [x.code, x]));
    expect(c['6.1.2']!.excluded).toBe(true);
    expect(c['6.1']!.max.toFixed()).toBe('1'); // 2.5 − 1.5
    expect(c['6.1']!.points.toFixed()).toBe('0');
    expect(c['6.2.2']!.entered).toBe(false);
    expect(c['6.2']!.points.toFixed()).toBe('1');
    expect(c['6.3']!.points.toFixed()).toBe('1.5');
    // 0 + 1 + 0 + 1.5 = 2.5; max 6 − 1.5 = 4.5
    expect(r.points.toFixed()).toBe('2.5');
    expect(r.max.toFixed()).toBe('4.5');
  });
});
