import { describe, expect, it } from 'vitest';
import { dec, indexPercent, parseDecimal, roundHalfUp, sum } from './decimal.js';

describe('exact numbers', () => {
  it('0.1 + 0.2 is exactly 0.3, and long sums of points do not drift', () => {
    expect(sum(['0.1', '0.2']).toFixed()).toBe('0.3');
    expect(sum(['0.1', '0.2']).equals('0.3')).toBe(true);
    // 200 criteria of 0.05 points and 100 of 0.1: exactly 20
    const points = [...Array(200).fill('0.05'), ...Array(100).fill('0.1')];
    expect(sum(points).toFixed()).toBe('20');
    expect(points.reduce((a, b) => a + Number(b), 0)).not.toBe(20); // what floats would have said
  });

  it('rounds half-up to 2 decimals, also where binary floats round down', () => {
    expect(roundHalfUp('89.445').toFixed(2)).toBe('89.45');
    expect(roundHalfUp('1.005').toFixed(2)).toBe('1.01'); // (1.005).toFixed(2) is "1.00" with floats
    expect(roundHalfUp('-0.125').toFixed(2)).toBe('-0.13');
  });

  it('index = achieved ÷ max × 100, rounded half-up: 81.25 of 90.5 → 89.78 %', () => {
    // 81.25 / 90.5 = 0.897790055… → 89.7790… → 89.78
    expect(indexPercent('81.25', '90.5').toFixed(2)).toBe('89.78');
    // exactly on the half: 17.89 / 20 = 89.45 %
    expect(indexPercent('17.89', '20').toFixed(2)).toBe('89.45');
    expect(() => indexPercent(1, 0)).toThrow();
  });

  it('parses only plain decimal text', () => {
    expect(parseDecimal('12.50')!.toFixed()).toBe('12.5');
    expect(parseDecimal(' 7 ')!.toFixed()).toBe('7');
    expect(parseDecimal(0.25)!.toFixed()).toBe('0.25');
    for (const bad of ['1e3', 'NaN', 'Infinity', '', '1,5', '12a', null, {}]) expect(parseDecimal(bad)).toBeNull();
    expect(dec('0.30').equals('0.3')).toBe(true);
  });
});
