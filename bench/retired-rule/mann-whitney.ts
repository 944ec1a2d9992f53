// One-sided Mann–Whitney U test: does one group of throughput samples tend to be smaller
// (or larger) than the other? Rank-based, so one wild repetition cannot dominate it, and
// with few samples the p-value is exact rather than a normal approximation.

import { standardNormalSurvival } from '../../src/stats/normal.js';
import { doubledMidranks } from '../../src/stats/ranks.js';
import type { Alternative } from '../../src/stats/wilcoxon.js';

export interface MannWhitneyResult {
  /** U of the current group: pairs (current, baseline) with current larger, ties counting 1/2. */
  u: number;
  pValue: number;
  method: 'exact' | 'normal';
}

/**
 * Up to this many samples in all, the p-value comes from the exact permutation
 * distribution (ties included); above it, from the normal approximation. At 60 the
 * exact computation takes a few milliseconds and the subset counts (at most C(60, 30)
 * ≈ 1.2e17) are still far inside a double's range.
 */
export const EXACT_SAMPLE_LIMIT = 60;

export function mannWhitney(
  current: readonly number[],
  baseline: readonly number[],
  alternative: Alternative,
): MannWhitneyResult {
  checkSamples(current, 'current');
  checkSamples(baseline, 'baseline');
  const pooled = [...current, ...baseline];
  const { doubledRanks, tieSizes } = doubledMidranks(pooled);
  const currentCount = current.length;
  let doubledRankSum = 0;
  for (let i = 0; i < currentCount; i++) doubledRankSum += doubledRanks[i]!;
  const u = doubledRankSum / 2 - (currentCount * (currentCount + 1)) / 2;

  if (pooled.length <= EXACT_SAMPLE_LIMIT) {
    return {
      u,
      pValue: exactPValue(doubledRanks, currentCount, doubledRankSum, alternative),
      method: 'exact',
    };
  }
  return {
    u,
    pValue: normalPValue(u, currentCount, baseline.length, tieSizes, alternative),
    method: 'normal',
  };
}

/**
 * The smallest p-value the exact test can give for these group sizes when there are no
 * ties: 1 / C(n1 + n2, n1), the chance of the single most extreme arrangement. If it is
 * above alpha, no data can make the comparison significant. (Ties only make it larger;
 * above EXACT_SAMPLE_LIMIT it is so small that it never matters.)
 */
export function smallestPossiblePValue(currentCount: number, baselineCount: number): number {
  for (const count of [currentCount, baselineCount]) {
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(
        `sample counts must be positive integers, got ${currentCount} and ${baselineCount}`,
      );
    }
  }
  const chosen = Math.min(currentCount, baselineCount);
  const total = currentCount + baselineCount;
  let combinations = 1;
  for (let i = 1; i <= chosen; i++) combinations = (combinations * (total - chosen + i)) / i;
  return 1 / combinations;
}

function checkSamples(samples: readonly number[], name: string): void {
  if (samples.length === 0) throw new RangeError(`the Mann–Whitney test needs ${name} samples, got none`);
  if (samples.some((sample) => !Number.isFinite(sample))) {
    throw new RangeError(`${name} samples must be finite numbers: ${samples.join(', ')}`);
  }
}

/**
 * Under H0 every choice of which n1 of the N pooled samples are "current" is equally
 * likely. Counts those choices by (doubled) rank sum with a knapsack-style recurrence
 * over the samples, then the p-value is the share at least as extreme as observed.
 * The smaller group is counted (fewer states); its rank sum mirrors the other's.
 */
function exactPValue(
  doubledRanks: Int32Array,
  currentCount: number,
  observedDoubledSum: number,
  alternative: Alternative,
): number {
  const total = doubledRanks.length;
  const countCurrent = currentCount <= total - currentCount;
  const chosen = countCurrent ? currentCount : total - currentCount;
  let allRanks = 0;
  for (const rank of doubledRanks) allRanks += rank;
  // With the other group counted, "current's sum <= s" means "its sum >= allRanks - s".
  const observed = countCurrent ? observedDoubledSum : allRanks - observedDoubledSum;
  const wantsSmall = (alternative === 'less') === countCurrent;

  const width = allRanks + 1;
  // ways[k * width + s]: number of k-subsets of the samples seen so far with rank sum s.
  const ways = new Float64Array((chosen + 1) * width);
  ways[0] = 1;
  let reachable = 0;
  for (let item = 0; item < total; item++) {
    const rank = doubledRanks[item]!;
    reachable += rank;
    // Downwards in k, so each sample joins a subset at most once.
    for (let k = Math.min(item + 1, chosen); k >= 1; k--) {
      const row = k * width;
      const previousRow = row - width;
      for (let sum = reachable; sum >= rank; sum--) ways[row + sum]! += ways[previousRow + sum - rank]!;
    }
  }

  const row = chosen * width;
  let extreme = 0;
  let all = 0;
  for (let sum = 0; sum < width; sum++) {
    const count = ways[row + sum]!;
    all += count;
    if (wantsSmall ? sum <= observed : sum >= observed) extreme += count;
  }
  return extreme / all;
}

/** Normal approximation of U with the tie correction of the variance and a 1/2 continuity correction. */
function normalPValue(
  u: number,
  currentCount: number,
  baselineCount: number,
  tieSizes: readonly number[],
  alternative: Alternative,
): number {
  const total = currentCount + baselineCount;
  const mean = (currentCount * baselineCount) / 2;
  const tieTerm = tieSizes.reduce((sum, size) => sum + size ** 3 - size, 0);
  const variance = ((currentCount * baselineCount) / 12) * (total + 1 - tieTerm / (total * (total - 1)));
  // Every sample equal: no evidence in either direction.
  if (!(variance > 0)) return 1;
  const directed = alternative === 'greater' ? u : currentCount * baselineCount - u;
  return standardNormalSurvival((directed - mean - 0.5) / Math.sqrt(variance));
}
