import { UnitKind } from '@par/core';
import { runPluginContract } from '@par/testing';
import { describe, expect, it } from 'vitest';
import { leadershipArea } from './index.js';

const plugin = leadershipArea();
runPluginContract(plugin, { expectedMax: '6' });

describe('golden cases (expected points computed by hand)', () => {
  it('a typical department', () => {
    const r = plugin.score({
      unitKind: UnitKind.DEPARTMENT,
      // 17 of 20 dated plan tasks on time = 85 %; (85 − 70) / (100 − 70) = 0.5 × 1 = 0.5
      indicators: { PLAN_ON_TIME_RATE: { value: '85', numerator: '17', denominator: '20' } },
      entries: {
        '1.1.1': { value: 'yes', evidenceCount: 1 }, // 0.5
        '1.2.1': { value: 'chua-day-du', evidenceCount: 1 }, // 0.25
        '1.2.2': { value: 'yes', evidenceCount: 1 }, // 0.75
        '1.3': { variables: { activities: 2 }, evidenceCount: 2 }, // 2 × 0.25 = 0.5 (cap 0.75)
        '1.4': { points: '0.5', evidenceCount: 1 }, // council: 0.5
        '1.5': { variables: { late: 1, missing: 0 }, evidenceCount: 1 }, // 0.75 − 0.25 × 1 − 0.5 × 0 = 0.5
        '1.6': { variables: { done: 9, assigned: 10 }, evidenceCount: 1 }, // 90 %: not ≥ 100, ≥ 90 → 0.5
      },
    });
    const p = Object.fromEntries(r.criteria.map((c) => [c.code, c.points.toFixed()]));
    // 1.1 = 0.5 + 0.5 = 1; 1.2 = 0.25 + 0.75 = 1
    expect(p).toMatchObject({ '1.1': '1', '1.1.2': '0.5', '1.2': '1', '1.3': '0.5', '1.4': '0.5', '1.5': '0.5', '1.6': '0.5' });
    // 0.5 + 0.5 + 0.25 + 0.75 + 0.5 + 0.5 + 0.5 + 0.5 = 4
    expect(r.points.toFixed()).toBe('4');
    expect(r.max.toFixed()).toBe('6');
    expect(r.criteria.some((c) => c.missingEvidence)).toBe(false);
  });

  it('rounding, not applicable with full points, capped count, clamped council score and penalty formula', () => {
    const r = plugin.score({
      unitKind: UnitKind.COMMUNE,
      // 20 of 23 on time = 86.9565… %; (86.9565… − 70) / 30 = 0.56521… × 1 → 0.57 (half-up)
      indicators: { PLAN_ON_TIME_RATE: { value: '86.9565', numerator: '20', denominator: '23' } },
      entries: {
        '1.1.1': { value: 'yes' }, // no evidence although required → flagged
        '1.2.2': { notApplicable: true }, // nothing found by inspection: full 0.75
        '1.3': { variables: { activities: 5 }, evidenceCount: 1 }, // 5 × 0.25 = 1.25, capped at 0.75
        '1.4': { points: '1.5', evidenceCount: 1 }, // 1.5 > max 1 → 1
        '1.5': { variables: { late: 2, missing: 1 }, evidenceCount: 1 }, // 0.75 − 0.5 − 0.5 = −0.25 → 0
        '1.6': { variables: { done: 6, assigned: 10 }, evidenceCount: 1 }, // 60 % < 70 % → 0
      },
    });
    const c = Object.fromEntries(r.criteria.map((x) => [x.code, x]));
    expect(c['1.1.2']!.points.toFixed()).toBe('0.57');
    expect(c['1.1.2']!.missingEvidence).toBe(false); // fed by the plan: its evidence sits on the tasks
    expect(c['1.1.1']!.missingEvidence).toBe(true);
    expect(c['1.1.1']!.reason).toMatch(/thiếu tài liệu kiểm chứng/);
    expect(c['1.2.2']!.points.toFixed()).toBe('0.75');
    expect(c['1.2.2']!.excluded).toBe(false);
    expect(c['1.3']!.points.toFixed()).toBe('0.75');
    expect(c['1.4']!.points.toFixed()).toBe('1');
    expect(c['1.5']!.points.toFixed()).toBe('0');
    expect(c['1.6']!.points.toFixed()).toBe('0');
    // 0.5 (1.1.1, counted but flagged) + 0.57 + 0.75 + 0.75 + 1 + 0 + 0 = 3.57; nothing excluded, so the maximum stays 6
    expect(r.points.toFixed()).toBe('3.57');
    expect(r.max.toFixed()).toBe('6');
  });
});
