import { bootstrapRelativeChangeCI } from '../../../bench/retired-rule/bootstrap.js';
import { decide } from '../../../bench/retired-rule/rule.js';
import { seedFromString } from '../../../src/stats/random.js';
import { type Verdict } from '../../../src/model/verdicts.js';
import { DECISION_DEFAULTS } from '../../../src/model/defaults.js';

const e9 = (values: number[]) => values.map((v) => v * 1e9);

// Tight baseline around 9.5 Gbit/s (median exactly 9.5e9).
const baseline = e9([9.4, 9.45, 9.5, 9.55, 9.6, 9.42, 9.48, 9.52, 9.58, 9.44, 9.46, 9.54, 9.56, 9.5, 9.5]);
const settings = DECISION_DEFAULTS; // 5% threshold, alpha 0.01
const options = { resamples: 500 };

function expectComparison(verdict: Verdict, currentCount: number, baselineCount: number): void {
  expect(verdict).toMatchObject({ currentCount, baselineCount, method: 'exact' });
  if (!('confidenceInterval' in verdict) || !verdict.confidenceInterval) throw new Error('no interval');
  expect(verdict.confidenceInterval.low).toBeLessThanOrEqual(verdict.confidenceInterval.high);
}

describe('decide', () => {
  it('calls a large, significant drop a regression', () => {
    const verdict = decide('a', e9([8.9, 9.0, 9.1, 8.95, 9.05]), baseline, settings, options);
    expect(verdict.kind).toBe('regression');
    expect(verdict).toMatchObject({ baselineMedian: 9.5e9, currentMedian: 9e9 });
    expect(verdict.reason).toMatch(
      /^a -5\.3% change \(95% CI -\d+\.\d% to -\d+\.\d%\) is significant \(p < 0\.0001\) and beyond the 4\.0% threshold$/,
    );
    expectComparison(verdict, 5, 15);
  });

  it('calls a large, significant rise an improvement', () => {
    const verdict = decide('a', e9([10.0, 10.1, 10.2, 10.05, 10.15]), baseline, settings, options);
    expect(verdict.kind).toBe('improvement');
    expect(verdict.reason).toMatch(/^a \+6\.3% change \(95% CI .*\) is significant \(p < 0\.0001\)/);
    expectComparison(verdict, 5, 15);
  });

  it('counts a change of exactly the threshold', () => {
    const tight = [8, 8.1, 7.9, 8.2, 7.8, 8, 8.05, 7.95, 8, 8.15, 7.85, 8, 8.1, 7.9, 8];
    const verdict = decide('a', [6, 6.1, 5.9, 6, 6.05], tight, { threshold: 0.25, alpha: 0.01 }, options);
    expect(verdict).toMatchObject({ kind: 'regression', relativeChange: -0.25 });
  });

  it('calls a significant change within the threshold unchanged, and says so', () => {
    const verdict = decide('a', e9([9.2, 9.25, 9.3, 9.22, 9.28]), baseline, settings, options);
    expect(verdict.kind).toBe('unchanged');
    expect(verdict.reason).toBe('a -2.6% change is significant (p < 0.0001) but within the 4.0% threshold');
    expectComparison(verdict, 5, 15);
  });

  it('calls a small change that is not significant unchanged', () => {
    const verdict = decide('a', e9([9.45, 9.5, 9.55, 9.48, 9.52]), baseline, settings, options);
    expect(verdict.kind).toBe('unchanged');
    expect(verdict.reason).toMatch(
      /^a 0\.0% change is within the 4\.0% threshold and not significant \(p = 0\.\d+\)$/,
    );
  });

  it('calls a large change that is not significant inconclusive', () => {
    const noisyBaseline = e9([8, 9, 10, 11, 12, 8.5, 9.5, 10.5, 11.5, 10, 9.8, 10.2, 7.5, 12.5, 10]);
    const verdict = decide('a', e9([8.8, 9.2, 12, 7.9, 9.3]), noisyBaseline, settings, options);
    expect(verdict.kind).toBe('inconclusive');
    expect(verdict.reason).toMatch(
      /^a -8\.0% change is not significant \(p = 0\.\d+\): too noisy to tell; add repetitions or baseline runs$/,
    );
    expectComparison(verdict, 5, 15);
  });

  it('calls too few samples inconclusive whatever the data, keeping the comparison', () => {
    const verdict = decide('a', e9([5, 5.1, 5.2]), e9([9.4, 9.5, 9.6]), settings, options);
    expect(verdict.kind).toBe('inconclusive');
    expect(verdict.reason).toBe(
      '3 current vs 3 baseline samples cannot reach p < 0.01 (smallest possible p = 0.05); add repetitions or baseline runs',
    );
    expect(verdict).toMatchObject({ pValue: 0.05, relativeChange: expect.closeTo(-0.4632, 4) as number });
    expectComparison(verdict, 3, 3);
  });

  it('lets a looser alpha decide with the same few samples', () => {
    const verdict = decide(
      'a',
      e9([5, 5.1, 5.2]),
      e9([9.4, 9.5, 9.6]),
      { threshold: 0.05, alpha: 0.1 },
      options,
    );
    expect(verdict.kind).toBe('regression');
  });

  it('reports unusable samples as an error verdict instead of throwing', () => {
    const cases: [number[], number[], RegExp][] = [
      [e9([1, 1, 1]), [0, 0, 0, 1], /baseline median is 0/],
      [[1, Number.NaN], baseline, /current samples must be finite, non-negative bits\/s, got NaN/],
      [e9([1, 1]), [...baseline, Number.POSITIVE_INFINITY], /baseline samples .* got Infinity/],
      [[-1, 2], baseline, /got -1/],
      [[], baseline, /no current samples/],
    ];
    for (const [current, base, message] of cases) {
      const verdict = decide('a', current, base, settings, options);
      expect(verdict.kind).toBe('error');
      if (verdict.kind !== 'error') continue;
      expect(verdict.error).toMatch(message);
      expect(verdict.reason).toBe(`cannot compare: ${verdict.error}`);
    }
  });

  it('gives the same report for the same scenario and data, seeding the interval by key', () => {
    const current = e9([8.9, 9.0, 9.1, 8.95, 9.05]);
    const verdict = decide('virtio/lan', current, baseline, settings);
    expect(decide('virtio/lan', current, baseline, settings)).toEqual(verdict);
    expect(verdict).toMatchObject({
      confidenceInterval: bootstrapRelativeChangeCI(current, baseline, {
        seed: seedFromString('virtio/lan'),
      }),
    });
  });
});
