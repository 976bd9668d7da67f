import { UnitKind } from '@par/core';
import { runPluginContract } from '@par/testing';
import { describe, expect, it } from 'vitest';
import { proceduresArea } from './index.js';

const plugin = proceduresArea();
runPluginContract(plugin, { expectedMax: '13' });

describe('golden cases (expected points computed by hand)', () => {
  it('a typical department, rates fed by indicators', () => {
    const r = plugin.score({
      unitKind: UnitKind.DEPARTMENT,
      indicators: {
        DIGITISATION_RATE: { value: '82' },
        ON_TIME_RATE: { value: '96.5' },
        LATE_DOSSIER_RATE: { value: '1.8' },
      },
      entries: {
        '3.1.1': { value: 'yes', evidenceCount: 1 }, // 0.5
        '3.1.2': { variables: { proposals: 3 }, evidenceCount: 1 }, // 3 × 0.5 = 1.5 (cap 2)
        '3.2': { value: 'co-thieu-sot', evidenceCount: 3 }, // 1.5
        '3.3.1': {}, // DIGITISATION_RATE 82 %: (82 − 50) / (100 − 50) = 0.64 × 2 = 1.28
        '3.3.2': { value: 'yes', evidenceCount: 1 }, // 1
        '3.4.1': {}, // ON_TIME_RATE 96.5 %: not ≥ 98, ≥ 95 → 2
        '3.4.2': {}, // LATE_DOSSIER_RATE 1.8 %: not ≤ 0, ≤ 2 → 1
        '3.4.3': { variables: { late: 4, apologised: 3 }, evidenceCount: 3 }, // late ≠ 0: min(1, 3/4) = 0.75
      },
    });
    const p = Object.fromEntries(r.criteria.map((c) => [c.code, c.points.toFixed()]));
    // 3.1 = 0.5 + 1.5 = 2; 3.3 = 1.28 + 1 = 2.28; 3.4 = 2 + 1 + 0.75 = 3.75
    expect(p).toMatchObject({ '3.1': '2', '3.2': '1.5', '3.3': '2.28', '3.3.1': '1.28', '3.4': '3.75', '3.4.1': '2', '3.4.2': '1', '3.4.3': '0.75' });
    // 0.5 + 1.5 + 1.5 + 1.28 + 1 + 2 + 1 + 0.75 = 9.53
    expect(r.points.toFixed()).toBe('9.53');
    expect(r.max.toFixed()).toBe('13');
  });

  it('no late dossiers, boundary threshold, rate below zeroAt, capped count and an excluded criterion', () => {
    const r = plugin.score({
      unitKind: UnitKind.COMMUNE,
      indicators: {
        DIGITISATION_RATE: { value: '40' },
        ON_TIME_RATE: { value: '98' },
        LATE_DOSSIER_RATE: { value: '0' },
      },
      entries: {
        '3.1.2': { variables: { proposals: 6 }, evidenceCount: 1 }, // 6 × 0.5 = 3, capped at 2
        '3.2': { value: 'khong' }, // 0
        '3.3.2': { notApplicable: true }, // excluded: its max 1 leaves the total
        '3.4.3': { variables: { late: 0, apologised: 0 }, evidenceCount: 1 }, // late = 0 → 1
        // 3.3.1: DIGITISATION_RATE 40 % < 50 % → share clamped to 0 → 0
        // 3.4.1: ON_TIME_RATE 98 % ≥ 98 (inclusive) → 2.5
        // 3.4.2: LATE_DOSSIER_RATE 0 % ≤ 0 → 1.5
      },
    });
    const c = Object.fromEntries(r.criteria.map((x) => [x.code, x]));
    expect(c['3.1.2']!.points.toFixed()).toBe('2');
    expect(c['3.3.1']!.points.toFixed()).toBe('0');
    expect(c['3.3.1']!.entered).toBe(true);
    expect(c['3.3.2']!.excluded).toBe(true);
    expect(c['3.3']!.max.toFixed()).toBe('2'); // 3 − 1
    expect(c['3.4.1']!.points.toFixed()).toBe('2.5');
    expect(c['3.4.2']!.points.toFixed()).toBe('1.5');
    expect(c['3.4.3']!.points.toFixed()).toBe('1');
    // 0 (3.1.1 not entered) + 2 + 0 + 0 + 2.5 + 1.5 + 1 = 7; max 13 − 1 = 12
    expect(r.points.toFixed()).toBe('7');
    expect(r.max.toFixed()).toBe('12');
  });
});
