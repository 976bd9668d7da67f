import { UnitKind } from '@par/core';
import { runPluginContract } from '@par/testing';
import { describe, expect, it } from 'vitest';
import { institutionsArea } from './index.js';

const plugin = institutionsArea();
runPluginContract(plugin, { expectedMax: '10' });

describe('golden cases (expected points computed by hand)', () => {
  it('a typical department', () => {
    const r = plugin.score({
      unitKind: UnitKind.DEPARTMENT,
      indicators: {},
      entries: {
        '2.1.1': { value: 'yes', evidenceCount: 1 }, // 0.5
        '2.1.2': { variables: { onTime: 7, planned: 8 }, evidenceCount: 1 }, // 7/8 = 87.5 %; (87.5 − 50) / (100 − 50) = 0.75 × 2 = 1.5
        '2.1.3': { value: 'dat' }, // 1
        '2.2.1': { value: 'no' }, // 0
        '2.2.2': { variables: { handled: 9, found: 10 } }, // 90 % ≥ 80 % → 1
        '2.3': { value: 'yes', evidenceCount: 2 }, // 1
        '2.4.1': { value: 'yes' }, // 0.5
        '2.4.2': { variables: { activities: 3 } }, // 3 × 0.25 = 0.75
        '2.5': { variables: { published: 3, required: 4 } }, // min(1, 0.75) = 0.75
      },
    });
    const p = Object.fromEntries(r.criteria.map((c) => [c.code, c.points.toFixed()]));
    expect(p).toMatchObject({ '2.1': '3', '2.2': '1', '2.4': '1.25', '2.5': '0.75' });
    // 0.5 + 1.5 + 1 + 0 + 1 + 1 + 0.5 + 0.75 + 0.75 = 7
    expect(r.points.toFixed()).toBe('7');
    expect(r.max.toFixed()).toBe('10');
  });

  it('not applicable with full points, a capped count, and missing evidence flagged', () => {
    const r = plugin.score({
      unitKind: UnitKind.COMMUNE,
      indicators: {},
      entries: {
        '2.1.1': { value: 'yes' }, // 0.5, evidence required but none → flagged, points kept
        '2.2.2': { notApplicable: true }, // full 1.5
        '2.4.2': { variables: { activities: 9 } }, // 9 × 0.25 = 2.25, capped at 1
      },
    });
    const c = Object.fromEntries(r.criteria.map((x) => [x.code, x]));
    expect(c['2.1.1']!.missingEvidence).toBe(true);
    expect(c['2.1.1']!.reason).toMatch(/thiếu tài liệu kiểm chứng/);
    expect(c['2.2.2']!.points.toFixed()).toBe('1.5');
    expect(c['2.4.2']!.points.toFixed()).toBe('1');
    // 0.5 + 1.5 + 1 = 3
    expect(r.points.toFixed()).toBe('3');
  });
});
