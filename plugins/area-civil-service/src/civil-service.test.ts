import { UnitKind } from '@par/core';
import { runPluginContract } from '@par/testing';
import { describe, expect, it } from 'vitest';
import { civilServiceArea } from './index.js';

const plugin = civilServiceArea();
// 5.4 applies to district and commune level only. The contract compares best entries with the
// declared maximum, so it runs as a commune (for a department 5.4 is excluded and the best
// reachable total is 7; the first golden case checks that).
runPluginContract(plugin, { expectedMax: '8', unitKind: UnitKind.COMMUNE });

describe('golden cases (expected points computed by hand)', () => {
  it('a department: 5.4 does not apply to its unit kind and leaves the total', () => {
    const r = plugin.score({
      unitKind: UnitKind.DEPARTMENT,
      indicators: {},
      entries: {
        '5.1': { variables: { placed: 45, staff: 50 }, evidenceCount: 1 }, // 90 %; (90 − 80) / (100 − 80) = 0.5 × 1.5 = 0.75
        '5.2': { variables: { rotated: 4, due: 5 }, evidenceCount: 1 }, // 80 %: not ≥ 100, ≥ 80 → 0.5
        '5.3.1': { value: 'tu-80', evidenceCount: 1 }, // 1
        '5.3.2': { value: 'yes', evidenceCount: 1 }, // 1
        '5.4': { value: 'yes', evidenceCount: 1 }, // department → not applicable by unit kind, excluded (0 of 0)
        '5.5': { variables: { violations: 1 }, evidenceCount: 1 }, // 2 − 0.5 × 1 = 1.5
      },
    });
    const c = Object.fromEntries(r.criteria.map((x) => [x.code, x]));
    expect(c['5.1']!.points.toFixed()).toBe('0.75');
    expect(c['5.2']!.points.toFixed()).toBe('0.5');
    expect(c['5.3']!.points.toFixed()).toBe('2'); // 1 + 1
    expect(c['5.4']!.excluded).toBe(true);
    expect(c['5.4']!.points.toFixed()).toBe('0');
    expect(c['5.5']!.points.toFixed()).toBe('1.5');
    // 0.75 + 0.5 + 1 + 1 + 1.5 = 4.75; max 8 − 1 = 7
    expect(r.points.toFixed()).toBe('4.75');
    expect(r.max.toFixed()).toBe('7');
  });

  it('a commune: half-up rounding, not applicable with full points, penalty formula at its floor', () => {
    const r = plugin.score({
      unitKind: UnitKind.COMMUNE,
      indicators: {},
      entries: {
        '5.1': { variables: { placed: 19, staff: 20 }, evidenceCount: 1 }, // 95 %; (95 − 80) / 20 = 0.75 × 1.5 = 1.125 → 1.13 (half-up)
        '5.2': { notApplicable: true }, // nobody due for rotation: full 1
        '5.3.1': { value: 'khong', evidenceCount: 1 }, // 0
        '5.3.2': { value: 'no' }, // 0
        '5.4': { value: 'yes', evidenceCount: 1 }, // commune → applies: 1
        '5.5': { variables: { violations: 5 }, evidenceCount: 1 }, // 2 − 2.5 = −0.5 → 0
      },
    });
    const p = Object.fromEntries(r.criteria.map((c) => [c.code, c.points.toFixed()]));
    expect(p).toMatchObject({ '5.1': '1.13', '5.2': '1', '5.3': '0', '5.4': '1', '5.5': '0' });
    // 1.13 + 1 + 0 + 0 + 1 + 0 = 3.13; nothing excluded: max 8
    expect(r.points.toFixed()).toBe('3.13');
    expect(r.max.toFixed()).toBe('8');
    // 5.3.2 answered "no" (0 points) without evidence is not flagged: evidence is only asked for points claimed
    expect(r.criteria.filter((c) => c.missingEvidence).map((c) => c.code)).toEqual([]);
  });
});
