import { failuresFirst, isFailed, summaryOf } from '../../src/report/scenario-summary.js';
import { scenario } from '../baseline/sample-results.js';

describe('summaryOf', () => {
  it('prefers the stored summary, else summarises the finite samples', () => {
    const stored = { median: 5, min: 4, max: 6 };
    expect(summaryOf(scenario('k', [1, 2, 3], { summary: stored }))).toBe(stored);
    expect(summaryOf(scenario('k', [3, Number.NaN, 1, 2]))).toMatchObject({ median: 2, min: 1, max: 3 });
    expect(summaryOf(scenario('k', [Number.NaN]))).toBeUndefined();
  });
});

describe('isFailed and failuresFirst', () => {
  const ok = scenario('ok', [1]);
  const errored = scenario('errored', [1], { error: 'x' });
  const empty = scenario('empty', []);

  it('counts an error or the lack of any sample as a failure', () => {
    expect([ok, errored, empty].map(isFailed)).toEqual([false, true, true]);
  });

  it('puts failures first, each group in its order', () => {
    expect(failuresFirst([ok, errored, scenario('ok2', [1]), empty]).map((s) => s.key)).toEqual([
      'errored',
      'empty',
      'ok',
      'ok2',
    ]);
  });
});
