// Monte Carlo check of the retired decision rule (rule.ts): how often it cries wolf when nothing changed,
// and how often it catches a real drop, under multiplicative measurement noise.

import type { DecisionSettings } from '../../src/model/verdicts.js';
import { decide } from './rule.js';
import { createRandom } from '../../src/stats/random.js';
import { normalSample } from '../../test/stats/normal-sample.js';

export interface SimulationOptions {
  trials: number;
  /** Relative standard deviation of one sample, e.g. 0.03 for 3%. */
  noise: number;
  /** The true relative drop in the "drop" comparisons, e.g. 0.1 for 10%. */
  drop: number;
  nCurrent: number;
  nBaseline: number;
  seed: number;
  settings: DecisionSettings;
  /** Bootstrap resamples per decision; the interval does not affect the kind, so few will do. */
  resamples?: number;
}

export interface SimulationRates {
  trials: number;
  /** Share of same-distribution (A/A) comparisons judged a regression. */
  falseRegressionRate: number;
  /** Share of comparisons with the true drop judged a regression. */
  detectionRate: number;
}

/** Any level works: verdicts depend on relative changes and ranks only. 1 Gbit/s reads naturally. */
const TRUE_THROUGHPUT = 1e9;

export function simulateDecisionRates(options: SimulationOptions): SimulationRates {
  const { trials, noise, drop, nCurrent, nBaseline, seed, settings, resamples = 200 } = options;
  if (!Number.isInteger(trials) || trials < 1)
    throw new RangeError(`trials must be a positive integer, got ${trials}`);
  const random = createRandom(seed);
  const samples = (count: number, mean: number): number[] =>
    Array.from({ length: count }, () => mean * (1 + noise * normalSample(random)));

  let falseRegressions = 0;
  let detections = 0;
  for (let trial = 0; trial < trials; trial++) {
    const key = `simulation-${trial}`;
    const same = decide(
      key,
      samples(nCurrent, TRUE_THROUGHPUT),
      samples(nBaseline, TRUE_THROUGHPUT),
      settings,
      {
        resamples,
      },
    );
    if (same.kind === 'regression') falseRegressions++;
    const dropped = decide(
      key,
      samples(nCurrent, TRUE_THROUGHPUT * (1 - drop)),
      samples(nBaseline, TRUE_THROUGHPUT),
      settings,
      { resamples },
    );
    if (dropped.kind === 'regression') detections++;
  }
  return { trials, falseRegressionRate: falseRegressions / trials, detectionRate: detections / trials };
}
