import { UnitKind } from '@par/core';
import { runPluginContract } from '@par/testing';
import { describe, expect, it } from 'vitest';
import { organizationArea } from './index.js';

const plugin = organizationArea();
runPluginContract(plugin, { expectedMax: '10.5' });

describe('golden cases (expected points computed by hand)', () => {
  it('a typical department', () => {
    const r = plugin.score({
      unitKind: UnitKind.DEPARTMENT,
      indicators: {},
      entries: {
        '4.1.1': { value: 'yes', evidenceCount: 1 }, // 1.5
        '4.1.2': { value: 'mot-phan', evidenceCount: 1 }, // 1
        '4.1.3': { variables: { excessDeputies: 1 }, evidenceCount: 1 }, // 1 − 0.5 × 1 = 0.5
        '4.2.1': { variables: { reduced: 7, target: 9 }, evidenceCount: 1 }, // 7/9 = 77.77…%; (77.77… − 0) / 100 = 0.7777… × 2 = 1.5555… → 1.56 (half-up)
        '4.2.2': { value: 'yes', evidenceCount: 1 }, // 1.5
        '4.3.1': { value: 'chua-day-du', evidenceCount: 1 }, // 0.75
        '4.3.2': { variables: { handled: 2, found: 3 }, evidenceCount: 1 }, // 66.67 %: not ≥ 100, not ≥ 70, ≥ 50 → 0.5
      },
    });
    const p = Object.fromEntries(r.criteria.map((c) => [c.code, c.points.toFixed()]));
    // 4.1 = 1.5 + 1 + 0.5 = 3; 4.2 = 1.56 + 1.5 = 3.06; 4.3 = 0.75 + 0.5 = 1.25
    expect(p).toMatchObject({ '4.1': '3', '4.1.3': '0.5', '4.2': '3.06', '4.2.1': '1.56', '4.3': '1.25', '4.3.2': '0.5' });
    // 3 + 3.06 + 1.25 = 7.31
    expect(r.points.toFixed()).toBe('7.31');
    expect(r.max.toFixed()).toBe('10.5');
  });

  it('a whole group not applicable, a leaf not applicable with full points, and a penalty formula at its floor', () => {
    const r = plugin.score({
      unitKind: UnitKind.PUBLIC_SERVICE,
      indicators: {},
      entries: {
        '4.1.1': { value: 'yes' }, // 1.5, evidence required but none → flagged, points kept
        '4.1.2': { value: 'hoan-thanh', evidenceCount: 1 }, // 1.5
        '4.1.3': { variables: { excessDeputies: 3 }, evidenceCount: 1 }, // 1 − 1.5 = −0.5 → 0
        '4.2.1': { notApplicable: true }, // no target assigned: full 2
        '4.2.2': { value: 'no', evidenceCount: 1 }, // 0
        '4.3': { notApplicable: true }, // inherited by 4.3.1 and 4.3.2 (both default "exclude"): the group's 3 points leave the total
      },
    });
    const c = Object.fromEntries(r.criteria.map((x) => [x.code, x]));
    expect(c['4.1.1']!.missingEvidence).toBe(true);
    expect(c['4.1.1']!.points.toFixed()).toBe('1.5');
    expect(c['4.1.3']!.points.toFixed()).toBe('0');
    expect(c['4.2.1']!.points.toFixed()).toBe('2');
    expect(c['4.3.1']!.excluded).toBe(true);
    expect(c['4.3.2']!.excluded).toBe(true);
    expect(c['4.3']!.excluded).toBe(true);
    expect(c['4.3']!.max.toFixed()).toBe('0');
    // 1.5 + 1.5 + 0 + 2 + 0 = 5; max 10.5 − 3 = 7.5
    expect(r.points.toFixed()).toBe('5');
    expect(r.max.toFixed()).toBe('7.5');
  });
});
