import { UnitKind } from '@par/core';
import { runPluginContract } from '@par/testing';
import { describe, expect, it } from 'vitest';
import { digitalGovernmentArea } from './index.js';

const plugin = digitalGovernmentArea();
runPluginContract(plugin, { expectedMax: '8' });

describe('golden cases (expected points computed by hand)', () => {
  it('a typical department, online rates fed by indicators', () => {
    const r = plugin.score({
      unitKind: UnitKind.DEPARTMENT,
      indicators: {
        ONLINE_DOSSIER_RATE: { value: '65' },
        ONLINE_PAYMENT_RATE: { value: '72.4' },
      },
      entries: {
        '7.1.1': { variables: { done: 9, planned: 10 }, evidenceCount: 1 }, // 90 %; (90 − 50) / (100 − 50) = 0.8 × 1.5 = 1.2
        '7.1.2': { value: 'yes', evidenceCount: 1 }, // 0.5
        '7.2.1': { variables: { files: 180, tasks: 200, signed: 95, issued: 100 }, evidenceCount: 1 }, // 0.5 × 0.9 + 0.5 × 0.95 = 0.45 + 0.475 = 0.925 → 0.93 (half-up)
        // 7.2.2: ONLINE_DOSSIER_RATE 65 %; (65 − 20) / (80 − 20) = 45/60 = 0.75 × 1.5 = 1.125 → 1.13 (half-up)
        // 7.2.3: ONLINE_PAYMENT_RATE 72.4 % ≥ 70 → 1.5
        '7.3': { value: 'chua-day-du', evidenceCount: 1 }, // 0.5
        '7.4.1': { value: 'yes', evidenceCount: 1 }, // 0.5
        '7.4.2': { variables: { courses: 1 }, evidenceCount: 1 }, // 1 × 0.25 = 0.25 (cap 0.5)
      },
    });
    const p = Object.fromEntries(r.criteria.map((c) => [c.code, c.points.toFixed()]));
    // 7.1 = 1.2 + 0.5 = 1.7; 7.2 = 0.93 + 1.13 + 1.5 = 3.56; 7.4 = 0.5 + 0.25 = 0.75
    expect(p).toMatchObject({ '7.1': '1.7', '7.2': '3.56', '7.2.1': '0.93', '7.2.2': '1.13', '7.2.3': '1.5', '7.3': '0.5', '7.4': '0.75' });
    // 1.7 + 3.56 + 0.5 + 0.75 = 6.51
    expect(r.points.toFixed()).toBe('6.51');
    expect(r.max.toFixed()).toBe('8');
  });

  it('a commune: rate above fullAt, missing indicator, capped ratios in the formula, capped count, excluded criterion', () => {
    const r = plugin.score({
      unitKind: UnitKind.COMMUNE,
      indicators: {
        ONLINE_DOSSIER_RATE: { value: '92' }, // 92 % > 80 % → share clamped to 1 → 1.5
        // ONLINE_PAYMENT_RATE not pushed yet → 7.2.3 not entered, 0
      },
      entries: {
        '7.1.2': { notApplicable: true }, // excluded: its max 0.5 leaves the total
        '7.2.1': { variables: { files: 50, tasks: 40, signed: 30, issued: 60 }, evidenceCount: 1 }, // 0.5 × min(1, 1.25) + 0.5 × min(1, 0.5) = 0.5 + 0.25 = 0.75
        '7.3': { value: 'khong', evidenceCount: 1 }, // 0
        '7.4.2': { variables: { courses: 4 }, evidenceCount: 1 }, // 4 × 0.25 = 1, capped at 0.5
      },
    });
    const c = Object.fromEntries(r.criteria.map((x) => [x.code, x]));
    expect(c['7.1.2']!.excluded).toBe(true);
    expect(c['7.1']!.max.toFixed()).toBe('1.5'); // 2 − 0.5
    expect(c['7.2.1']!.points.toFixed()).toBe('0.75');
    expect(c['7.2.2']!.points.toFixed()).toBe('1.5');
    expect(c['7.2.3']!.entered).toBe(false);
    expect(c['7.2.3']!.points.toFixed()).toBe('0');
    expect(c['7.4.2']!.points.toFixed()).toBe('0.5');
    // 0 (7.1.1 empty) + 0.75 + 1.5 + 0 + 0 + 0 (7.4.1 empty) + 0.5 = 2.75; max 8 − 0.5 = 7.5
    expect(r.points.toFixed()).toBe('2.75');
    expect(r.max.toFixed()).toBe('7.5');
  });
});
