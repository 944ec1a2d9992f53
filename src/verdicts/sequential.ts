// The sequential paired rule: a changed scenario is looked at after every block from `firstLook`
// pairs on, and stops as soon as its verdict is settled; at `cap` pairs it stops with what it has.
//
// Looking after every block and stopping when a fixed-sample p-value first dips below alpha would
// raise the false-alarm rate several-fold, so each look may spend only its share of alpha, from
// Lan–DeMets' Pocock-type spending function, and is tested at that share alone (union bound:
// stats/alpha-spending.ts). The statistic is Student's t of the mean of the pairs' log ratios
// d = ln(head / base): on the recorded quiet blocks d is close to normal (docs/verdicts.md), and
// unlike the exact signed-rank test, whose smallest p is 2^-n (7 pairs before p < 0.01 is possible
// at all), t's smallest p falls with the spread, so a clear change can settle in 3 or 4 pairs.
//
// - regression / improvement: t beyond its boundary in the direction of the estimate (one-sided at
//   alpha / tests: Bonferroni across the matrix, as scenarios stop at different looks) AND the
//   estimated change beyond ±threshold;
// - unchanged: the repeated confidence interval (95%, its 5% spent across the looks likewise)
//   inside ±threshold; it covers the true change at every look at once, so stopping on it is safe;
// - inconclusive: nothing settled by the cap.
import { formatChange, formatPercent } from '../common/format.js';
import { SEQUENTIAL_DEFAULTS } from '../model/defaults.js';
import type { DecisionSettings } from '../model/verdicts.js';
import { lookLevels } from '../stats/alpha-spending.js';
import { studentTQuantile } from '../stats/student-t.js';

export interface SequentialDesign {
  /** Pairs at the first look: the disturbed-block rule judges a block from 3, and t needs 2 degrees of freedom. */
  firstLook: number;
  /** The most pairs (the `pairs` setting); what is unsettled there is inconclusive. */
  cap: number;
  /** Scenarios judged together: each one's test runs at alpha / tests. */
  tests: number;
}

/** Coverage of the repeated interval on the change, as the fixed rule's interval. */
export const SEQUENTIAL_LEVEL = 0.95;

export const SEQUENTIAL_DESIGN_DEFAULTS = { firstLook: SEQUENTIAL_DEFAULTS.firstLook } as const;

/** One look's critical values, as multiples of the standard error of the mean log ratio. */
export interface LookBoundary {
  pairs: number;
  /** |t| at or beyond this is significant at this look. */
  test: number;
  /** The repeated interval is the mean ± this many standard errors. */
  interval: number;
}

const cache = new Map<string, LookBoundary[]>();

/** Each look's boundaries, from firstLook to cap pairs (memoized: a design's are computed once). */
export function sequentialBoundaries(design: SequentialDesign, alpha: number): LookBoundary[] {
  const { firstLook, cap, tests } = design;
  if (!(Number.isInteger(firstLook) && firstLook >= 2 && Number.isInteger(cap) && cap >= firstLook))
    throw new RangeError(`a sequential design needs 2 <= firstLook <= cap, got ${firstLook} and ${cap}`);
  if (!(Number.isInteger(tests) && tests >= 1))
    throw new RangeError(`tests must be a positive integer, got ${tests}`);
  const key = JSON.stringify([firstLook, cap, tests, alpha]);
  const known = cache.get(key);
  if (known) return known;
  const looks = Array.from({ length: cap - firstLook + 1 }, (_, i) => firstLook + i);
  const testLevels = lookLevels(looks, alpha / tests);
  const intervalLevels = lookLevels(looks, (1 - SEQUENTIAL_LEVEL) / 2);
  // Each look is an exact fixed-sample t test at its share, on n − 1 degrees of freedom.
  const boundaries = looks.map((pairs, k) => ({
    pairs,
    test: studentTQuantile(1 - testLevels[k]!, pairs - 1),
    interval: studentTQuantile(1 - intervalLevels[k]!, pairs - 1),
  }));
  cache.set(key, boundaries);
  return boundaries;
}

