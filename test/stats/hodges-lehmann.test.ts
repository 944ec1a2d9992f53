import { readFileSync } from 'node:fs';
import { hodgesLehmann } from '../../src/stats/hodges-lehmann.js';
import { createRandom } from '../../src/stats/random.js';
import { normalSample } from './normal-sample.js';

interface ReferenceCase {
  name: string;
  differences: number[];
  level: number;
  estimate: number;
  low: number;
  high: number;
  depth: number;
  achievedLevel: number;
  /** What the chosen depth really covers; differs from achievedLevel only for the normal cases. */
  exactLevel: number;
  method: 'exact' | 'normal';
  source: string;
}

// Written by fixtures/stats/make-paired-reference.py (Walsh averages and null distributions by brute force).
const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/stats/hodges-lehmann-reference.json', import.meta.url), 'utf8'),
) as { cases: ReferenceCase[] };

function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(Math.abs(expected), 1e-300));
}

function logRatios(random: () => number, count: number, shift: number): number[] {
  return Array.from({ length: count }, () => shift + 0.03 * normalSample(random));
}

describe('hodgesLehmann against reference values', () => {
  it('covers brute-force, big-integer and normal-approximation depths', () => {
    const sources = new Set(reference.cases.map((c) => c.source));
    expect(sources).toEqual(new Set(['brute-force', 'exact-count', 'normal-approximation']));
  });

  it.each(reference.cases)('$name ($source)', (c) => {
    const result = hodgesLehmann(c.differences, c.level);
    // The same order statistics of the same floating-point Walsh averages.
    expectRelative(result.estimate, c.estimate, 1e-12);
    expectRelative(result.low, c.low, 1e-12);
    expectRelative(result.high, c.high, 1e-12);
    expect(result.level).toBe(c.level);
    expectRelative(result.achievedLevel, c.achievedLevel, c.method === 'exact' ? 1e-12 : 1e-9);
    // Above the exact limit the achieved level is approximate, but close to the truth.
    expect(Math.abs(result.achievedLevel - c.exactLevel)).toBeLessThan(0.002);
  });
});

describe('hodgesLehmann properties', () => {
  const random = createRandom(4242);
  const samples = [
    logRatios(random, 3, -0.05),
    logRatios(random, 8, -0.02),
    logRatios(random, 15, 0),
    logRatios(random, 50, 0.01),
    logRatios(random, 70, -0.01),
  ];

  it.each(samples)('has low <= estimate <= high, inside the range of the data (%#)', (...d) => {
    for (const level of [0.5, 0.9, 0.95, 0.99]) {
      const { estimate, low, high } = hodgesLehmann(d, level);
      expect(low).toBeLessThanOrEqual(estimate);
      expect(estimate).toBeLessThanOrEqual(high);
      expect(low).toBeGreaterThanOrEqual(Math.min(...d));
      expect(high).toBeLessThanOrEqual(Math.max(...d));
    }
  });

  it.each(samples)('moves with a shift of the data and mirrors with its negation (%#)', (...d) => {
    const result = hodgesLehmann(d);
    const shifted = hodgesLehmann(d.map((v) => v + 0.125));
    expect(shifted.estimate).toBeCloseTo(result.estimate + 0.125, 12);
    expect(shifted.low).toBeCloseTo(result.low + 0.125, 12);
    expect(shifted.high).toBeCloseTo(result.high + 0.125, 12);
    expect(shifted.achievedLevel).toBe(result.achievedLevel);
    const mirrored = hodgesLehmann(d.map((v) => -v));
    expect(mirrored.estimate).toBeCloseTo(-result.estimate, 15);
    expect([mirrored.low, mirrored.high]).toEqual([-result.high, -result.low]);
  });

  const LEVELS = [0.5, 0.8, 0.9, 0.95, 0.99];

  it.each(samples)('widens with the level (%#)', (...d) => {
    let previous = { low: Number.POSITIVE_INFINITY, high: Number.NEGATIVE_INFINITY };
    for (const level of LEVELS) {
      const result = hodgesLehmann(d, level);
      expect(result.low).toBeLessThanOrEqual(previous.low);
      expect(result.high).toBeGreaterThanOrEqual(previous.high);
      previous = result;
    }
  });

  // Eight pairs are enough even at 99%: [min, max] then covers 1 - 2/256.
  it.each(samples.filter((d) => d.length >= 8))('reaches the level with eight pairs or more (%#)', (...d) => {
    for (const level of LEVELS) expect(hodgesLehmann(d, level).achievedLevel).toBeGreaterThanOrEqual(level);
  });

  it('says when the requested level is out of reach', () => {
    const d = [-0.01, -0.05, 0.02, -0.03, -0.02];
    // Five pairs: even [min, max] misses the centre with probability 2 / 32.
    expect(hodgesLehmann(d)).toEqual({
      estimate: -0.02,
      low: -0.05,
      high: 0.02,
      level: 0.95,
      achievedLevel: 0.9375,
    });
    expect(hodgesLehmann([0.02])).toEqual({
      estimate: 0.02,
      low: 0.02,
      high: 0.02,
      level: 0.95,
      achievedLevel: 0,
    });
  });

  it('covers the true centre about as often as it claims (simulated, continuous data)', () => {
    const simulation = createRandom(77);
    const trials = 4000;
    for (const n of [8, 12]) {
      let covered = 0;
      let claimed = 0;
      for (let t = 0; t < trials; t++) {
        const { low, high, achievedLevel } = hodgesLehmann(logRatios(simulation, n, -0.05), 0.9);
        if (low <= -0.05 && -0.05 <= high) covered++;
        claimed = achievedLevel;
      }
      // Four standard errors of a proportion near 0.9 over 4000 trials: about 0.019.
      expect(Math.abs(covered / trials - claimed)).toBeLessThan(0.019);
    }
  });

  it('rejects empty or non-finite differences and levels outside (0, 1)', () => {
    expect(() => hodgesLehmann([])).toThrow(RangeError);
    expect(() => hodgesLehmann([0.01, Number.NaN])).toThrow(RangeError);
    expect(() => hodgesLehmann([0.01, 0.02], 1)).toThrow(RangeError);
    expect(() => hodgesLehmann([0.01, 0.02], 0)).toThrow(RangeError);
  });
});
