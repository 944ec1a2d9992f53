// One-sided Wilcoxon signed-rank test on paired differences (in nicgate: the log ratio of
// head to base throughput in each interleaved block). Under H0 (no change) each pair's
// difference is as likely to be positive as negative, so every assignment of signs to the
// ranked sizes is equally likely: with few pairs the p-value is exact, not an approximation,
// and one wild block weighs no more than its rank.

import { standardNormalSurvival } from './normal.js';
import { doubledMidranks } from './ranks.js';

/** 'less': H1 is that the differences tend to be negative; 'greater': positive. */
export type Alternative = 'less' | 'greater';

export interface SignedRankResult {
  /**
   * R+: the sum of the ranks of |d| over the positive differences (midranks for ties,
   * zeros dropped first); scipy's statistic for one-sided tests. 'less' looks for small R+.
   */
  statistic: number;
  pValue: number;
  method: 'exact' | 'normal';
  /** Differences left after dropping zeros: the pairs that carry evidence. */
  n: number;
}

/**
 * Up to this many non-zero differences the p-value comes from the exact distribution, ties
 * included; above it, from the normal approximation. Up to 50 the counts of sign assignments
 * (at most 2^50) are integers a double holds exactly, so the p-value is the exact fraction
 * rounded once; scipy's 'auto' switches at the same size. Above it the approximation is
 * conservative in the lower tail: at n = 50 it overstates p by up to 5% for p in [0.01, 0.1]
 * and up to 23% for p in [0.001, 0.01]. nicgate's pair counts stay far below the limit.
 */
export const EXACT_PAIR_LIMIT = 50;

/**
 * H1 for 'less': the differences tend to be negative (in nicgate, head slower than base);
 * 'greater': positive. Exact zeros carry no sign and are dropped (scipy's zero_method
 * 'wilcox'); with none left there is no evidence either way and p = 1.
 */
export function wilcoxonSignedRank(
  differences: readonly number[],
  alternative: Alternative,
): SignedRankResult {
  checkDifferences(differences, 'the Wilcoxon signed-rank test');
  const nonZero = differences.filter((difference) => difference !== 0);
  const n = nonZero.length;
  if (n === 0) return { statistic: 0, pValue: 1, method: 'exact', n };

  const { doubledRanks, tieSizes } = doubledMidranks(nonZero.map(Math.abs));
  let doubledPlus = 0;
  for (let i = 0; i < n; i++) if (nonZero[i]! > 0) doubledPlus += doubledRanks[i]!;
  const statistic = doubledPlus / 2;

  if (n <= EXACT_PAIR_LIMIT) {
    const counts = signAssignmentCounts(doubledRanks);
    let extreme = 0;
    if (alternative === 'less') for (let sum = 0; sum <= doubledPlus; sum++) extreme += counts[sum]!;
    else for (let sum = doubledPlus; sum < counts.length; sum++) extreme += counts[sum]!;
    // Both integers below 2^53 and the divisor a power of two: the division is exact.
    return { statistic, pValue: extreme / 2 ** n, method: 'exact', n };
  }
  return { statistic, pValue: normalPValue(statistic, n, tieSizes, alternative), method: 'normal', n };
}

/**
 * The smallest p-value the exact test can give with n non-zero differences: 2^-n, when every
 * sign points the tested way. If it is above alpha, no data from n pairs can be significant
 * (ties among |d| only make the smallest p larger). n = 0 gives 1.
 */
export function smallestPossibleSignedRankP(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  return 2 ** -n;
}

/**
 * The fewest pairs with which `tests` one-sided tests, Holm-adjusted together, can reach `alpha`:
 * Holm's first step multiplies the smallest p by the number of tests, and no test is significant
 * unless that step is, so the smallest n with tests · 2^-n < alpha.
 */
export function fewestPairsToReach(alpha: number, tests: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie between 0 and 1, got ${alpha}`);
  if (!Number.isInteger(tests) || tests < 1)
    throw new RangeError(`tests must be a positive integer, got ${tests}`);
  let n = 1;
  while (tests * smallestPossibleSignedRankP(n) >= alpha) n += 1;
  return n;
}

/**
 * counts[s]: how many of the 2^n ways of marking ranks "positive" give a marked sum of s.
 * Takes any positive integer ranks (doubled midranks here, 1..n for the Hodges–Lehmann
 * interval). A subset-sum recurrence: O(n · sum of ranks), which is O(n^3).
 */
export function signAssignmentCounts(ranks: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < ranks.length; i++) total += ranks[i]!;
  const counts = new Float64Array(total + 1);
  counts[0] = 1;
  let reachable = 0;
  for (let i = 0; i < ranks.length; i++) {
    const rank = ranks[i]!;
    reachable += rank;
    // Downwards, so each rank is marked at most once.
    for (let sum = reachable; sum >= rank; sum--) counts[sum]! += counts[sum - rank]!;
  }
  return counts;
}

export function checkDifferences(differences: readonly number[], what: string): void {
  if (differences.some((difference) => !Number.isFinite(difference))) {
    throw new RangeError(`${what} needs finite differences: ${differences.join(', ')}`);
  }
}

/**
 * Normal approximation of R+, as scipy.stats.wilcoxon(method='asymptotic', correction=True)
 * computes it: mean n(n+1)/4, variance (n(n+1)(2n+1) - Σ(t³ - t)/2) / 24 over the tie groups
 * of the non-zero |d|, and a 1/2 continuity correction towards the mean.
 */
function normalPValue(
  statistic: number,
  n: number,
  tieSizes: readonly number[],
  alternative: Alternative,
): number {
  const mean = (n * (n + 1)) / 4;
  const tieTerm = tieSizes.reduce((sum, size) => sum + size ** 3 - size, 0);
  // Positive for n >= 1 even when every |d| ties: n(n+1)(2n+1) > (n³ - n) / 2.
  const deviation = Math.sqrt((n * (n + 1) * (2 * n + 1) - tieTerm / 2) / 24);
  if (alternative === 'greater') return standardNormalSurvival((statistic - mean - 0.5) / deviation);
  return standardNormalSurvival((mean - statistic - 0.5) / deviation);
}
