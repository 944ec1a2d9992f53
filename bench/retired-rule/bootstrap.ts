// Percentile bootstrap interval for the relative change of the median: how far the
// observed change could plausibly be off, given how much the samples scatter.

import { createRandom } from '../../src/stats/random.js';

// Bound once: global lookups are slow inside vm contexts such as Jest's, and this runs per draw.
const { floor } = Math;

export interface ConfidenceInterval {
  level: number;
  low: number;
  high: number;
}

export interface BootstrapOptions {
  /** How many times both groups are resampled; more is smoother and slower. */
  resamples?: number;
  /** Coverage of the interval, e.g. 0.95. */
  level?: number;
  /** The same seed and samples always give the same interval. */
  seed: number;
}

/**
 * Resamples each group with replacement and takes median(current*) / median(baseline*) - 1
 * each time; the interval is the middle `level` share of those changes.
 */
export function bootstrapRelativeChangeCI(
  current: readonly number[],
  baseline: readonly number[],
  { resamples = 2000, level = 0.95, seed }: BootstrapOptions,
): ConfidenceInterval {
  checkSamples(current, 'current');
  checkSamples(baseline, 'baseline');
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1, got ${level}`);

  const random = createRandom(seed);
  // Allocated once: the loop below only overwrites them.
  const currentDraw = new Float64Array(current.length);
  const baselineDraw = new Float64Array(baseline.length);
  const changes = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    resampleInto(currentDraw, current, random);
    resampleInto(baselineDraw, baseline, random);
    changes[r] = relativeChange(medianInPlace(currentDraw), medianInPlace(baselineDraw));
  }
  changes.sort();
  const tail = (1 - level) / 2;
  return { level, low: quantileOfSorted(changes, tail), high: quantileOfSorted(changes, 1 - tail) };
}

function checkSamples(samples: readonly number[], name: string): void {
  if (samples.length === 0) throw new RangeError(`the bootstrap needs ${name} samples, got none`);
  if (samples.some((sample) => !Number.isFinite(sample))) {
    throw new RangeError(`${name} samples must be finite numbers: ${samples.join(', ')}`);
  }
}

function resampleInto(target: Float64Array, source: readonly number[], random: () => number): void {
  for (let i = 0; i < target.length; i++) target[i] = source[floor(random() * source.length)]!;
}

/** Sorts the (small) array in place and returns its median. */
function medianInPlace(values: Float64Array): number {
  values.sort();
  const middle = values.length >> 1;
  return values.length % 2 === 1 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
}

/**
 * A resample can draw only zero-throughput baseline samples; dividing would give NaN or
 * a sign-dependent infinity, so 0 vs 0 counts as no change and anything vs 0 as +Infinity.
 */
function relativeChange(currentMedian: number, baselineMedian: number): number {
  if (baselineMedian === 0) return currentMedian === 0 ? 0 : Number.POSITIVE_INFINITY;
  return currentMedian / baselineMedian - 1;
}

/** Linear interpolation between order statistics (the usual "type 7" quantile). */
function quantileOfSorted(sorted: Float64Array, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const lower = sorted[below]!;
  const upper = sorted[above]!;
  // Equal neighbours need no interpolation (and Infinity - Infinity would be NaN).
  return lower === upper ? lower : lower + (position - below) * (upper - lower);
}
