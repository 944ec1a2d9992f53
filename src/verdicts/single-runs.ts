// Two single runs (`compare --baseline A.json --results B.json`, or a stored baseline of one run):
// there is no run-to-run spread to judge a run against (the stored rule, stored.ts, needs
// STORED_DEFAULTS.minHistory runs), so only a change that no repetition contradicts is called. Pure.
//
// Rule, for the baseline run's repetitions a₁…aₘ, this run's b₁…bₙ and the threshold t:
//   regression   max(b) / min(a) < 1 − t   every repetition of this run lies more than t below
//                                          every repetition of the baseline's
//   improvement  min(b) / max(a) > 1 + t   every one lies more than t above
//   otherwise inconclusive. Repetitions that all agree within ±t are not "unchanged": one run of
//   each says nothing of how far the next run strays (whole runs drift on shared machines,
//   stored.ts), so no pass is claimed from them.
// Ratios, not b < a · (1 − t): 96 against 100 then meets a 4% threshold exactly, with no rounding.
//
// Reported beside the verdict: the medians and their change; the interval of every pairwise change
// b / a − 1, at the level the rank-sum test gives it, 1 − 2/C(m+n, m); and that test's p for
// complete separation, 1/C(m+n, m) (5 repetitions each: 0.004; 1 each: 0.5). Both would hold were
// repetitions independent draws, which they are not quite: they describe, the rule decides.
import { formatBitrate, formatChange, formatPercent } from '../common/format.js';
import type { Verdict } from '../model/verdicts.js';
import { summarize } from '../stats/summary.js';
import { busyDuring } from './stored.js';

export type SingleRunsOutcome = 'regression' | 'improvement' | 'within' | 'overlap';

/** How this run's repetitions lie against the baseline run's (both non-empty, the baseline's positive). */
export function judgeSingleRuns(
  baseline: readonly number[],
  current: readonly number[],
  threshold: number,
): SingleRunsOutcome {
  const a = summarize(baseline);
  const b = summarize(current);
  if (b.max / a.min < 1 - threshold) return 'regression';
  if (b.min / a.max > 1 + threshold) return 'improvement';
  if (b.min / a.max >= 1 - threshold && b.max / a.min <= 1 + threshold) return 'within';
  return 'overlap';
}

/** 1 / C(m + n, m): the chance that m of m + n exchangeable values are all the largest. */
function separationChance(m: number, n: number): number {
  let chance = 1;
  for (let i = 1; i <= m; i++) chance *= i / (n + i);
  return chance;
}

export interface SingleRunsCase {
  key: string;
  /** The baseline run's repetitions of this scenario. */
  baseline: readonly number[];
  /** This run's. */
  current: readonly number[];
  /** Cores busy outside nicgate while this run measured. */
  outsideCpu?: number;
}

export interface SingleRunsSettings {
  threshold: number;
  /** Runs the stored rule needs, for the hint. */
  minHistory: number;
  /** Busy cores beyond which a change is not judged (STORED_DEFAULTS.outsideCpuCores). */
  outsideCpuCores: number;
}

/** The verdict of this run against a baseline of one run. */
export function decideSingleRuns(input: SingleRunsCase, settings: SingleRunsSettings): Verdict {
  const { key, baseline, current } = input;
  const basis = 'stored-baseline' as const;
  const values = [...baseline, ...current];
  if (baseline.length === 0 || current.length === 0 || values.some((x) => !Number.isFinite(x) || x < 0)) {
    const error = 'a repetition is not a finite, non-negative bit rate';
    return { key, kind: 'error', error, reason: `cannot compare: ${error}`, basis };
  }
  const a = summarize(baseline);
  const b = summarize(current);
  if (a.min === 0) {
    const error = "a repetition of the baseline's is 0 bits/s, so a change relative to it is undefined";
    return { key, kind: 'error', error, reason: `cannot compare: ${error}`, basis };
  }
  const change = b.median / a.median - 1;
  const separation = separationChance(baseline.length, current.length);
  const comparison = {
    baselineMedian: a.median,
    currentMedian: b.median,
    relativeChange: change,
    confidenceInterval: {
      level: Math.max(0, 1 - 2 * separation),
      low: b.min / a.max - 1,
      high: b.max / a.min - 1,
    },
    baselineCount: baseline.length,
    currentCount: current.length,
  };
  const of = `a ${formatChange(change)} change`;
  const inconclusive = (reason: string): Verdict => ({
    key,
    kind: 'inconclusive',
    reason,
    ...comparison,
    basis,
  });
  const busy = busyDuring(input.outsideCpu, settings.outsideCpuCores);
  if (busy !== undefined) return inconclusive(`environment differs: ${busy}; ${of} is not judged`);

  const limit = `the ${formatPercent(settings.threshold)} threshold`;
  const hint = `record more runs (the stored rule needs ${settings.minHistory}) or measure both sides in one job (nicgate run --base-ref)`;
  const outcome = judgeSingleRuns(baseline, current, settings.threshold);
  if (outcome === 'regression' || outcome === 'improvement') {
    const [side, mine, theirs] =
      outcome === 'regression'
        ? ['below', `${formatBitrate(b.max)} at most`, `${formatBitrate(a.min)} at least`]
        : ['above', `${formatBitrate(b.min)} at least`, `${formatBitrate(a.max)} at most`];
    const reason = `single runs: every repetition of this run lies more than ${limit} ${side} every one of the baseline's (${of}; ${mine} against ${theirs})`;
    return { key, kind: outcome, reason, ...comparison, pValue: separation, method: 'exact', basis };
  }
  if (outcome === 'within')
    return inconclusive(
      `single runs: every repetition lies within ${limit} of every one of the baseline's (${of}), but one run of each cannot show that nothing changed; ${hint}`,
    );
  return inconclusive(
    `single runs: ${of} that the repetitions do not settle (this run's ${formatBitrate(b.min)} to ${formatBitrate(b.max)} against the baseline's ${formatBitrate(a.min)} to ${formatBitrate(a.max)}); ${hint}`,
  );
}
