// The stored-baseline decision rule (issue 9): a run judged against the history of earlier runs of
// its scenario on the same testbed. Pure.
//
// The unit is a run: its median over its repetitions. Whole runs drift on shared machines (run
// medians 1.98, 2.02, 1.17, 2.06, 1.98 Gbit/s), so repetitions of one run are not independent
// draws of what the next run will measure; only other runs say how far a run strays.
//
// Rule, for a current run median c and history run medians x₁…xₙ:
//   m  = median(xᵢ)                          centre
//   s  = max(κ · median|xᵢ − m|, floor · m)  robust scale, κ = 1/Φ⁻¹(3/4) ≈ 1.4826 (MAD → σ)
//   se = s · √(1 + π/(2n))                   a new run's spread around m: its own, and m's
//                                            (the median of n normal values has variance πσ²/2n)
//   ν  = e · n,  e = 8 q² φ(q)² ≈ 0.3675     degrees of freedom: the MAD's efficiency relative to
//                                            the standard deviation (q = Φ⁻¹(3/4)), so a MAD from
//                                            n runs is as uncertain as a standard deviation from ν
//   band = m ± t(1 − α; ν) · se              one-sided prediction bounds at level α each
//   change = c / m − 1,  T = (c − m) / se,  p = P(t_ν ≥ |T|)
// regression  c below the band AND change ≤ −threshold (p < α exactly when c is below the band);
// improvement c above the band AND change ≥ +threshold;
// unchanged   c inside the band AND |change| < threshold;
// otherwise inconclusive, saying which of the two disagreed.
// Under normal run-to-run noise this bound is exceeded at close to the nominal rate: α = 0.01
// gives 0.8–1.0% for 8 to 50 runs (fixtures/stats/make-stored-reference.py simulates it), where
// the plain t(n − 1) · s · √(1 + 1/n) with a MAD scale gives 2.7% at 10 runs. A distribution-free
// bound (the current run below every history run) needs 99 runs to reach α = 0.01.
//
// Before that: fewer than `minHistory` runs give numbers only (inconclusive, never failing); and
// when both sides carry a host CPU probe, a current probe outside the history's probe band (the
// same bound, on probe scores, either side) makes the verdict inconclusive, "environment differs",
// never a regression: a busy neighbour slows the guest and the probe alike. The robust band rather
// than "below the history's lowest probe": one disturbed history run would lower that minimum and
// hide the next disturbance, where the median and MAD ignore it.
import { formatBitrate, formatChange, formatPercent, formatPValue } from '../common/format.js';
import { STORED_DEFAULTS } from '../model/defaults.js';
import type { Comparison, DecisionSettings, Verdict } from '../model/verdicts.js';
import { studentTQuantile, studentTSurvival } from '../stats/student-t.js';
import { summarize } from '../stats/summary.js';

/** One run of history: its median over its repetitions, and its host probe when it has one. */
export interface HistoryRun {
  median: number;
  probe?: number;
}

export interface StoredCase {
  key: string;
  /**
   * This run: the median of its repetitions, how many there were, its host probe, and the cores
   * busy outside nicgate while it measured.
   */
  current: { median: number; count: number; probe?: number; outsideCpu?: number };
  /** The runs of this scenario on this testbed, oldest first. */
  history: readonly HistoryRun[];
}

export interface StoredSettings extends DecisionSettings {
  minHistory: number;
  scaleFloor: number;
  probeScaleFloor: number;
  outsideCpuCores: number;
}

/** Coverage of the interval reported on the change, as in the other rules. */
const LEVEL = 0.95;

/** q = Φ⁻¹(3/4): the MAD of a normal distribution is q·σ. */
const NORMAL_QUARTILE = 0.6744897501960817;
/** κ = 1/q: turns a MAD into an estimate of σ. */
const MAD_TO_SD = 1 / NORMAL_QUARTILE;
/** e = 8 q² φ(q)²: the MAD's asymptotic efficiency at the normal, relative to the standard deviation. */
const MAD_EFFICIENCY =
  8 * NORMAL_QUARTILE ** 2 * (Math.exp(-(NORMAL_QUARTILE ** 2) / 2) / Math.sqrt(2 * Math.PI)) ** 2;

