// Summary of one scenario's repetitions. The median, not the mean: one slow repetition
// (a noisy CI neighbour) should not move the number a verdict is based on.

export interface Summary {
  median: number;
  min: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('cannot summarize an empty list of samples');
  if (samples.some((sample) => !Number.isFinite(sample))) {
    throw new RangeError(`cannot summarize samples that are not finite numbers: ${samples.join(', ')}`);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: median(sorted), min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** Median of an ascending, non-empty list; an even count takes the mean of the middle two. */
function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle]!;
  return (sorted[middle - 1]! + sorted[middle]!) / 2;
}
