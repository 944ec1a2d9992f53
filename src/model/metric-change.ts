// Comparing a metric's base and head figures (metrics.ts says which comparison each metric uses).
// Pure. The paired gate's unit is one block's pair: pairStatistic gives the number the Wilcoxon
// test and the Hodges–Lehmann estimate run on; shownChange turns an estimate back into what a
// person reads; judgeChange says whether that change is worse, better or within the threshold.
import { METRICS, type MetricName } from './metrics.js';

/** A figure outside what the metric's comparison takes: a rate of 0, a negative count. */
export class MetricValueError extends RangeError {
  override readonly name = 'MetricValueError';
  constructor(
    readonly metric: MetricName,
    readonly value: number,
    requirement: string,
  ) {
    super(`${metric}: ${value} is not ${requirement}`);
  }
}

/** The pair's statistic: ln(head / base), ln((head + 1) / (base + 1)), or head - base. */
export function pairStatistic(metric: MetricName, base: number, head: number): number {
  switch (METRICS[metric].comparison) {
    case 'log-ratio':
      for (const value of [base, head]) requireFigure(metric, value, value > 0, 'a positive figure');
      return Math.log(head / base);
    case 'count-log-ratio':
      for (const value of [base, head]) requireFigure(metric, value, value >= 0, 'a count of 0 or more');
      return Math.log((head + 1) / (base + 1));
    case 'difference':
      for (const value of [base, head]) requireFigure(metric, value, true, 'a finite figure');
      return head - base;
  }
}

/** The change a person reads for an estimate of the statistic: relative for ratios (0.05 = +5%), else in the unit. */
export function shownChange(metric: MetricName, statistic: number): number {
  return METRICS[metric].comparison === 'difference' ? statistic : Math.expm1(statistic);
}

export type ChangeJudgement = 'worse' | 'better' | 'within';

/**
 * Which way a shown change goes against the threshold (the metric's default unless given): a
 * change of at least the threshold in the metric's bad direction is `worse`, in its good one
 * `better`, and anything smaller `within`. Significance is the test's business, not this one's.
 */
export function judgeChange(
  metric: MetricName,
  change: number,
  threshold = METRICS[metric].defaultThreshold,
): ChangeJudgement {
  if (!(threshold > 0)) throw new RangeError(`a threshold must be above 0, got ${threshold}`);
  if (Math.abs(change) < threshold) return 'within';
  const rose = change > 0;
  return rose === (METRICS[metric].direction === 'lower-is-better') ? 'worse' : 'better';
}

function requireFigure(metric: MetricName, value: number, allowed: boolean, requirement: string): void {
  if (!Number.isFinite(value) || !allowed) throw new MetricValueError(metric, value, requirement);
}
