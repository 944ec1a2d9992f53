import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InputError } from '../../src/common/errors.js';
import type { RawOptions } from '../../src/config/options.js';
import { PAIRED_RUN_DEFAULTS } from '../../src/config/paired-options.js';
import { readSettings, type InputSources } from '../../src/action/inputs.js';
import type { RunPlan } from '../../src/model/plan.js';

function sources(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const seen: RawOptions[] = [];
  const defaultsSeen: (RawOptions | undefined)[] = [];
  const plan = { outPath: 'x', workDir: 'y' } as RunPlan;
  const given: InputSources = {
    getInput: (name) => inputs[name] ?? '',
    env,
    payload: { repository: { default_branch: 'trunk' } },
    buildPlan: (raw, defaults) => {
      seen.push(raw);
      defaultsSeen.push(defaults);
      return plan;
    },
    paths: {
      kind: (path) => (path === 'reports' ? 'directory' : path === '.' ? 'directory' : 'missing'),
      readable: () => true,
      writable: () => true,
      parent: (path) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.'),
    },
  };
  return { given, seen, defaultsSeen, plan };
}

describe('readSettings', () => {
  it('applies the Action defaults when no input is set', () => {
    const { given, seen, plan } = sources(
      {},
      { RUNNER_TEMP: '/tmp/r', GITHUB_WORKFLOW: 'ci', GITHUB_JOB: 'perf' },
    );
    const settings = readSettings(given);
    expect(settings.plan).toBe(plan);
    expect(seen).toEqual([{ 'work-dir': '/tmp/r/nicgate', out: 'nicgate-results.json' }]);
    expect(settings).toMatchObject({
      mode: 'auto',
      verdictsPath: 'nicgate-verdicts.json',
      reportPath: 'nicgate-report.md',
      failOnRegression: true,
      window: 20,
      decision: { threshold: 0.04, alpha: 0.01, allowEnvironmentChange: false },
      comment: { mode: 'on-change', id: 'ci/perf', token: '' },
      context: { mode: 'auto', defaultBranch: 'trunk', baselineBranches: [] },
    });
    expect(settings.prNumber).toBeUndefined();
  });

  it("leaves the duration to whichever run takes place when a runner passes action.yml's defaults", () => {
    const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, { default?: string }>;
    };
    const defaults = Object.fromEntries(
      Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? '']),
    );
    const { given } = sources(defaults, { RUNNER_TEMP: '/tmp/r' });
    const settings = readSettings(given);
    expect(settings.measureInputs.duration).toBeUndefined();
    expect(settings.measureInputs.repetitions).toBe('5');
  });

  it('builds the plan once: a paired job with the paired defaults, as `nicgate run --base-ref` does', () => {
    const paired = sources({ 'base-ref': 'v1', nic: 'e1000' });
    const settings = readSettings(paired.given);
    expect(settings.paired?.baseRef).toBe('v1');
    expect(settings.plan).toBe(paired.plan);
    expect(paired.seen).toEqual([{ nic: 'e1000', out: 'nicgate-results.json' }]);
    expect(paired.defaultsSeen).toEqual([PAIRED_RUN_DEFAULTS]);

    const plain = sources({ nic: 'e1000' });
    expect(readSettings(plain.given).paired).toBeUndefined();
    expect(plain.defaultsSeen).toEqual([undefined]);
  });

  it('passes the measure inputs to the plan and reads the rest', () => {
    const { given, seen } = sources({
      nic: 'e1000',
      out: 'r.json',
      'work-dir': 'w',
      mode: 'aggregate',
      threshold: '7.5',
      'fail-on-regression': 'false',
      'comment-on-pr': 'FALSE',
      'comment-author': 'app[bot]',
      'pr-number': '12',
      'baseline-branches': 'main,release/*',
    });
    const settings = readSettings(given);
    expect(seen).toEqual([{ nic: 'e1000', out: 'r.json', 'work-dir': 'w' }]);
    expect(settings.mode).toBe('aggregate');
    // aggregate uses the baseline as auto does
    expect(settings.context.mode).toBe('auto');
    expect(settings.context.baselineBranches).toEqual(['main', 'release/*']);
    expect(settings.decision.threshold).toBeCloseTo(0.075);
    expect(settings.failOnRegression).toBe(false);
    expect(settings.comment).toMatchObject({ mode: 'never', author: 'app[bot]' });
    expect(settings.prNumber).toBe(12);
  });

  it('reads guest-cache-secret (none when empty) and refuses a short one without quoting it', () => {
    expect(readSettings(sources({}).given).guestCacheSecret).toBeUndefined();
    const secret = 'a long enough repository secret';
    expect(readSettings(sources({ 'guest-cache-secret': secret }).given).guestCacheSecret).toBe(secret);
    expect(() => readSettings(sources({ 'guest-cache-secret': 'tiny-secret' }).given)).toThrow(
      'guest-cache-secret: needs at least 16 characters (it has 11)',
    );
  });

  it('hands the metrics input to the plan, as the flag --metrics', () => {
    const { given, seen } = sources({ metrics: 'tcp-stats' });
    readSettings(given);
    expect(seen[0]).toMatchObject({ metrics: 'tcp-stats' });
  });

  it('checks the output files up front, creating missing directories on the way', () => {
    expect(readSettings(sources({ 'verdicts-out': 'a/b/v.json' }).given).verdictsPath).toBe('a/b/v.json');
    expect(() => readSettings(sources({ 'report-out': 'reports' }).given)).toThrow(
      'report-out: "reports" is a directory; name a file inside it',
    );
  });

  it('names the input and quotes the value of a bad input, before the plan is built', () => {
    const { given, seen } = sources({ mode: 'sometimes' });
    expect(() => readSettings(given)).toThrow(InputError);
    expect(() => readSettings(given)).toThrow('mode: "sometimes" is not a mode');
    expect(seen).toEqual([]);
    expect(() => readSettings(sources({ 'fail-on-regression': 'yes' }).given)).toThrow(
      'fail-on-regression: "yes" is not true or false',
    );
  });
});

