import type { GateChoice } from '../../src/config/gate-policy.js';
import { VERDICT_KINDS, type Verdict } from '../../src/model/verdicts.js';
import {
  GATE_TABLE,
  gateSubject,
  judgedInconclusive,
  judgeGate,
  type GateOutcome,
  type GatePolicy,
  type GateSubject,
} from '../../src/verdicts/gate-rule.js';

const CHOICES: readonly GateChoice[] = ['pass', 'fail'];
const POLICIES: GatePolicy[] = [true, false].flatMap((failOnRegression) =>
  CHOICES.flatMap((onInconclusive) =>
    CHOICES.map((onError) => ({ failOnRegression, onInconclusive, onError })),
  ),
);

/**
 * The rule as docs/inputs.md and docs/verdicts.md state it, written out by hand: what each subject
 * does under a policy.
 */
function expected(subject: GateSubject, policy: GatePolicy): GateOutcome {
  switch (subject) {
    case 'regression':
      return policy.failOnRegression ? 'fail' : 'warn';
    case 'error':
    case 'failed-run':
      return policy.onError === 'fail' ? 'fail' : 'warn';
    case 'inconclusive':
      return policy.onInconclusive === 'fail' ? 'fail' : 'warn';
    default:
      return 'pass';
  }
}

const verdict = (key: string, kind: Verdict['kind'], extra: object = {}): Verdict =>
  ({ key, kind, reason: 'r', ...extra }) as Verdict;

describe('GATE_TABLE', () => {
  const subjects: GateSubject[] = [...VERDICT_KINDS, 'inconclusive-short-history', 'failed-run'];

  it('has one row for every verdict kind and the two cases a kind does not tell', () => {
    expect(Object.keys(GATE_TABLE).sort()).toEqual([...subjects].sort());
  });

  it.each(POLICIES)('gives each subject its outcome under %j', (policy) => {
    for (const subject of subjects)
      expect([subject, GATE_TABLE[subject].outcome(policy)]).toEqual([subject, expected(subject, policy)]);
  });
});

describe('gateSubject', () => {
  it('tells an inconclusive verdict of a short stored history from one judged', () => {
    expect(gateSubject(verdict('a', 'inconclusive', { history: { runs: 3, needed: 10 } }))).toBe(
      'inconclusive-short-history',
    );
    expect(gateSubject(verdict('a', 'inconclusive', { history: { runs: 10, needed: 10 } }))).toBe(
      'inconclusive',
    );
    expect(gateSubject(verdict('a', 'inconclusive'))).toBe('inconclusive');
    expect(gateSubject(verdict('a', 'regression'))).toBe('regression');
  });
});

describe('judgeGate', () => {
  const policy: GatePolicy = { failOnRegression: true, onInconclusive: 'pass', onError: 'fail' };

  it('counts a failed scenario and its error verdict as one scenario not judged', () => {
    const judgement = judgeGate([verdict('k', 'error', { error: 'e' })], ['k', 'j'], policy);
    expect(judgement.problems.unjudged).toEqual({ keys: ['k', 'j'], outcome: 'fail' });
    expect(judgement.fails).toBe(true);
  });

  it('warns and passes where the settings let a problem pass', () => {
    const judgement = judgeGate([verdict('r', 'regression'), verdict('i', 'inconclusive')], ['f'], {
      failOnRegression: false,
      onInconclusive: 'pass',
      onError: 'pass',
    });
    expect(judgement.problems).toEqual({
      unjudged: { keys: ['f'], outcome: 'warn' },
      regressed: { keys: ['r'], outcome: 'warn' },
      inconclusive: { keys: ['i'], outcome: 'warn' },
    });
    expect(judgement.fails).toBe(false);
  });

  it('leaves out verdicts that never fail, and a short history even under on-inconclusive: fail', () => {
    const short = verdict('s', 'inconclusive', { history: { runs: 1, needed: 10 } });
    const judgement = judgeGate([verdict('n', 'new'), verdict('u', 'inputs-unchanged'), short], [], {
      ...policy,
      onInconclusive: 'fail',
    });
    expect(judgement.problems.inconclusive).toEqual({ keys: [], outcome: 'pass' });
    expect(judgement.fails).toBe(false);
    expect(judgedInconclusive([short, verdict('i', 'inconclusive')]).map((v) => v.key)).toEqual(['i']);
  });
});
