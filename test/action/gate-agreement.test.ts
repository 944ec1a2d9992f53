// The Action and the command line fail on the same verdicts: one verdicts file of every kind, and
// scenarios whose run failed, through the Action's whole gate path (main, in mode comment, reading
// the files and inputs) and the command line's exit code, under every on-error, on-inconclusive and
// fail-on-regression.
import { jest } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliGate, gateExitCode } from '../../src/cli/gate-exit.js';
import type { GateChoice } from '../../src/config/gate-policy.js';
import type { Verdict } from '../../src/model/verdicts.js';
import { results, scenario } from '../baseline/sample-results.js';
import { comparison, verdictsFile } from '../report/fixtures.js';
import { runAction, workspace } from './run-action.js';

jest.setTimeout(120_000);

type Setting = 'fail-on-regression' | 'on-error' | 'on-inconclusive';

interface Case {
  verdict?: Verdict;
  /** A scenario whose run failed: in the results file with an error, and in no verdict. */
  failedRun?: string;
  /** The setting that, at `fail` (or true), fails the job on this case; none: it always passes. */
  failsUnder?: Setting;
}

const key = (name: string): string => `linux/e1000/${name}/lan/send`;
const CASES: Record<string, Case> = {
  regression: {
    verdict: { key: key('regression'), kind: 'regression', reason: 'slower', ...comparison(1e9, 8e8) },
    failsUnder: 'fail-on-regression',
  },
  improvement: {
    verdict: { key: key('improvement'), kind: 'improvement', reason: 'faster', ...comparison(1e9, 1.2e9) },
  },
  unchanged: {
    verdict: { key: key('unchanged'), kind: 'unchanged', reason: 'same', ...comparison(1e9, 1e9) },
  },
  inconclusive: {
    verdict: { key: key('inconclusive'), kind: 'inconclusive', reason: 'too few pairs' },
    failsUnder: 'on-inconclusive',
  },
  'inconclusive-for-short-history': {
    verdict: {
      key: key('short'),
      kind: 'inconclusive',
      reason: 'numbers only',
      history: { runs: 2, needed: 10 },
    },
  },
  error: {
    verdict: { key: key('error'), kind: 'error', reason: 'no pairs', error: 'no pairs were measured' },
    failsUnder: 'on-error',
  },
  new: { verdict: { key: key('new'), kind: 'new', reason: 'not in the base', currentCount: 5 } },
  'inputs-unchanged': {
    verdict: { key: key('same'), kind: 'inputs-unchanged', reason: 'same inputs', basis: 'inputs-unchanged' },
  },
  'failed run': { failedRun: key('failed'), failsUnder: 'on-error' },
};

const CHOICES: readonly GateChoice[] = ['pass', 'fail'];
const SETTINGS = ['true', 'false'].flatMap((failOnRegression) =>
  CHOICES.flatMap((onInconclusive) =>
    CHOICES.map((onError) => ({
      'fail-on-regression': failOnRegression,
      'on-inconclusive': onInconclusive,
      'on-error': onError,
    })),
  ),
);

/** Runs the Action's main on the files of these cases; whether the step failed. */
async function actionFails(cases: Case[], settings: Record<Setting, string>): Promise<boolean> {
  const dir = workspace();
  const verdicts = cases.flatMap((c) => (c.verdict ? [c.verdict] : []));
  const scenarios = [
    ...verdicts.map((v) => scenario(v.key, [9e8, 9.1e8, 9.2e8])),
    ...cases.flatMap((c) =>
      c.failedRun ? [scenario(c.failedRun, [], { error: 'the guest did not boot' })] : [],
    ),
  ];
  writeFileSync(join(dir, 'results.json'), JSON.stringify(results(scenarios)));
  writeFileSync(join(dir, 'verdicts.json'), JSON.stringify(verdictsFile(verdicts)));
  const run = await runAction(
    dir,
    {
      mode: 'comment',
      'results-files': join(dir, 'results.json'),
      'verdicts-file': join(dir, 'verdicts.json'),
      'comment-on-pr': 'false',
      ...settings,
    },
    { name: 'push', payload: {} },
    { GITHUB_REF_NAME: 'main' },
  );
  return run.exitCode !== 0;
}

/** The command line's exit code on the same verdicts and failed scenarios. */
function cliFails(cases: Case[], settings: Record<Setting, string>): boolean {
  const verdicts = cases.flatMap((c) => (c.verdict ? [c.verdict] : []));
  const failed = cases.flatMap((c) => (c.failedRun ? [c.failedRun] : []));
  const policy = {
    onInconclusive: settings['on-inconclusive'] as GateChoice,
    onError: settings['on-error'] as GateChoice,
  };
  return gateExitCode(cliGate(verdicts, failed, policy)) !== 0;
}

/** What docs/inputs.md promises: a case fails the job only when its setting says fail. */
function promised(cases: Case[], settings: Record<Setting, string>): boolean {
  return cases.some((c) => c.failsUnder !== undefined && ['fail', 'true'].includes(settings[c.failsUnder]));
}

const groups: [string, Case[]][] = [
  ...Object.entries(CASES).map(([name, c]): [string, Case[]] => [name, [c]]),
  ['every kind at once', Object.values(CASES)],
  ['every kind that never fails', Object.values(CASES).filter((c) => c.failsUnder === undefined)],
];

describe.each(groups)('%s', (_name, cases) => {
  it.each(SETTINGS)('fails the Action as promised under %j', async (settings) => {
    expect(await actionFails(cases, settings)).toBe(promised(cases, settings));
  });

  // The command line has no fail-on-regression: a regression always fails it. So it agrees with
  // the Action (held to the same promise above) where the Action fails on one too.
  it.each(SETTINGS.filter((settings) => settings['fail-on-regression'] === 'true'))(
    'fails the command line as promised under %j',
    (settings) => {
      expect(cliFails(cases, settings)).toBe(promised(cases, settings));
    },
  );
});
