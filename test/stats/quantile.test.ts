import { readFileSync } from 'node:fs';
import { quantile } from '../../src/stats/quantile.js';

interface ReferenceCase {
  name: string;
  samples: number[];
  probabilities: number[];
  quantiles: number[];
}

// Written by fixtures/stats/make-metrics-reference.py: numpy.quantile(method='linear').
const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/stats/quantile-reference.json', import.meta.url), 'utf8'),
) as { method: string; cases: ReferenceCase[] };

describe('quantile against numpy', () => {
  it('uses the linear (type 7) method', () => {
    expect(reference.method).toBe('linear');
  });

  it.each(reference.cases)('$name', ({ samples, probabilities, quantiles }) => {
    probabilities.forEach((p, i) => expect(quantile(samples, p)).toBeCloseTo(quantiles[i]!, 12));
  });
});

describe('quantile', () => {
  it('gives the usual median and the extremes', () => {
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([4, 1, 3, 2], 0)).toBe(1);
    expect(quantile([4, 1, 3, 2], 1)).toBe(4);
  });

  it('interpolates between order statistics at (n - 1) p', () => {
    // 21 values 0..20: the 95th percentile is the 20th value (h = 19), exactly 19.
    const values = Array.from({ length: 21 }, (_, i) => 20 - i);
    expect(quantile(values, 0.95)).toBe(19);
    // 10 values: h = 9 * 0.95 = 8.55, between the 9th and 10th.
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBeCloseTo(9.55, 12);
  });

  it('does not reorder the caller list', () => {
    const samples = [3, 1, 2];
    quantile(samples, 0.9);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('refuses an empty list, values that are not numbers and p outside [0, 1]', () => {
    expect(() => quantile([], 0.5)).toThrow(RangeError);
    expect(() => quantile([1, Number.NaN], 0.5)).toThrow(RangeError);
    expect(() => quantile([1, Number.POSITIVE_INFINITY], 0.5)).toThrow(RangeError);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
    expect(() => quantile([1], Number.NaN)).toThrow(RangeError);
  });
});
