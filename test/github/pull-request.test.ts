import { jest } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { isForkPullRequest, pullRequestFromEvent } from '../../src/github/pull-request.js';
import {
  checkPullRequestHead,
  pullRequestForWorkflowRun,
  triggeringRun,
} from '../../src/github/workflow-run.js';
import { startFakeGithub, type FakeGithub } from './fake-github.js';

jest.setTimeout(30_000);

const pullRequestPayload = async (): Promise<unknown> =>
  JSON.parse(await readFile(new URL('../../fixtures/events/pull_request.json', import.meta.url), 'utf8'));

const repository = { id: 771234567, name: 'vm-templates', owner: { login: 'octo-org' } };

/** A workflow_run payload as GitHub sends it to `on: workflow_run: types: [completed]`. */
function workflowRun(pullRequests: unknown[], overrides: Record<string, unknown> = {}): unknown {
  return {
    action: 'completed',
    workflow_run: {
      id: 9876543210,
      name: 'nicgate',
      event: 'pull_request',
      status: 'completed',
      conclusion: 'success',
      head_branch: 'feature/small-buffers',
      head_sha: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d',
      head_repository: { id: 1234, name: 'vm-templates', owner: { login: 'forker' } },
      pull_requests: pullRequests,
      ...overrides,
    },
    repository,
  };
}

const entry = (number: number, baseRepoId: number) => ({
  id: 2104857321,
  number,
  url: `https://api.github.com/repos/octo-org/vm-templates/pulls/${number}`,
  head: { ref: 'feature/small-buffers', sha: '9e8d', repo: { id: 771234567, name: 'vm-templates' } },
  base: { ref: 'main', sha: '1a2b', repo: { id: baseRepoId, name: 'vm-templates' } },
});

describe('pullRequestFromEvent', () => {
  it('reads a pull_request event', async () => {
    expect(pullRequestFromEvent('pull_request', await pullRequestPayload())).toEqual({
      owner: 'octo-org',
      repo: 'vm-templates',
      number: 42,
    });
  });

  it('reads pull_request_target the same way', async () => {
    expect(pullRequestFromEvent('pull_request_target', await pullRequestPayload())).toMatchObject({
      number: 42,
    });
  });

  it('reads workflow_run.pull_requests, preferring the entry based on this repository', () => {
    expect(pullRequestFromEvent('workflow_run', workflowRun([entry(42, 771234567)]))).toEqual({
      owner: 'octo-org',
      repo: 'vm-templates',
      number: 42,
    });
    expect(
      pullRequestFromEvent('workflow_run', workflowRun([entry(7, 5555), entry(42, 771234567)])),
    ).toMatchObject({ number: 42 });
  });

  it('gives undefined for a workflow_run from a fork (GitHub leaves pull_requests empty)', () => {
    expect(pullRequestFromEvent('workflow_run', workflowRun([]))).toBeUndefined();
  });

  it('gives undefined for other events and malformed payloads', async () => {
    expect(pullRequestFromEvent('push', await pullRequestPayload())).toBeUndefined();
    expect(pullRequestFromEvent('pull_request', {})).toBeUndefined();
    expect(
      pullRequestFromEvent('pull_request', { repository, pull_request: { number: '42' } }),
    ).toBeUndefined();
    expect(pullRequestFromEvent('pull_request', undefined)).toBeUndefined();
  });
});

describe('pullRequestForWorkflowRun', () => {
  let fake: FakeGithub;
  beforeEach(async () => {
    fake = await startFakeGithub();
    fake.pulls.push(
      {
        owner: 'octo-org',
        repo: 'vm-templates',
        number: 57,
        state: 'open',
        head: {
          owner: 'forker',
          ref: 'feature/small-buffers',
          sha: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d',
        },
      },
      {
        owner: 'octo-org',
        repo: 'vm-templates',
        number: 58,
        state: 'open',
        head: { owner: 'someone', ref: 'feature/small-buffers', sha: 'ffff' },
      },
    );
  });
  afterEach(() => fake.close());

  const lookup = (payload: unknown) =>
    pullRequestForWorkflowRun({ token: fake.token, apiUrl: fake.url, payload });

  it('uses the payload when it names the pull request, without asking the API', async () => {
    expect(await lookup(workflowRun([entry(42, 771234567)]))).toMatchObject({ number: 42 });
    expect(fake.requests).toHaveLength(0);
  });

  it('finds a fork’s pull request by head OWNER:BRANCH and the measured commit', async () => {
    expect(await lookup(workflowRun([]))).toEqual({ owner: 'octo-org', repo: 'vm-templates', number: 57 });
    expect(fake.requests.map((r) => r.path)).toEqual([
      '/repos/octo-org/vm-templates/pulls?state=open&head=forker%3Afeature%2Fsmall-buffers&per_page=100',
    ]);
  });

  it('gives undefined when the pull request moved on to another commit', async () => {
    expect(await lookup(workflowRun([], { head_sha: '0000' }))).toBeUndefined();
  });

  it('gives undefined, without asking, when the run was not for a pull request', async () => {
    expect(await lookup(workflowRun([], { event: 'push' }))).toBeUndefined();
    expect(fake.requests).toHaveLength(0);
  });
});

