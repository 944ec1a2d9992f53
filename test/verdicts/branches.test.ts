import {
  isBaselineBranch,
  planBaseline,
  RECORDING_EVENTS,
  type RunContext,
} from '../../src/verdicts/branches.js';

const base: RunContext = {
  mode: 'auto',
  eventName: 'push',
  branch: 'main',
  defaultBranch: 'main',
  baselineBranches: [],
};

describe('planBaseline', () => {
  it('auto: a push to the default branch records its baseline and compares with nothing', () => {
    expect(planBaseline(base)).toEqual({ record: 'main', compareWith: [] });
  });

  it('auto: a pull request compares with its base branch and records nothing', () => {
    const plan = planBaseline({
      ...base,
      eventName: 'pull_request',
      branch: 'feature/x',
      baseBranch: 'main',
    });
    expect(plan).toEqual({ compareWith: ['main'] });
  });

  it('auto: a pull request into a release branch compares with that branch', () => {
    const plan = planBaseline({
      ...base,
      eventName: 'pull_request',
      branch: 'fix',
      baseBranch: 'release/2.0',
    });
    expect(plan.compareWith).toEqual(['release/2.0']);
  });

  it('auto: a push to another branch compares with its own baseline, then the default branch', () => {
    expect(planBaseline({ ...base, branch: 'topic' })).toEqual({ compareWith: ['topic', 'main'] });
  });

  it('auto: baseline-branches globs decide which pushes record', () => {
    const context = { ...base, branch: 'release/1.2', baselineBranches: ['main', 'release/*'] };
    expect(planBaseline(context)).toEqual({ record: 'release/1.2', compareWith: [] });
    expect(planBaseline({ ...context, branch: 'feature/a' }).record).toBeUndefined();
  });

  it("record on a pull request records nothing (issue 26: a fork's branch named main would write main)", () => {
    for (const eventName of ['pull_request', 'pull_request_target']) {
      const plan = planBaseline({ ...base, mode: 'record', eventName, branch: 'main', baseBranch: 'main' });
      expect(plan).toEqual({ compareWith: [] });
    }
  });

  it('records only on push, schedule and workflow_dispatch (issue 26)', () => {
    for (const eventName of ['push', 'schedule', 'workflow_dispatch']) {
      expect(planBaseline({ ...base, eventName })).toEqual({ record: 'main', compareWith: [] });
      expect(planBaseline({ ...base, mode: 'record', eventName }).record).toBe('main');
    }
    // issue_comment runs on the default branch: auto compares there, it never records into it.
    for (const eventName of ['issue_comment', 'release', 'merge_group', 'repository_dispatch']) {
      expect(planBaseline({ ...base, eventName })).toEqual({ compareWith: ['main'] });
      expect(planBaseline({ ...base, mode: 'record', eventName }).record).toBeUndefined();
    }
    expect(RECORDING_EVENTS).toEqual(['push', 'schedule', 'workflow_dispatch']);
  });

  it('auto: a workflow_run (the fork-safe pattern) never records, even on the default branch', () => {
    expect(planBaseline({ ...base, eventName: 'workflow_run' })).toEqual({ compareWith: ['main'] });
  });

  it('compare never records, even on the default branch', () => {
    expect(planBaseline({ ...base, mode: 'compare' })).toEqual({ compareWith: ['main'] });
  });
});

describe('isBaselineBranch', () => {
  it('defaults to the default branch alone', () => {
    expect(isBaselineBranch('main', { baselineBranches: [], defaultBranch: 'main' })).toBe(true);
    expect(isBaselineBranch('master', { baselineBranches: [], defaultBranch: 'main' })).toBe(false);
  });

  it('matches globs with slashes', () => {
    expect(isBaselineBranch('release/2.0', { baselineBranches: ['release/**'], defaultBranch: 'main' })).toBe(
      true,
    );
    expect(isBaselineBranch('releases', { baselineBranches: ['release/**'], defaultBranch: 'main' })).toBe(
      false,
    );
  });
});
