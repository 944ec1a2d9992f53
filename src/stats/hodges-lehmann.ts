// Hodges–Lehmann estimate of where paired differences are centred (in nicgate: the typical
// log ratio of head to base), with the confidence interval that goes with the signed-rank
// test: the shifts θ that the test would not reject when applied to d - θ. Like the test it
// assumes only that the differences are symmetric about their centre, not normal.

import { standardNormalSurvival } from './normal.js';
import { EXACT_PAIR_LIMIT, checkDifferences, signAssignmentCounts } from './wilcoxon.js';

export interface HodgesLehmannResult {
  /** Median of the Walsh averages (d_i + d_j) / 2 over all i <= j. */
  estimate: number;
  low: number;
  high: number;
  /** The coverage asked for. */
  level: number;
  /**
   * The coverage the interval has under H0's continuous, symmetric model. The signed-rank
   * distribution is discrete, so this is the smallest achievable level at or above `level`;
   * below it only when even the widest interval, [min d, max d], falls short (n <= 5 at
   * 95%, n = 1 gives 0). Approximate above EXACT_PAIR_LIMIT differences. With ties among
   * the differences the closed interval covers at least this often.
   */
  achievedLevel: number;
}

/**
 * Zeros are kept, unlike in the test: a zero is evidence that the centre is near zero, and
 * dropping it would push the estimate away from zero. The interval is
 * [W_(k), W_(M+1-k)] over the M = n(n+1)/2 sorted Walsh averages, where θ below W_(k)
 * means T+(d - θ) >= M + 1 - k; so it misses the centre with probability 2·P(T+ <= k - 1),
 * and k is the largest depth keeping that at most 1 - level.
 */
export function hodgesLehmann(differences: readonly number[], level = 0.95): HodgesLehmannResult {
  if (differences.length === 0) {
    throw new RangeError('the Hodges–Lehmann estimate needs differences, got none');
  }
  checkDifferences(differences, 'the Hodges–Lehmann estimate');
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1, got ${level}`);

  const n = differences.length;
  const walsh = walshAverages(differences);
  const count = walsh.length;
  const middle = count >> 1;
  const estimate = count % 2 === 1 ? walsh[middle]! : (walsh[middle - 1]! + walsh[middle]!) / 2;
  const { depth, achievedLevel } = n <= EXACT_PAIR_LIMIT ? exactDepth(n, level) : normalDepth(n, level);
  return { estimate, low: walsh[depth - 1]!, high: walsh[count - depth]!, level, achievedLevel };
}

/** All (d_i + d_j) / 2 with i <= j, ascending. */
function walshAverages(differences: readonly number[]): Float64Array {
  const n = differences.length;
  const walsh = new Float64Array((n * (n + 1)) / 2);
  let next = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) walsh[next++] = (differences[i]! + differences[j]!) / 2;
  }
  return walsh.sort();
}

interface Depth {
  depth: number;
  achievedLevel: number;
}

/** From the tie-free signed-rank distribution of n: counts of T+ over the 2^n sign assignments. */
function exactDepth(n: number, level: number): Depth {
  const counts = signAssignmentCounts(Array.from({ length: n }, (_, i) => i + 1));
  const total = 2 ** n;
  // 2·(count at or below k - 1) <= (1 - level)·2^n, compared exactly: both sides are
  // integers or a double times a power of two.
  const allowed = (1 - level) * total;
  let depth = 1;
  let below = counts[0]!;
  for (let cumulative = below, j = 1; j < counts.length; j++) {
    cumulative += counts[j]!;
    if (2 * cumulative > allowed) break;
    depth = j + 1;
    below = cumulative;
  }
  return { depth, achievedLevel: 1 - (2 * below) / total };
}

/**
 * P(T+ <= j) ≈ Φ((j + 1/2 - mean) / sd) with the tie-free mean n(n+1)/4 and variance
 * n(n+1)(2n+1)/24; the largest depth that keeps both tails within 1 - level, by bisection.
 */
function normalDepth(n: number, level: number): Depth {
  const mean = (n * (n + 1)) / 4;
  const deviation = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24);
  const outside = (j: number) => 2 * standardNormalSurvival((mean - j - 0.5) / deviation);
  const alpha = 1 - level;
  if (outside(0) > alpha) return { depth: 1, achievedLevel: 1 - outside(0) };
  // Invariant: outside(good) <= alpha < outside(bad).
  let good = 0;
  let bad = Math.floor(mean) + 1;
  while (bad - good > 1) {
    const middle = (good + bad) >> 1;
    if (outside(middle) <= alpha) good = middle;
    else bad = middle;
  }
  return { depth: good + 1, achievedLevel: 1 - outside(good) };
}
