import { gateFailure, listCapped, MAX_LISTED_KEYS } from '../../src/action/gate.js';
import type { Verdict } from '../../src/model/verdicts.js';
import { judgeGate, type GatePolicy } from '../../src/verdicts/gate-rule.js';

const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `linux/e1000/stock/lan${i}/send`);
const regressions = (n: number): Verdict[] =>
  keys(n).map((key) => ({ key, kind: 'regression', reason: 'slower' }) as Verdict);
const policy: GatePolicy = { failOnRegression: true, onInconclusive: 'pass', onError: 'fail' };
const message = (verdicts: Verdict[], failed: string[], p: GatePolicy = policy): string | undefined =>
  gateFailure(judgeGate(verdicts, failed, p));

describe('gateFailure', () => {
  it('passes when nothing failed and nothing regressed (or regressions do not fail)', () => {
    expect(message([], [])).toBeUndefined();
    expect(message(regressions(2), [], { ...policy, failOnRegression: false })).toBeUndefined();
  });

  it('lists a few keys in full', () => {
    expect(message(regressions(2), ['a'])).toBe(
      '1 scenario(s) could not be judged (on-error: fail): a; throughput regressed: linux/e1000/stock/lan0/send, linux/e1000/stock/lan1/send',
    );
  });

  it('fails closed on an error verdict and names it; on-error: pass lets it through', () => {
    const error = {
      key: 'k',
      kind: 'error',
      error: 'no pairs',
      reason: 'cannot compare: no pairs',
    } as Verdict;
    expect(message([error], [])).toBe('1 scenario(s) could not be judged (on-error: fail): k');
    // A failed scenario and its error verdict are one scenario.
    expect(message([error], ['k'])).toBe('1 scenario(s) could not be judged (on-error: fail): k');
    expect(message([error], ['k'], { ...policy, onError: 'pass' })).toBeUndefined();
  });

  it(`lists at most ${MAX_LISTED_KEYS} keys and counts the rest`, () => {
    const text = message(regressions(300), keys(12_000))!;
    expect(text).toContain(
      '12000 scenario(s) could not be judged (on-error: fail): linux/e1000/stock/lan0/send, ',
    );
    expect(text).toContain('linux/e1000/stock/lan19/send and 11980 more;');
    expect(text).toMatch(/throughput regressed: .* and 280 more$/);
    expect(text.length).toBeLessThan(2000);
  });
});

describe('listCapped', () => {
  it('puts keys on one line', () => {
    expect(listCapped(['a\nb', 'c'])).toBe('a b, c');
    expect(listCapped(['a', 'b', 'c'], 2)).toBe('a, b and 1 more');
  });
});