export interface PredictionBand {
  n: number;
  /** Median of the values. */
  centre: number;
  /** Median absolute deviation from the centre. */
  mad: number;
  /** max(κ · mad, floor · |centre|). */
  scale: number;
  /** scale · √(1 + π/(2n)). */
  standardError: number;
  /** e · n. */
  df: number;
  /** t(1 − α; df). */
  quantile: number;
  low: number;
  high: number;
}

/** The robust one-sided prediction bounds at level `alpha` for one more value like `values`. */
export function predictionBand(values: readonly number[], alpha: number, floor: number): PredictionBand {
  const n = values.length;
  if (n < 2) throw new RangeError(`a prediction band needs at least 2 values, got ${n}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${alpha}`);
  const centre = summarize(values).median;
  const mad = summarize(values.map((value) => Math.abs(value - centre))).median;
  const scale = Math.max(MAD_TO_SD * mad, floor * Math.abs(centre));
  const standardError = scale * Math.sqrt(1 + Math.PI / (2 * n));
  const df = MAD_EFFICIENCY * n;
  const quantile = studentTQuantile(1 - alpha, df);
  const half = quantile * standardError;
  return { n, centre, mad, scale, standardError, df, quantile, low: centre - half, high: centre + half };
}

/** One-sided p-value of `value` against the band's centre, in the direction it lies. */
export function bandPValue(value: number, band: PredictionBand): number {
  if (value === band.centre) return 0.5;
  if (band.standardError === 0) return 0;
  return studentTSurvival(Math.abs(value - band.centre) / band.standardError, band.df);
}

function settingsWithDefaults(settings: DecisionSettings & Partial<StoredSettings>): StoredSettings {
  const full = { ...STORED_DEFAULTS, ...settings };
  if (!Number.isInteger(full.minHistory) || full.minHistory < 2)
    throw new RangeError(
      `the minimum history must be a whole number of runs, at least 2; got ${full.minHistory}`,
    );
  return full;
}

