import { readFileSync } from 'node:fs';
import { createRandom } from '../../src/stats/random.js';
import { normalSample } from './normal-sample.js';
import {
  EXACT_PAIR_LIMIT,
  fewestPairsToReach,
  signAssignmentCounts,
  smallestPossibleSignedRankP,
  wilcoxonSignedRank,
  type Alternative,
} from '../../src/stats/wilcoxon.js';

interface ReferenceCase {
  name: string;
  differences: number[];
  alternative: Alternative;
  statistic: number;
  pValue: number;
  method: 'exact' | 'normal';
  n: number;
  source: string;
}

// Written by fixtures/stats/make-paired-reference.py (scipy, and brute-force enumeration for ties).
const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/stats/wilcoxon-reference.json', import.meta.url), 'utf8'),
) as { cases: ReferenceCase[] };

/** Per-block log ratios, optionally rounded to whole percents so that ties and zeros happen. */
function logRatios(random: () => number, count: number, shift: number, rounded = false): number[] {
  return Array.from({ length: count }, () => {
    const value = shift + 0.03 * normalSample(random);
    return rounded ? Math.round(value * 100) / 100 : value;
  });
}

describe('wilcoxonSignedRank against reference values', () => {
  it('covers every source: scipy exact, brute force, big-integer counts, scipy asymptotic, n = 0', () => {
    const sources = new Set(reference.cases.map((c) => c.source));
    expect(sources).toEqual(
      new Set(['scipy-exact', 'brute-force', 'exact-count', 'scipy-asymptotic', 'definition']),
    );
  });

  it.each(reference.cases)(
    '$name ($source)',
    ({ differences, alternative, statistic, pValue, method, n }) => {
      const result = wilcoxonSignedRank(differences, alternative);
      expect(result.method).toBe(method);
      expect(result.n).toBe(n);
      expect(result.statistic).toBe(statistic);
      // Relative agreement: 1e-9 for the exact distribution, 1e-6 for the approximation.
      expect(result.pValue / pValue).toBeCloseTo(1, method === 'exact' ? 9 : 6);
    },
  );
});

describe('wilcoxonSignedRank properties', () => {
  const random = createRandom(909);
  const samples = [
    logRatios(random, 6, -0.02),
    logRatios(random, 12, 0, true),
    logRatios(random, 20, -0.01, true),
    logRatios(random, EXACT_PAIR_LIMIT, 0.01),
    logRatios(random, 80, -0.005, true),
  ];

  it.each(samples)('gives p in [0, 1], and p_less(d) = p_greater(-d) (%#)', (...d) => {
    for (const alternative of ['less', 'greater'] as const) {
      const { pValue } = wilcoxonSignedRank(d, alternative);
      expect(pValue).toBeGreaterThan(0);
      expect(pValue).toBeLessThanOrEqual(1);
    }
    const mirrored = d.map((v) => -v);
    expect(wilcoxonSignedRank(d, 'less').pValue).toBeCloseTo(
      wilcoxonSignedRank(mirrored, 'greater').pValue,
      14,
    );
    expect(wilcoxonSignedRank(d, 'greater').pValue).toBeCloseTo(
      wilcoxonSignedRank(mirrored, 'less').pValue,
      14,
    );
  });

  it.each(samples)('has tails that overlap in the observed value: p_less + p_greater >= 1 (%#)', (...d) => {
    const total = wilcoxonSignedRank(d, 'less').pValue + wilcoxonSignedRank(d, 'greater').pValue;
    expect(total).toBeGreaterThanOrEqual(1 - 1e-12);
  });

  it.each(samples)('ignores a positive rescaling and added zeros (%#)', (...d) => {
    for (const alternative of ['less', 'greater'] as const) {
      const result = wilcoxonSignedRank(d, alternative);
      expect(
        wilcoxonSignedRank(
          d.map((v) => v * 7.5),
          alternative,
        ),
      ).toEqual(result);
      expect(wilcoxonSignedRank([0, ...d, 0, -0], alternative)).toEqual(result);
    }
  });

  it('reaches the smallest possible p when every pair points the tested way', () => {
    const drops = [-0.01, -0.03, -0.02, -0.05, -0.04, -0.06, -0.07];
    expect(wilcoxonSignedRank(drops, 'less')).toEqual({
      statistic: 0,
      pValue: smallestPossibleSignedRankP(7),
      method: 'exact',
      n: 7,
    });
    expect(wilcoxonSignedRank(drops, 'greater').pValue).toBe(1);
  });

  it('gives p = 1 without non-zero differences', () => {
    for (const d of [[], [0, 0, -0]]) {
      expect(wilcoxonSignedRank(d, 'less')).toEqual({ statistic: 0, pValue: 1, method: 'exact', n: 0 });
    }
  });

  it('switches to the normal approximation above the exact limit, close to the exact p', () => {
    const d = logRatios(createRandom(17), EXACT_PAIR_LIMIT + 1, -0.005);
    expect(wilcoxonSignedRank(d.slice(1), 'less').method).toBe('exact');
    const normal = wilcoxonSignedRank(d, 'less');
    expect(normal.method).toBe('normal');
    // The exact p of the same tie-free differences: ranks 1..51, doubled.
    const counts = signAssignmentCounts(Array.from({ length: d.length }, (_, i) => 2 * (i + 1)));
    const exact = counts.slice(0, 2 * normal.statistic + 1).reduce((sum, c) => sum + c, 0) / 2 ** d.length;
    expect(exact).toBeGreaterThan(0.01);
    expect(exact).toBeLessThan(0.1);
    // Conservative and within 5% in this range (see EXACT_PAIR_LIMIT).
    expect(normal.pValue).toBeGreaterThanOrEqual(exact);
    expect(normal.pValue).toBeLessThan(1.05 * exact);
  });

  it('rejects non-finite differences', () => {
    expect(() => wilcoxonSignedRank([0.01, Number.NaN], 'less')).toThrow(RangeError);
    expect(() => wilcoxonSignedRank([Number.POSITIVE_INFINITY], 'greater')).toThrow(RangeError);
  });
});

