import { bootstrapRelativeChangeCI } from '../../../bench/retired-rule/bootstrap.js';
import { createRandom } from '../../../src/stats/random.js';
import { normalSample } from '../../stats/normal-sample.js';

function noisy(seed: number, count: number, mean: number, noise = 0.03): number[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => mean * (1 + noise * normalSample(random)));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

describe('bootstrapRelativeChangeCI', () => {
  const current = noisy(1, 5, 0.9e9);
  const baseline = noisy(2, 15, 1e9);

  it('is deterministic for a given seed', () => {
    const first = bootstrapRelativeChangeCI(current, baseline, { seed: 11 });
    expect(bootstrapRelativeChangeCI(current, baseline, { seed: 11 })).toEqual(first);
    // Medians of 5 samples take few values, so with many resamples the extreme percentiles
    // hardly move between seeds; with a few resamples they do.
    const few = (seed: number) => bootstrapRelativeChangeCI(current, baseline, { seed, resamples: 30 });
    expect(few(12)).toEqual(few(12));
    expect(
      [13, 14, 15].some((seed) => few(seed).low !== few(12).low || few(seed).high !== few(12).high),
    ).toBe(true);
  });

  it('contains the observed change for reasonable data', () => {
    const observed = median(current) / median(baseline) - 1;
    const interval = bootstrapRelativeChangeCI(current, baseline, { seed: 3 });
    expect(interval.level).toBe(0.95);
    expect(interval.low).toBeLessThanOrEqual(observed);
    expect(interval.high).toBeGreaterThanOrEqual(observed);
    // A 10% drop with 3% noise: the interval is well below zero and not absurdly wide.
    expect(interval.high).toBeLessThan(0);
    expect(interval.high - interval.low).toBeLessThan(0.15);
  });

  it('centres on zero for identical groups', () => {
    const same = noisy(4, 15, 1e9);
    const interval = bootstrapRelativeChangeCI(same, [...same], { seed: 5 });
    expect(interval.low).toBeLessThan(0);
    expect(interval.high).toBeGreaterThan(0);
    expect(Math.abs(interval.low + interval.high)).toBeLessThan(0.02);
  });

  it('narrows as the level drops', () => {
    const wide = bootstrapRelativeChangeCI(current, baseline, { seed: 6, level: 0.99 });
    const narrow = bootstrapRelativeChangeCI(current, baseline, { seed: 6, level: 0.5 });
    expect(narrow.low).toBeGreaterThanOrEqual(wide.low);
    expect(narrow.high).toBeLessThanOrEqual(wide.high);
  });

  it('gives one value when every sample is the same', () => {
    expect(bootstrapRelativeChangeCI([2, 2], [1, 1, 1], { seed: 1, resamples: 50 })).toEqual({
      level: 0.95,
      low: 1,
      high: 1,
    });
  });

  it('never produces NaN when a resampled baseline median is 0', () => {
    const interval = bootstrapRelativeChangeCI([0, 5, 5], [0, 0, 5], { seed: 8, resamples: 500 });
    expect(Number.isNaN(interval.low)).toBe(false);
    expect(interval.high).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects unusable input', () => {
    expect(() => bootstrapRelativeChangeCI([], [1], { seed: 1 })).toThrow(RangeError);
    expect(() => bootstrapRelativeChangeCI([1], [Number.POSITIVE_INFINITY], { seed: 1 })).toThrow(RangeError);
    expect(() => bootstrapRelativeChangeCI([1], [1], { seed: 1, resamples: 0 })).toThrow(RangeError);
    expect(() => bootstrapRelativeChangeCI([1], [1], { seed: 1, level: 1 })).toThrow(RangeError);
  });
});