describe('mode: record outside push, schedule and workflow_dispatch (issue 26)', () => {
  it('is refused before anything is measured, naming the event', () => {
    for (const event of ['pull_request_target', 'pull_request', 'issue_comment']) {
      const { given } = sources({ mode: 'record' }, { GITHUB_EVENT_NAME: event, GITHUB_HEAD_REF: 'main' });
      expect(() => readSettings(given)).toThrow(
        new InputError(
          'mode',
          'record',
          `records a baseline only on push, schedule or workflow_dispatch; this run is a ${event} event (use compare, or auto, which records on those events only)`,
        ),
      );
    }
  });

  it('is accepted on push, schedule and workflow_dispatch; auto is accepted everywhere', () => {
    for (const event of ['push', 'schedule', 'workflow_dispatch']) {
      const { given } = sources({ mode: 'record' }, { GITHUB_EVENT_NAME: event, GITHUB_REF_NAME: 'main' });
      expect(readSettings(given).mode).toBe('record');
    }
    const { given } = sources({}, { GITHUB_EVENT_NAME: 'issue_comment', GITHUB_REF_NAME: 'main' });
    expect(readSettings(given).mode).toBe('auto');
  });
});

describe('comment-author (issue 26)', () => {
  it.each(['octocat', 'a', 'my-org-bot', 'github-actions[bot]', 'my-app[bot]', 'A1-b2'])(
    'accepts the login %s',
    (login) => {
      const { given } = sources({ 'comment-author': ` ${login} ` });
      expect(readSettings(given).comment.author).toBe(login);
    },
  );

  it.each([
    ['-octocat', '-octocat'],
    ['octo--cat', 'octo--cat'],
    ['octo cat', 'octo cat'],
    ['x'.repeat(40), 'x'.repeat(40)],
    ['[bot]', '[bot]'],
    ['evil\u001b[2J', 'evil\\u001b[2J'],
    ['app[bot]\nnext', 'app[bot]\\nnext'],
  ])('refuses %j, quoting it escaped', (value, shown) => {
    const { given } = sources({ 'comment-author': value });
    expect(() => readSettings(given)).toThrow(
      `comment-author: "${shown}" is not a GitHub login (letters, digits and single hyphens, at most 39) or a bot login such as github-actions[bot]`,
    );
  });
});
