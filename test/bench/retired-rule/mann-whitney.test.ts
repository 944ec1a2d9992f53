import { readFileSync } from 'node:fs';
import {
  EXACT_SAMPLE_LIMIT,
  mannWhitney,
  smallestPossiblePValue,
} from '../../../bench/retired-rule/mann-whitney.js';
import type { Alternative } from '../../../src/stats/wilcoxon.js';
import { createRandom } from '../../../src/stats/random.js';
import { normalSample } from '../../stats/normal-sample.js';

interface ReferenceCase {
  name: string;
  current: number[];
  baseline: number[];
  alternative: Alternative;
  u: number;
  pValue: number;
  method: 'exact' | 'normal';
  source: string;
}

// Written by fixtures/stats/make-reference.py (scipy, and brute-force enumeration for ties).
const reference = JSON.parse(
  readFileSync(new URL('../../../fixtures/stats/mann-whitney-reference.json', import.meta.url), 'utf8'),
) as { cases: ReferenceCase[] };

/** Rounded so that ties happen, as they do with coarse throughput readings. */
function samples(random: () => number, count: number, mean: number): number[] {
  return Array.from({ length: count }, () => Math.round(mean + 3 * normalSample(random)));
}

describe('mannWhitney against reference values', () => {
  it('covers exact cases with and without ties and normal cases', () => {
    const sources = new Set(reference.cases.map((c) => c.source));
    expect(sources).toEqual(new Set(['scipy-exact', 'brute-force', 'scipy-asymptotic']));
  });

  it.each(reference.cases)('$name ($source)', ({ current, baseline, alternative, u, pValue, method }) => {
    const result = mannWhitney(current, baseline, alternative);
    expect(result.method).toBe(method);
    expect(result.u).toBe(u);
    // Relative agreement: 1e-9 for the exact distribution, 1e-6 for the approximation.
    expect(result.pValue / pValue).toBeCloseTo(1, method === 'exact' ? 9 : 6);
  });
});

describe('mannWhitney properties', () => {
  const random = createRandom(2024);
  const pairs = [
    [samples(random, 5, 100), samples(random, 15, 102)],
    [samples(random, 8, 100), samples(random, 12, 99)],
    [samples(random, 30, 100), samples(random, 25, 101)],
    [samples(random, 30, 100), samples(random, 40, 101)],
  ] as const;

  it.each(pairs)('is symmetric: p_less(x, y) = p_greater(y, x) (%#)', (x, y) => {
    for (const [forward, backward] of [
      ['less', 'greater'],
      ['greater', 'less'],
    ] as const) {
      const a = mannWhitney(x, y, forward);
      const b = mannWhitney(y, x, backward);
      expect(a.pValue).toBeCloseTo(b.pValue, 12);
      expect(a.u + b.u).toBe(x.length * y.length);
    }
  });

  it.each(pairs)('ignores a shift or rescaling of all values (%#)', (x, y) => {
    const moved = (values: readonly number[]) => values.map((v) => 3 * v + 1000);
    for (const alternative of ['less', 'greater'] as const) {
      expect(mannWhitney(moved(x), moved(y), alternative)).toEqual(mannWhitney(x, y, alternative));
    }
  });

  it.each(pairs)('gives identical samples p >= 0.5 either way (%#)', (x) => {
    for (const alternative of ['less', 'greater'] as const) {
      expect(mannWhitney(x, [...x], alternative).pValue).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('gives all-equal values p = 1 in both methods', () => {
    expect(mannWhitney([5, 5, 5], [5, 5, 5, 5], 'less')).toEqual({ u: 6, pValue: 1, method: 'exact' });
    const many = Array<number>(40).fill(5);
    expect(mannWhitney(many, many, 'greater')).toEqual({ u: 800, pValue: 1, method: 'normal' });
  });

  it('switches to the normal approximation above the exact limit, with no jump in p', () => {
    const r = createRandom(5);
    const x = samples(r, 30, 100);
    const y = samples(r, EXACT_SAMPLE_LIMIT - 30, 102);
    const exact = mannWhitney(x, y, 'less');
    // One more sample at the pooled median barely changes the evidence.
    const sorted = [...x, ...y].sort((a, b) => a - b);
    const normal = mannWhitney([...x, sorted[sorted.length / 2]!], y, 'less');
    expect([exact.method, normal.method]).toEqual(['exact', 'normal']);
    expect(exact.pValue).toBeGreaterThan(0.001);
    expect(Math.abs(normal.pValue - exact.pValue)).toBeLessThan(0.2 * exact.pValue);
  });

  it('keeps the exact p-value above the smallest possible one', () => {
    expect(mannWhitney([1, 2, 3], [4, 5, 6], 'less').pValue).toBe(smallestPossiblePValue(3, 3));
    expect(mannWhitney([1, 2, 3, 4, 5], [4, 5, 6], 'less').pValue).toBeGreaterThan(
      smallestPossiblePValue(5, 3),
    );
  });

  it('rejects empty or non-finite samples', () => {
    expect(() => mannWhitney([], [1, 2], 'less')).toThrow(RangeError);
    expect(() => mannWhitney([1, 2], [], 'greater')).toThrow(RangeError);
    expect(() => mannWhitney([1, Number.NaN], [1, 2], 'less')).toThrow(RangeError);
  });
});

describe('smallestPossiblePValue', () => {
  it('is one over the number of ways to pick the current group', () => {
    expect(smallestPossiblePValue(3, 3)).toBeCloseTo(1 / 20, 15);
    expect(smallestPossiblePValue(5, 15)).toBeCloseTo(1 / 15504, 15);
    expect(smallestPossiblePValue(15, 5)).toBe(smallestPossiblePValue(5, 15));
    expect(smallestPossiblePValue(1, 1)).toBe(0.5);
  });

  it('rejects counts that are not positive integers', () => {
    expect(() => smallestPossiblePValue(0, 3)).toThrow(RangeError);
    expect(() => smallestPossiblePValue(2.5, 3)).toThrow(RangeError);
  });
});
