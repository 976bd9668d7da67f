import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CostCache, type CostResult } from './cost.js';

const doc = parse('query($r: ID!, $first: Int) { scorecards(roundId: $r, first: $first) { totalCount } }');

describe('CostCache', () => {
  it('computes a cost once per document, operation, role and scalar variables', () => {
    const cache = new CostCache();
    let calls = 0;
    const compute = (cost: number) => (): CostResult => (calls++, { cost });
    expect(cache.of(doc, null, { r: 'a', first: 10 }, 'ADMIN', compute(11))).toEqual({ cost: 11 });
    expect(cache.of(doc, null, { r: 'a', first: 10 }, 'ADMIN', compute(999))).toEqual({ cost: 11 });
    expect(calls).toBe(1);
    // Another value, role, operation or document is costed again.
    cache.of(doc, null, { r: 'a', first: 100 }, 'ADMIN', compute(101));
    cache.of(doc, null, { r: 'a', first: 10 }, null, compute(1));
    cache.of(doc, 'Other', { r: 'a', first: 10 }, 'ADMIN', compute(11));
    cache.of(parse('{ health }'), null, { r: 'a', first: 10 }, 'ADMIN', compute(1));
    expect(calls).toBe(5);
  });

  it('never shares a key between different variable sets, whatever the strings hold', () => {
    const cache = new CostCache();
    cache.of(doc, null, { r: 'x', first: 1 }, 'ADMIN', () => ({ cost: 2 }));
    // A crafted string that spells the other set's tail must not reuse its (cheaper) cost.
    expect(cache.of(doc, null, { r: 'x","first":1' }, 'ADMIN', () => ({ cost: 51 }))).toEqual({ cost: 51 });
    expect(cache.of(doc, null, { r: 'x,"first":1' }, 'ADMIN', () => ({ cost: 52 }))).toEqual({ cost: 52 });
  });

  it('costs input objects every time, even nested far deeper than JSON.stringify could walk', () => {
    const cache = new CostCache();
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { x: deep };
    let calls = 0;
    for (let i = 0; i < 2; i++) cache.of(doc, null, { i: deep }, 'ADMIN', () => (calls++, { cost: 3 }));
    expect(calls).toBe(2);
    for (let i = 0; i < 2; i++) cache.of(doc, null, { r: 'y'.repeat(5000) }, 'ADMIN', () => (calls++, { cost: 3 }));
    expect(calls).toBe(4); // over the key length: not cached
  });

  it('keeps at most PER_DOCUMENT entries per document', () => {
    const cache = new CostCache();
    let calls = 0;
    for (let i = 0; i <= CostCache.PER_DOCUMENT; i++) cache.of(doc, null, { first: i }, 'ADMIN', () => (calls++, { cost: i }));
    cache.of(doc, null, { first: 0 }, 'ADMIN', () => (calls++, { cost: 0 })); // evicted by the clear
    expect(calls).toBe(CostCache.PER_DOCUMENT + 2);
  });
});