export type SequentialKind = 'regression' | 'improvement' | 'unchanged' | 'inconclusive';

export interface SequentialLook {
  /** Whether the scenario stops measuring here. */
  stop: boolean;
  kind: SequentialKind;
  /** Why it stopped (or why it goes on), in words. */
  reason: string;
  pairs: number;
  /** The estimated change, exp(mean d) − 1, and its repeated interval at this look. */
  change: number;
  low: number;
  high: number;
  /** Student's t of the mean log ratio, and the |t| this look needs. */
  statistic: number;
  boundary: number;
}

/** The look after the latest pair: `ratios` are the pairs' ln(head / base) so far, in block order. */
export function lookAt(
  ratios: readonly number[],
  settings: DecisionSettings,
  design: SequentialDesign,
): SequentialLook {
  const pairs = ratios.length;
  if (ratios.some((d) => !Number.isFinite(d)))
    throw new RangeError(`log ratios must be finite: ${ratios.join(', ')}`);
  if (pairs > design.cap) throw new RangeError(`${pairs} pairs is beyond the cap of ${design.cap}`);
  const mean = ratios.reduce((sum, d) => sum + d, 0) / Math.max(pairs, 1);
  const change = Math.expm1(mean);
  if (pairs < design.firstLook) {
    const reason = `${pairs} of ${design.firstLook} pairs before the first look`;
    return {
      stop: false,
      kind: 'inconclusive',
      reason,
      pairs,
      change,
      low: -1,
      high: Infinity,
      statistic: 0,
      boundary: Infinity,
    };
  }
  const look = sequentialBoundaries(design, settings.alpha)[pairs - design.firstLook]!;
  const spread = Math.sqrt(ratios.reduce((sum, d) => sum + (d - mean) ** 2, 0) / (pairs - 1));
  const error = spread / Math.sqrt(pairs);
  // All pairs equal: no spread, so the mean is exact; it is significant unless it is zero.
  const statistic = error > 0 ? mean / error : mean === 0 ? 0 : Math.sign(mean) * Infinity;
  const low = Math.expm1(mean - look.interval * error);
  const high = Math.expm1(mean + look.interval * error);
  const { threshold } = settings;
  const limit = `±${formatPercent(threshold)}`;
  const interval = `${Math.round(SEQUENTIAL_LEVEL * 100)}% repeated CI ${formatChange(low)} to ${formatChange(high)}`;
  const at = `after ${pairs} pairs (look ${pairs - design.firstLook + 1}, at most ${design.cap} pairs)`;
  const base = { pairs, change, low, high, statistic, boundary: look.test };
  const significant = Math.abs(statistic) >= look.test;
  if (significant && Math.abs(change) >= threshold) {
    const kind = change < 0 ? 'regression' : 'improvement';
    const reason = `stopped ${at}: a ${formatChange(change)} change (${interval}) crossed its boundary (|t| = ${Math.abs(statistic).toFixed(2)} >= ${look.test.toFixed(2)}) and is beyond ${limit}`;
    return { stop: true, kind, reason, ...base };
  }
  if (low > -threshold && high < threshold) {
    const reason = `stopped ${at}: the ${interval} lies within ${limit}`;
    return { stop: true, kind: 'unchanged', reason, ...base };
  }
  const unsettled = significant
    ? `a ${formatChange(change)} change crossed its boundary but is within ${limit}, and its ${interval} reaches beyond it`
    : `a ${formatChange(change)} change has |t| = ${Math.abs(statistic).toFixed(2)} below ${look.test.toFixed(2)} and its ${interval} reaches beyond ${limit}`;
  if (pairs === design.cap)
    return {
      stop: true,
      kind: 'inconclusive',
      reason: `reached the cap of ${pairs} pairs unsettled: ${unsettled}`,
      ...base,
    };
  return { stop: false, kind: 'inconclusive', reason: `unsettled ${at}: ${unsettled}`, ...base };
}
