import { verdictSchema } from '../../src/model/verdicts.js';
import { decideSingleRuns, judgeSingleRuns } from '../../src/verdicts/single-runs.js';

const KEY = 'linux/e1000/stock/lan/send';
const settings = { threshold: 0.04, minHistory: 10, outsideCpuCores: 0.5 };
const decide = (baseline: number[], current: number[], extra: { outsideCpu?: number } = {}) =>
  decideSingleRuns({ key: KEY, baseline, current, ...extra }, settings);

describe('judgeSingleRuns', () => {
  const A = [100, 101, 99, 100, 102];

  it('calls a regression only when every repetition lies more than the threshold below every one', () => {
    expect(judgeSingleRuns(A, [80, 81, 79, 80, 82], 0.04)).toBe('regression');
    // 95 is 4.04% below 99, the baseline's lowest: beyond 4%.
    expect(judgeSingleRuns(A, [90, 95], 0.04)).toBe('regression');
    // One repetition at 96 is only 3.0% below 99: the runs overlap within the threshold.
    expect(judgeSingleRuns(A, [80, 81, 96], 0.04)).toBe('overlap');
  });

  it('calls an improvement symmetrically', () => {
    expect(judgeSingleRuns(A, [120, 121, 119], 0.04)).toBe('improvement');
    // 106 is 3.9% above 102, the baseline's highest.
    expect(judgeSingleRuns(A, [106, 120], 0.04)).toBe('overlap');
  });

  it('says "within" when every repetition is within the threshold of every one, never "unchanged"', () => {
    expect(judgeSingleRuns(A, A, 0.04)).toBe('within');
    expect(judgeSingleRuns([100, 100], [100, 100], 0.04)).toBe('within');
    // 97 against 101: 3.96% apart, within.
    expect(judgeSingleRuns([99, 101], [97, 99], 0.04)).toBe('within');
  });

  it('does not call a change that exactly meets the threshold (more than, not as much as)', () => {
    expect(judgeSingleRuns([100], [96], 0.04)).toBe('within');
    expect(judgeSingleRuns([100], [104], 0.04)).toBe('within');
    expect(judgeSingleRuns([100e6], [96e6], 0.04)).toBe('within');
    expect(judgeSingleRuns([100], [95.99], 0.04)).toBe('regression');
    expect(judgeSingleRuns([100], [104.01], 0.04)).toBe('improvement');
    expect(judgeSingleRuns([100, 100], [75, 75], 0.25)).toBe('within');
    expect(judgeSingleRuns([100, 100], [74.99], 0.25)).toBe('regression');
    // The highest repetition, 95.04, is exactly 4% below the lowest of the baseline's, 99.
    expect(judgeSingleRuns([99e6, 100e6], [90e6, 95.04e6], 0.04)).toBe('overlap');
    expect(judgeSingleRuns([99e6, 100e6], [90e6, 95.03e6], 0.04)).toBe('regression');
  });

  it('treats equal values as no change at all', () => {
    expect(judgeSingleRuns([5e8, 5e8, 5e8], [5e8, 5e8, 5e8], 0.04)).toBe('within');
    expect(judgeSingleRuns([5e8], [5e8, 5e8], 0.01)).toBe('within');
  });

  it('calls one repetition each by the same rule', () => {
    expect(judgeSingleRuns([100], [50], 0.04)).toBe('regression');
    expect(judgeSingleRuns([100], [150], 0.04)).toBe('improvement');
    expect(judgeSingleRuns([100], [100], 0.04)).toBe('within');
  });

  it('says "overlap" when the repetitions spread across the threshold', () => {
    expect(judgeSingleRuns([90, 110], [80, 100], 0.04)).toBe('overlap');
    expect(judgeSingleRuns([100, 100], [90, 110], 0.04)).toBe('overlap');
  });
});

