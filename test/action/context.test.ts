import { cacheRunIdFrom, runContextFrom, runIdFrom } from '../../src/action/context.js';

describe('runContextFrom', () => {
  it('uses the head branch and base branch of a pull request', () => {
    const context = runContextFrom(
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_REF_NAME: '42/merge',
        GITHUB_HEAD_REF: 'feature/x',
        GITHUB_BASE_REF: 'main',
      },
      { repository: { default_branch: 'trunk' } },
      'auto',
      [],
    );
    expect(context).toEqual({
      mode: 'auto',
      eventName: 'pull_request',
      branch: 'feature/x',
      baseBranch: 'main',
      defaultBranch: 'trunk',
      baselineBranches: [],
    });
  });

  it('uses the pushed branch for a push (GitHub sets GITHUB_HEAD_REF to an empty string there)', () => {
    const context = runContextFrom(
      { GITHUB_EVENT_NAME: 'push', GITHUB_REF_NAME: 'main', GITHUB_HEAD_REF: '', GITHUB_BASE_REF: '' },
      undefined,
      'auto',
      [],
    );
    expect(context.branch).toBe('main');
    expect(context.baseBranch).toBeUndefined();
    expect(context.defaultBranch).toBe('main');
  });

  it('tags baseline runs by workflow run, and cache saves by run, attempt and job', () => {
    expect(runIdFrom({ GITHUB_RUN_ID: '123', GITHUB_RUN_ATTEMPT: '2' })).toBe('123');
    expect(cacheRunIdFrom({ GITHUB_RUN_ID: '123', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'gate' })).toBe(
      '123-2-gate',
    );
    expect(cacheRunIdFrom({ GITHUB_RUN_ID: '123' })).toBe('123');
  });
});