/** The verdict of one scenario's run against its history on the same testbed. */
export function decideStored(
  input: StoredCase,
  settings: DecisionSettings & Partial<StoredSettings>,
): Verdict {
  const full = settingsWithDefaults(settings);
  const { key, current, history } = input;
  const n = history.length;
  const marks = { basis: 'stored-baseline', history: { runs: n, needed: full.minHistory } } as const;
  const medians = [current.median, ...history.map((run) => run.median)];
  if (medians.some((value) => !Number.isFinite(value) || value < 0)) {
    const error = 'a run median is not a finite, non-negative bit rate';
    return { key, kind: 'error', error, reason: `cannot compare: ${error}`, ...marks };
  }
  const centre = n > 0 ? summarize(history.map((run) => run.median)).median : undefined;

  if (n < full.minHistory) {
    const numbers = {
      currentMedian: current.median,
      currentCount: current.count,
      baselineCount: n,
      ...(centre === undefined ? {} : { baselineMedian: centre }),
      ...(centre === undefined || centre === 0 ? {} : { relativeChange: current.median / centre - 1 }),
    };
    const reason = `history has ${n} of the ${full.minHistory} runs needed; numbers only`;
    return { key, kind: 'inconclusive', reason, ...numbers, ...marks };
  }
  if (centre === 0) {
    const error = "the history's median is 0 bits/s, so a relative change is undefined";
    return { key, kind: 'error', error, reason: `cannot compare: ${error}`, ...marks };
  }

  const { alpha, threshold } = full;
  const band = predictionBand(
    history.map((run) => run.median),
    alpha,
    full.scaleFloor,
  );
  const change = current.median / band.centre - 1;
  const pValue = bandPValue(current.median, band);
  const interval = studentTQuantile(1 - (1 - LEVEL) / 2, band.df) * band.standardError;
  const comparison: Comparison = {
    baselineMedian: band.centre,
    currentMedian: current.median,
    relativeChange: change,
    confidenceInterval: {
      level: LEVEL,
      low: (current.median - interval) / band.centre - 1,
      high: (current.median + interval) / band.centre - 1,
    },
    pValue,
    // A parametric approximation, like the normal one (Student's t with the MAD's degrees of freedom).
    method: 'normal',
    baselineCount: n,
    currentCount: current.count,
  };
  const verdict = (
    kind: 'regression' | 'improvement' | 'unchanged' | 'inconclusive',
    reason: string,
  ): Verdict => ({
    key,
    kind,
    reason,
    ...comparison,
    ...marks,
  });

  const environment =
    busyDuring(input.current.outsideCpu, full.outsideCpuCores) ?? probeDifference(input, full);
  if (environment !== undefined) {
    const reason = `environment differs: ${environment}; a ${formatChange(change)} change is not judged`;
    return verdict('inconclusive', reason);
  }

  const shown = `the band of ${n} runs (${formatBitrate(Math.max(0, band.low))} to ${formatBitrate(band.high)}, ${formatPValue(pValue)})`;
  const limit = `the ${formatPercent(threshold)} threshold`;
  const { low, high } = comparison.confidenceInterval;
  const ci = `${Math.round(LEVEL * 100)}% CI ${formatChange(low)} to ${formatChange(high)}`;
  const of = `a ${formatChange(change)} change`;
  // Below the band means p < alpha and a drop; above, p < alpha and a rise.
  if (current.median < band.low)
    return change <= -threshold
      ? verdict('regression', `${of} (${ci}) falls below ${shown} and beyond ${limit}`)
      : verdict('inconclusive', `${of} falls below ${shown} but within ${limit}`);
  if (current.median > band.high)
    return change >= threshold
      ? verdict('improvement', `${of} (${ci}) rises above ${shown} and beyond ${limit}`)
      : verdict('inconclusive', `${of} rises above ${shown} but within ${limit}`);
  return Math.abs(change) < threshold
    ? verdict('unchanged', `${of} lies inside ${shown} and within ${limit}`)
    : verdict(
        'inconclusive',
        `${of} is beyond ${limit} but inside ${shown}: these runs vary too much to tell`,
      );
}

/**
 * Why a run measured on a busy host is not judged, or undefined (also when not measured). The
 * probe sees the host only as the run starts; a neighbour can start during it.
 */
export function busyDuring(busy: number | undefined, limit: number): string | undefined {
  if (busy === undefined || busy <= limit) return undefined;
  return `${busy.toFixed(2)} cores were busy outside nicgate while this run measured (limit ${limit})`;
}

/** Why the current probe says the host differs from the history's, or undefined (also when not measured). */
function probeDifference(input: StoredCase, settings: StoredSettings): string | undefined {
  const probe = input.current.probe;
  const probes = input.history.flatMap((run) => (run.probe === undefined ? [] : [run.probe]));
  if (probe === undefined || probes.length < 2) return undefined;
  const band = predictionBand(probes, settings.alpha, settings.probeScaleFloor);
  if (probe >= band.low && probe <= band.high) return undefined;
  const side = probe < band.low ? 'below' : 'above';
  return (
    `host CPU probe ${formatScore(probe)} lies ${side} the band of ${probes.length} runs' probes ` +
    `(${formatScore(Math.max(0, band.low))} to ${formatScore(band.high)}, median ${formatScore(band.centre)})`
  );
}

/** A probe score (work units per second): whole numbers from 1000 on, else three digits. */
function formatScore(score: number): string {
  return Math.abs(score) >= 1000 ? String(Math.round(score)) : String(Number(score.toPrecision(3)));
}