describe('triggeringRun', () => {
  it('reads the id, page, head commit and event of the run that triggered workflow_run', () => {
    const payload = workflowRun([], {
      html_url: 'https://github.com/octo-org/vm-templates/actions/runs/9876543210',
    });
    expect(triggeringRun(payload)).toEqual({
      id: 9876543210,
      htmlUrl: 'https://github.com/octo-org/vm-templates/actions/runs/9876543210',
      headSha: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d',
      event: 'pull_request',
    });
  });

  it('leaves out a head commit that is not a full hex SHA, and answers undefined without a run', () => {
    expect(triggeringRun(workflowRun([], { head_sha: 'main\n::error::x' }))?.headSha).toBeUndefined();
    expect(triggeringRun(workflowRun([], { head_sha: 'A'.repeat(40) }))?.headSha).toBe('a'.repeat(40));
    expect(triggeringRun({ repository })).toBeUndefined();
    expect(triggeringRun(undefined)).toBeUndefined();
  });
});

describe('checkPullRequestHead', () => {
  let fake: FakeGithub;
  const HEAD = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d';
  beforeEach(async () => {
    fake = await startFakeGithub();
    fake.pulls.push({
      owner: 'octo-org',
      repo: 'vm-templates',
      number: 58,
      state: 'open',
      head: { owner: 'someone', ref: 'main', sha: 'ffff'.repeat(10) },
    });
    fake.pulls.push({
      owner: 'octo-org',
      repo: 'vm-templates',
      number: 57,
      state: 'open',
      head: { owner: 'forker', ref: 'feature/small-buffers', sha: HEAD },
    });
  });
  afterEach(() => fake.close());

  const check = (number: number, token = fake.token) =>
    checkPullRequestHead({
      token,
      apiUrl: fake.url,
      pr: { owner: 'octo-org', repo: 'vm-templates', number },
      run: { id: 1234, headSha: HEAD },
    });

  it('accepts the pull request whose head is the measured commit', async () => {
    expect(await check(57)).toEqual({
      status: 'accepted',
      pr: { owner: 'octo-org', repo: 'vm-templates', number: 57 },
    });
    expect(fake.requests.map((r) => r.path)).toEqual(['/repos/octo-org/vm-templates/pulls/57']);
  });

  it('refuses another pull request, naming it and both commits', async () => {
    expect(await check(58)).toEqual({
      status: 'refused',
      message:
        `pull request octo-org/vm-templates#58 has head commit ${'ffff'.repeat(10)}, but the run that measured ` +
        `these figures (workflow run 1234) was for commit ${HEAD}: pr-number must name the pull request of ` +
        'that run (if the pull request has moved on since, its newer run will report)',
    });
  });

  it('refuses a number that names no pull request, and throws on other failures', async () => {
    expect(await check(4040)).toMatchObject({ status: 'refused' });
    const wrong = 'ghs_wrongtoken0123456789';
    await expect(check(57, wrong)).rejects.toThrow(
      'GET pull request octo-org/vm-templates#57 failed (HTTP 401)',
    );
    await expect(check(57, wrong)).rejects.not.toThrow(wrong);
  });
});

describe('isForkPullRequest', () => {
  const event = (head: unknown) => ({
    pull_request: { number: 1, head: { repo: head }, base: { repo: { full_name: 'Octo-Org/r' } } },
  });
  it('is true only for a pull_request whose head repository is another (or deleted)', () => {
    expect(isForkPullRequest('pull_request', event({ full_name: 'forker/r' }))).toBe(true);
    expect(isForkPullRequest('pull_request', event(null))).toBe(true);
    expect(isForkPullRequest('pull_request', event({ full_name: 'octo-org/r' }))).toBe(false);
    expect(isForkPullRequest('pull_request', {})).toBe(false);
    // pull_request_target and workflow_run run with the base repository's token.
    expect(isForkPullRequest('pull_request_target', event({ full_name: 'forker/r' }))).toBe(false);
  });
});
