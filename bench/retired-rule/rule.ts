// The retired decision rule, kept for the benchmark's comparison (`npm run bench` without
// `--part`): no verdict of nicgate's comes from it. It pooled a run's samples against a baseline's.
//
// Rule: a change is a regression (or improvement) only when it is both statistically
// significant (one-sided Mann–Whitney p < alpha, in the direction of the change of the
// medians) and large enough to matter (|relative change of the medians| >= threshold).
// A large change that is not significant, or too few samples for any p-value to get
// below alpha, is inconclusive; everything else is unchanged.

import type { Comparison, DecisionSettings, Verdict } from '../../src/model/verdicts.js';
import { bootstrapRelativeChangeCI } from './bootstrap.js';
import { formatChange, formatPercent, formatProbability, formatPValue } from '../../src/common/format.js';
import { mannWhitney, smallestPossiblePValue } from './mann-whitney.js';
import { seedFromString } from '../../src/stats/random.js';
import { summarize } from '../../src/stats/summary.js';

export interface DecideOptions {
  /** Bootstrap resamples for the confidence interval (default 2000). */
  resamples?: number;
}

/** Coverage of the reported confidence interval of the relative change. */
const CONFIDENCE_LEVEL = 0.95;

export function decide(
  key: string,
  current: readonly number[],
  baseline: readonly number[],
  settings: DecisionSettings,
  options: DecideOptions = {},
): Verdict {
  const problem = sampleProblem(current, 'current') ?? sampleProblem(baseline, 'baseline');
  if (problem) return errorVerdict(key, problem);
  const baselineMedian = summarize(baseline).median;
  if (baselineMedian === 0) {
    return errorVerdict(key, 'the baseline median is 0 bits/s, so a relative change is undefined');
  }
  const currentMedian = summarize(current).median;
  const relativeChange = currentMedian / baselineMedian - 1;
  const { pValue, method } = mannWhitney(current, baseline, relativeChange < 0 ? 'less' : 'greater');
  const confidenceInterval = bootstrapRelativeChangeCI(current, baseline, {
    resamples: options.resamples,
    level: CONFIDENCE_LEVEL,
    // Seeded by the scenario, so the same data always gives the same report.
    seed: seedFromString(key),
  });
  const comparison: Comparison = {
    baselineMedian,
    currentMedian,
    relativeChange,
    confidenceInterval,
    pValue,
    method,
    baselineCount: baseline.length,
    currentCount: current.length,
  };

  const { alpha, threshold } = settings;
  const smallestP = smallestPossiblePValue(current.length, baseline.length);
  if (smallestP > alpha) {
    const reason =
      `${current.length} current vs ${baseline.length} baseline samples cannot reach p < ${formatProbability(alpha)} ` +
      `(smallest possible p = ${formatProbability(smallestP)}); add repetitions or baseline runs`;
    return { key, kind: 'inconclusive', reason, ...comparison };
  }

  const change = `a ${formatChange(relativeChange)} change`;
  const limit = `the ${formatPercent(threshold)} threshold`;
  const significant = pValue < alpha;
  const large = Math.abs(relativeChange) >= threshold;
  if (significant && large) {
    const interval = `${Math.round(CONFIDENCE_LEVEL * 100)}% CI ${formatChange(confidenceInterval.low)} to ${formatChange(confidenceInterval.high)}`;
    const reason = `${change} (${interval}) is significant (${formatPValue(pValue)}) and beyond ${limit}`;
    return { key, kind: relativeChange < 0 ? 'regression' : 'improvement', reason, ...comparison };
  }
  if (large) {
    const reason = `${change} is not significant (${formatPValue(pValue)}): too noisy to tell; add repetitions or baseline runs`;
    return { key, kind: 'inconclusive', reason, ...comparison };
  }
  const reason = significant
    ? `${change} is significant (${formatPValue(pValue)}) but within ${limit}`
    : `${change} is within ${limit} and not significant (${formatPValue(pValue)})`;
  return { key, kind: 'unchanged', reason, ...comparison };
}

/** Why these samples cannot be compared, or undefined when they can. */
function sampleProblem(samples: readonly number[], name: string): string | undefined {
  if (samples.length === 0) return `there are no ${name} samples`;
  const bad = samples.filter((sample) => !Number.isFinite(sample) || sample < 0);
  if (bad.length > 0) {
    return `${name} samples must be finite, non-negative bits/s, got ${bad.map(String).join(', ')}`;
  }
  return undefined;
}

function errorVerdict(key: string, error: string): Verdict {
  return { key, kind: 'error', error, reason: `cannot compare: ${error}` };
}
