// The `comment` input and a refused comment, through the Action's main on a pull_request event
// (`mode: comment`, which boots nothing) against a local GitHub API.
import { jest } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from '../../src/model/verdicts.js';
import { startFakeGithub, USERS, type FakeGithub } from '../github/fake-github.js';
import { results, scenario } from '../baseline/sample-results.js';
import { REGRESSION, unchanged, verdictsFile } from '../report/fixtures.js';
import { runAction, workspace } from './run-action.js';

jest.setTimeout(60_000);

const KEY = 'linux/e1000/stock/lan/send';
const MARKER = '<!-- nicgate-comment:policy -->';
const SAME_INPUTS: Verdict = {
  key: KEY,
  kind: 'inputs-unchanged',
  reason: 'base and head apply the same inputs (settings, link, kernel, image): not measured',
  basis: 'inputs-unchanged',
};

const pullRequestEvent = (headRepo: string) => ({
  name: 'pull_request',
  payload: {
    action: 'synchronize',
    number: 42,
    pull_request: {
      number: 42,
      head: { sha: 'e'.repeat(40), ref: 'feature', repo: { full_name: headRepo } },
      base: { sha: 'a'.repeat(40), ref: 'main', repo: { full_name: 'octo-org/vm-templates' } },
    },
    repository: { name: 'vm-templates', owner: { login: 'octo-org' }, default_branch: 'main' },
  },
});
const SAME_REPO = pullRequestEvent('octo-org/vm-templates');
const FORK = pullRequestEvent('forker/vm-templates');

let github: FakeGithub;
let dir: string;
beforeEach(async () => {
  github = await startFakeGithub();
  dir = workspace();
});
afterEach(() => github.close());

function inputs(verdicts: Verdict[], extra: Record<string, string> = {}): Record<string, string> {
  writeFileSync(join(dir, 'results.json'), JSON.stringify(results([scenario(KEY, [9.1e8, 9.3e8, 9.2e8])])));
  writeFileSync(join(dir, 'verdicts.json'), JSON.stringify(verdictsFile(verdicts)));
  return {
    mode: 'comment',
    'results-files': join(dir, 'results.json'),
    'verdicts-file': join(dir, 'verdicts.json'),
    'github-token': github.token,
    'comment-id': 'policy',
    'fail-on-regression': 'false',
    ...extra,
  };
}

const env = (): Record<string, string> => ({ GITHUB_API_URL: github.url });
const writes = (): string[] =>
  github.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

describe('comment: on-change (the default)', () => {
  it('creates no comment when no scenario was measured', async () => {
    const { stdout } = await runAction(dir, inputs([SAME_INPUTS]), SAME_REPO, env());
    expect(writes()).toEqual([]);
    expect(stdout).toContain('no pull request comment (comment: on-change, and none exists yet)');
  });

  it("updates an earlier push's comment to say this push measured nothing", async () => {
    const earlier = github.addComment(42, USERS.actionsBot, `${MARKER}\n## nicgate: 1 regression`);
    await runAction(dir, inputs([SAME_INPUTS]), SAME_REPO, env());
    expect(writes()).toEqual([`PATCH /repos/octo-org/vm-templates/issues/comments/${earlier.id}`]);
    expect(earlier.body).not.toContain('1 regression');
    expect(earlier.body).toContain('not measured: base and head apply the same inputs');
  });

  it('creates a comment when a scenario was measured', async () => {
    await runAction(dir, inputs([unchanged(KEY)]), SAME_REPO, env());
    expect(writes()).toEqual(['POST /repos/octo-org/vm-templates/issues/42/comments']);
  });
});

describe('comment: on-regression, always, never', () => {
  it('on-regression creates none for an unchanged scenario, one for a regression', async () => {
    await runAction(dir, inputs([unchanged(KEY)], { comment: 'on-regression' }), SAME_REPO, env());
    expect(writes()).toEqual([]);
    await runAction(dir, inputs([REGRESSION], { comment: 'on-regression' }), SAME_REPO, env());
    expect(writes()).toEqual(['POST /repos/octo-org/vm-templates/issues/42/comments']);
  });

  it('always wins over comment-on-pr: false', async () => {
    await runAction(
      dir,
      inputs([SAME_INPUTS], { comment: 'always', 'comment-on-pr': 'false' }),
      SAME_REPO,
      env(),
    );
    expect(writes()).toEqual(['POST /repos/octo-org/vm-templates/issues/42/comments']);
  });

  it('never (or comment-on-pr: false alone) asks GitHub nothing, even with a comment to update', async () => {
    github.addComment(42, USERS.actionsBot, `${MARKER}\nold`);
    await runAction(dir, inputs([REGRESSION], { comment: 'never' }), SAME_REPO, env());
    await runAction(dir, inputs([REGRESSION], { 'comment-on-pr': 'false' }), SAME_REPO, env());
    expect(github.requests).toEqual([]);
  });
});

describe('a comment GitHub refuses with 403', () => {
  it('names the missing permission on a pull request from this repository', async () => {
    github.failCreate = 403;
    const { stdout, exitCode } = await runAction(dir, inputs([unchanged(KEY)]), SAME_REPO, env());
    expect(exitCode).toBe(0);
    expect(stdout).toContain(
      "::warning::nicgate: the token may not comment on this pull request: add `pull-requests: write` (or `issues: write`) to the workflow's or the job's `permissions:`.",
    );
    expect(stdout).not.toContain('fork');
  });

  it("keeps the fork's advice on a pull request from a fork", async () => {
    github.failCreate = 403;
    const { stdout } = await runAction(dir, inputs([unchanged(KEY)]), FORK, env());
    expect(stdout).toContain(
      '::warning::nicgate: the token cannot comment on this pull request (a pull request from a fork',
    );
    expect(stdout).not.toContain('pull-requests: write');
  });
});
