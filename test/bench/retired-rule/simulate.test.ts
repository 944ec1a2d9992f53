import { simulateDecisionRates } from '../../../bench/retired-rule/simulate.js';
import { DECISION_DEFAULTS } from '../../../src/model/defaults.js';

describe('simulateDecisionRates', () => {
  // 3% multiplicative noise, 5 repetitions against 15 baseline samples, default settings
  // (5% threshold, alpha 0.01): the gate must rarely cry wolf and must catch a 10% drop.
  it('keeps false regressions at or below 1% and detects a 10% drop at least 95% of the time', () => {
    const rates = simulateDecisionRates({
      trials: 1000,
      noise: 0.03,
      drop: 0.1,
      nCurrent: 5,
      nBaseline: 15,
      seed: 20240611,
      settings: DECISION_DEFAULTS,
      resamples: 200,
    });
    expect(rates.trials).toBe(1000);
    expect(rates.falseRegressionRate).toBeLessThanOrEqual(0.01);
    expect(rates.detectionRate).toBeGreaterThanOrEqual(0.95);
  });

  it('is reproducible for a seed', () => {
    const run = () =>
      simulateDecisionRates({
        trials: 50,
        noise: 0.05,
        drop: 0.06,
        nCurrent: 5,
        nBaseline: 10,
        seed: 3,
        settings: DECISION_DEFAULTS,
        resamples: 20,
      });
    expect(run()).toEqual(run());
  });
});