describe('decideSingleRuns', () => {
  it('gives a regression with the medians, the range of pairwise changes and the rank-sum p', () => {
    const verdict = decide([100e6, 101e6, 99e6, 100e6, 102e6], [80e6, 81e6, 79e6, 80e6, 82e6]);
    expect(verdict).toEqual({
      key: KEY,
      kind: 'regression',
      reason:
        "single runs: every repetition of this run lies more than the 4.0% threshold below every one of the baseline's (a -20.0% change; 82.0 Mbit/s at most against 99.0 Mbit/s at least)",
      baselineMedian: 100e6,
      currentMedian: 80e6,
      relativeChange: 80e6 / 100e6 - 1,
      confidenceInterval: { level: 1 - 2 / 252, low: 79 / 102 - 1, high: 82 / 99 - 1 },
      pValue: 1 / 252,
      method: 'exact',
      baselineCount: 5,
      currentCount: 5,
      basis: 'stored-baseline',
    });
    expect(verdictSchema.parse(verdict)).toEqual(verdict);
  });

  it('gives an improvement symmetrically', () => {
    const verdict = decide([100e6, 101e6, 99e6], [120e6, 121e6, 119e6]);
    expect(verdict).toMatchObject({
      kind: 'improvement',
      pValue: 1 / 20,
      confidenceInterval: { level: 0.9 },
    });
    expect(verdict.reason).toContain('more than the 4.0% threshold above');
  });

  it('calls one repetition each, with the weak evidence it is (p = 0.5, no interval level)', () => {
    const verdict = decide([100e6], [50e6]);
    expect(verdict).toMatchObject({
      kind: 'regression',
      pValue: 0.5,
      confidenceInterval: { level: 0, low: -0.5, high: -0.5 },
      baselineCount: 1,
      currentCount: 1,
    });
  });

  it('is inconclusive within the threshold: one run each cannot show that nothing changed', () => {
    const verdict = decide([100e6, 100e6], [100e6, 100e6]);
    expect(verdict).toMatchObject({ kind: 'inconclusive', relativeChange: 0 });
    expect(verdict).not.toHaveProperty('pValue');
    expect(verdict.reason).toBe(
      "single runs: every repetition lies within the 4.0% threshold of every one of the baseline's (a 0.0% change), but one run of each cannot show that nothing changed; record more runs (the stored rule needs 10) or measure both sides in one job (nicgate run --base-ref)",
    );
    expect(verdictSchema.parse(verdict)).toEqual(verdict);
  });

  it('is inconclusive when the repetitions overlap, with the same hint', () => {
    const verdict = decide([90e6, 110e6], [80e6, 100e6]);
    expect(verdict.kind).toBe('inconclusive');
    expect(verdict.reason).toBe(
      "single runs: a -10.0% change that the repetitions do not settle (this run's 80.0 Mbit/s to 100 Mbit/s against the baseline's 90.0 Mbit/s to 110 Mbit/s); record more runs (the stored rule needs 10) or measure both sides in one job (nicgate run --base-ref)",
    );
  });

  it('does not judge a run measured on a busy host', () => {
    const verdict = decide([100e6], [50e6], { outsideCpu: 1.2 });
    expect(verdict.kind).toBe('inconclusive');
    expect(verdict.reason).toBe(
      'environment differs: 1.20 cores were busy outside nicgate while this run measured (limit 0.5); a -50.0% change is not judged',
    );
    expect(decide([100e6], [50e6], { outsideCpu: 0.5 }).kind).toBe('regression');
  });

  it('gives an error for a baseline repetition of 0 or a value that is no bit rate', () => {
    expect(decide([0, 100e6], [50e6])).toMatchObject({ kind: 'error' });
    expect(decide([100e6], [Number.NaN])).toMatchObject({ kind: 'error' });
    expect(decide([100e6], [-1])).toMatchObject({ kind: 'error' });
    expect(decide([100e6], [])).toMatchObject({ kind: 'error' });
    // A current repetition of 0 is a measurement: far below.
    expect(decide([100e6], [0]).kind).toBe('regression');
  });
});