describe('signAssignmentCounts', () => {
  it('counts the 2^n subsets of ranks by their sum', () => {
    // Ranks 1..4: sums 0..10 with the textbook frequencies.
    expect(Array.from(signAssignmentCounts([1, 2, 3, 4]))).toEqual([1, 1, 1, 2, 2, 2, 2, 2, 1, 1, 1]);
    const counts = signAssignmentCounts(Array.from({ length: EXACT_PAIR_LIMIT }, (_, i) => 2 * (i + 1)));
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(2 ** EXACT_PAIR_LIMIT);
  });
});

describe('smallestPossibleSignedRankP', () => {
  it('is 2^-n', () => {
    expect(smallestPossibleSignedRankP(0)).toBe(1);
    expect(smallestPossibleSignedRankP(1)).toBe(0.5);
    expect(smallestPossibleSignedRankP(5)).toBe(1 / 32);
    expect(smallestPossibleSignedRankP(5)).toBeGreaterThan(0.025);
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() => smallestPossibleSignedRankP(-1)).toThrow(RangeError);
    expect(() => smallestPossibleSignedRankP(2.5)).toThrow(RangeError);
  });
});

describe('fewestPairsToReach', () => {
  it('is the smallest n with tests x 2^-n below alpha', () => {
    expect(fewestPairsToReach(0.01, 1)).toBe(7); // 2^-7 = 0.0078
    expect(fewestPairsToReach(0.01, 2)).toBe(8); // 2 x 2^-8 = 0.0078
    expect(fewestPairsToReach(0.01, 3)).toBe(9); // 3 x 2^-8 = 0.0117 is not enough
    expect(fewestPairsToReach(0.01, 8)).toBe(10);
    expect(fewestPairsToReach(0.05, 1)).toBe(5);
    for (const tests of [1, 2, 5, 13, 40])
      for (const alpha of [0.001, 0.01, 0.05]) {
        const n = fewestPairsToReach(alpha, tests);
        expect(tests * smallestPossibleSignedRankP(n)).toBeLessThan(alpha);
        expect(tests * smallestPossibleSignedRankP(n - 1)).toBeGreaterThanOrEqual(alpha);
      }
  });

  it('refuses an alpha outside (0, 1) and a count that is not a positive integer', () => {
    expect(() => fewestPairsToReach(0, 1)).toThrow(RangeError);
    expect(() => fewestPairsToReach(0.01, 0)).toThrow(RangeError);
  });
});
