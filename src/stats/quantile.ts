// Sample quantiles for RTT samples: the median and the 95th percentile of a repetition's replies.
//
// Definition: linear interpolation between order statistics, Hyndman and Fan's type 7 (R's
// default, numpy's `method='linear'`, Excel's PERCENTILE.INC): for n sorted values x[0..n-1]
// the p-quantile is x[h] interpolated at h = (n - 1) p. It needs no choice of rounding, gives the
// usual median (the mean of the middle two for an even count), and stays within the sample's
// range, so a p95 of 20 replies never reads beyond the slowest one.

/** The p-quantile (0 <= p <= 1) of finite samples, by linear interpolation (type 7). */
export function quantile(samples: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a quantile needs 0 <= p <= 1, got ${p}`);
  if (samples.length === 0) throw new RangeError('cannot take a quantile of an empty list of samples');
  if (samples.some((sample) => !Number.isFinite(sample))) {
    throw new RangeError(
      `cannot take a quantile of samples that are not finite numbers: ${samples.join(', ')}`,
    );
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  const lower = sorted[below]!;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lower + (h - below) * (upper - lower);
}
