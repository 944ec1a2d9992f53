// upsertStickyComment through the real octokit of @actions/github against a fake GitHub on 127.0.0.1.
import { jest } from '@jest/globals';
import { inspect } from 'node:util';
import { describeError } from '../../src/common/errors.js';
import { GithubApiError } from '../../src/github/errors.js';
import { identityFrom } from '../../src/github/identity.js';
import {
  pickOwnComment,
  upsertStickyComment,
  type IssueCommentLike,
  type StickyOptions,
} from '../../src/github/sticky-comment.js';
import {
  SECONDARY_RATE_LIMIT,
  startFakeGithub,
  USERS,
  type FakeGithub,
  type FakeUser,
} from './fake-github.js';

jest.setTimeout(30_000);

const MARKER = '<!-- nicgate-comment:ci/nicgate -->';
const ISSUE = 42;
const report = (text: string): string => `${MARKER}\n## nicgate\n${text}`;

let fake: FakeGithub | undefined;

async function start(actor: FakeUser, token?: string): Promise<FakeGithub> {
  fake = await startFakeGithub({ actor, ...(token ? { token } : {}) });
  return fake;
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function options(server: FakeGithub, overrides: Partial<StickyOptions> = {}): StickyOptions {
  return {
    token: server.token,
    apiUrl: server.url,
    owner: 'octo-org',
    repo: 'vm-templates',
    issueNumber: ISSUE,
    marker: MARKER,
    body: report('first'),
    // Retries after 1, 4 and 9 ms instead of seconds.
    retryTiming: { unitMs: 1 },
    ...overrides,
  };
}

const writes = (server: FakeGithub) =>
  server.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH');

describe('pickOwnComment', () => {
  const comment = (id: number, login: string, type: string, body: string | null): IssueCommentLike => ({
    id,
    body,
    html_url: `https://github.com/o/r/pull/1#issuecomment-${id}`,
    user: { login, type },
  });
  const comments = [
    comment(1, 'mallory', 'User', `${MARKER}\ncopied`),
    comment(2, 'github-actions[bot]', 'Bot', 'no marker'),
    comment(3, 'github-actions[bot]', 'Bot', null),
    comment(4, 'github-actions[bot]', 'Bot', `${MARKER}\nours`),
    comment(5, 'github-actions[bot]', 'Bot', `${MARKER}\nlater duplicate`),
    comment(6, 'octocat', 'User', `${MARKER}\noctocat`),
  ];

  it('picks the first comment with the marker written by the identity', () => {
    expect(pickOwnComment(comments, identityFrom({}), MARKER)?.id).toBe(4);
    expect(pickOwnComment(comments, { login: 'octocat', bot: false }, MARKER)?.id).toBe(6);
  });

  it('finds nothing for an identity with no comment, or an empty marker', () => {
    expect(pickOwnComment(comments, { login: 'nicgate-app[bot]', bot: true }, MARKER)).toBeUndefined();
    expect(pickOwnComment(comments, identityFrom({}), '')).toBeUndefined();
  });

  it('skips a comment that only quotes the marker inside a line, and reads CRLF bodies', () => {
    const quoted = comment(7, 'github-actions[bot]', 'Bot', `The marker is ${MARKER} on every run`);
    const crlf = comment(8, 'github-actions[bot]', 'Bot', `${MARKER}\r\n## nicgate\r\n`);
    expect(pickOwnComment([quoted, crlf], identityFrom({}), MARKER)?.id).toBe(8);
    expect(pickOwnComment([quoted], identityFrom({}), MARKER)).toBeUndefined();
  });
});

describe('upsertStickyComment with the default GITHUB_TOKEN', () => {
  it('creates the comment on the first run and updates that same comment on the second', async () => {
    const server = await start(USERS.actionsBot);
    const first = await upsertStickyComment(options(server));
    expect(first).toEqual({
      status: 'created',
      id: expect.any(Number),
      url: expect.stringContaining('/pull/42#issuecomment-'),
    });
    const second = await upsertStickyComment(options(server, { body: report('second') }));
    expect(second).toEqual({ ...first, status: 'updated' });

    expect(writes(server).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/octo-org/vm-templates/issues/42/comments',
      `PATCH /repos/octo-org/vm-templates/issues/comments/${(first as { id: number }).id}`,
    ]);
    expect(server.comments).toHaveLength(1);
    expect(server.comments[0]?.body).toBe(report('second'));
    // @actions/github sends `token T`; the fake accepts `Bearer T` as well, and nothing went unauthenticated.
    expect(server.requests.every((r) => r.auth === 'token')).toBe(true);
    // The identity came from the 403 on GET /user.
    expect(server.requests.filter((r) => r.path === '/user')).toHaveLength(2);
  });

  it('finds its comment on page 3 by following the Link headers', async () => {
    const server = await start(USERS.actionsBot);
    for (let i = 0; i < 230; i++) {
      if (i === 215) server.addComment(ISSUE, USERS.actionsBot, report('old'));
      else server.addComment(ISSUE, USERS.octocat, `chatter ${i}`);
    }
    const ours = server.comments[215];
    const outcome = await upsertStickyComment(options(server, { body: report('new') }));
    expect(outcome).toMatchObject({ status: 'updated', id: ours?.id });
    const lists = server.requests.filter((r) => r.method === 'GET' && r.path.includes('/comments'));
    expect(lists.map((r) => r.path)).toEqual([
      '/repos/octo-org/vm-templates/issues/42/comments?per_page=100',
      expect.stringMatching(/^\/repositories\/\d+\/issues\/42\/comments\?per_page=100&page=2$/),
      expect.stringMatching(/^\/repositories\/\d+\/issues\/42\/comments\?per_page=100&page=3$/),
    ]);
    expect(writes(server).map((r) => r.method)).toEqual(['PATCH']);
  });

  it('stops paging at the first match', async () => {
    const server = await start(USERS.actionsBot);
    server.addComment(ISSUE, USERS.actionsBot, report('old'));
    for (let i = 0; i < 250; i++) server.addComment(ISSUE, USERS.octocat, `chatter ${i}`);
    await upsertStickyComment(options(server));
    expect(server.requests.filter((r) => r.path.includes('/comments') && r.method === 'GET')).toHaveLength(1);
  });

  it('never updates another user’s comment that carries the same marker', async () => {
    const server = await start(USERS.actionsBot);
    const mallorys = server.addComment(ISSUE, USERS.mallory, report('copied marker'));
    const ours = server.addComment(ISSUE, USERS.actionsBot, report('old'));
    const outcome = await upsertStickyComment(options(server, { body: report('new') }));
    expect(outcome).toMatchObject({ status: 'updated', id: ours.id });
    expect(mallorys.body).toBe(report('copied marker'));
    expect(writes(server).map((r) => r.path)).toEqual([
      `/repos/octo-org/vm-templates/issues/comments/${ours.id}`,
    ]);
  });

  it('creates a new comment when only someone else’s carries the marker', async () => {
    const server = await start(USERS.actionsBot);
    const mallorys = server.addComment(ISSUE, USERS.mallory, report('copied marker'));
    const outcome = await upsertStickyComment(options(server));
    expect(outcome).toMatchObject({ status: 'created' });
    expect(mallorys.body).toBe(report('copied marker'));
    expect(writes(server).map((r) => r.method)).toEqual(['POST']);
    expect(server.comments.map((c) => c.user.login)).toEqual(['mallory', 'github-actions[bot]']);
  });

  it('ignores a comment whose marker differs (another job’s comment-id)', async () => {
    const server = await start(USERS.actionsBot);
    server.addComment(ISSUE, USERS.actionsBot, '<!-- nicgate-comment:ci/other -->\nother job');
    const outcome = await upsertStickyComment(options(server));
    expect(outcome).toMatchObject({ status: 'created' });
  });

  it('does not edit its own comment that only quotes the marker inside a line', async () => {
    const server = await start(USERS.actionsBot);
    const quoting = server.addComment(ISSUE, USERS.actionsBot, `See ${MARKER} for the report`);
    const outcome = await upsertStickyComment(options(server));
    expect(outcome).toMatchObject({ status: 'created' });
    expect(quoting.body).toBe(`See ${MARKER} for the report`);
  });

  it('puts the marker in front of a body that only quotes it inside a line', async () => {
    const server = await start(USERS.actionsBot);
    await upsertStickyComment(options(server, { body: `quoting ${MARKER} inline` }));
    expect(server.comments[0]?.body).toBe(`${MARKER}\nquoting ${MARKER} inline`);
  });

  it('puts the marker in front of a body that lacks it, so the next run finds the comment', async () => {
    const server = await start(USERS.actionsBot);
    const warnings: string[] = [];
    const log = { info: () => undefined, warning: (m: string) => warnings.push(m) };
    await upsertStickyComment(options(server, { body: 'no marker', log }));
    expect(server.comments[0]?.body).toBe(`${MARKER}\nno marker`);
    expect(warnings).toHaveLength(1);
    const again = await upsertStickyComment(options(server, { body: report('second') }));
    expect(again.status).toBe('updated');
  });
});

describe('upsertStickyComment with a personal access token', () => {
  it('updates octocat’s comment and not github-actions[bot]’s', async () => {
    const server = await start(USERS.octocat, 'ghp_personal0123456789');
    const bots = server.addComment(ISSUE, USERS.actionsBot, report('bot'));
    const octocats = server.addComment(ISSUE, USERS.octocat, report('mine'));
    const outcome = await upsertStickyComment(options(server, { body: report('new') }));
    expect(outcome).toMatchObject({ status: 'updated', id: octocats.id });
    expect(bots.body).toBe(report('bot'));
  });

  it('does not take github-actions[bot]’s comment for its own', async () => {
    const server = await start(USERS.octocat);
    server.addComment(ISSUE, USERS.actionsBot, report('bot'));
    expect(await upsertStickyComment(options(server))).toMatchObject({ status: 'created' });
    expect(server.comments[1]?.user.login).toBe('octocat');
  });
});

describe('upsertStickyComment with a GitHub App installation token', () => {
  it('updates the comment of the bot named by commentAuthor, not github-actions[bot]’s', async () => {
    const server = await start(USERS.appBot, 'ghs_appinstallation0123');
    const actions = server.addComment(ISSUE, USERS.actionsBot, report('actions'));
    const apps = server.addComment(ISSUE, USERS.appBot, report('app'));
    const outcome = await upsertStickyComment(
      options(server, { body: report('new'), commentAuthor: 'nicgate-app[bot]' }),
    );
    expect(outcome).toMatchObject({ status: 'updated', id: apps.id });
    expect(actions.body).toBe(report('actions'));
    // The override is the identity: no need to ask GET /user.
    expect(server.requests.some((r) => r.path === '/user')).toBe(false);
  });

  it('without commentAuthor, takes github-actions[bot] as the author (the App’s comment is not found)', async () => {
    const server = await start(USERS.appBot);
    server.addComment(ISSUE, USERS.appBot, report('app'));
    expect(await upsertStickyComment(options(server))).toMatchObject({ status: 'created' });
    expect(server.requests.filter((r) => r.path === '/user')).toHaveLength(1);
  });

  it('does not match a User account with the bot’s login', async () => {
    const server = await start(USERS.appBot);
    server.addComment(ISSUE, { login: 'nicgate-app[bot]', id: 5, type: 'User' }, report('impostor'));
    const outcome = await upsertStickyComment(options(server, { commentAuthor: 'nicgate-app[bot]' }));
    expect(outcome).toMatchObject({ status: 'created' });
  });
});

describe('upsertStickyComment when the token may not write', () => {
  it('answers forbidden on a 403 from create (a fork’s read-only token), without throwing', async () => {
    const server = await start(USERS.actionsBot);
    server.failCreate = 403;
    const outcome = await upsertStickyComment(options(server));
    expect(outcome.status).toBe('forbidden');
    expect(outcome).toMatchObject({
      message: expect.stringContaining('Resource not accessible by integration'),
    });
    expect(server.comments).toHaveLength(0);
  });

  it('answers forbidden on a 403 from update', async () => {
    const server = await start(USERS.actionsBot);
    const ours = server.addComment(ISSUE, USERS.actionsBot, report('old'));
    server.failUpdate = 403;
    const outcome = await upsertStickyComment(options(server, { body: report('new') }));
    expect(outcome).toMatchObject({ status: 'forbidden', message: expect.stringContaining('HTTP 403') });
    expect(ours.body).toBe(report('old'));
  });

  it('answers forbidden on a 404 from listing (a token that cannot see the repository)', async () => {
    const server = await start(USERS.actionsBot);
    server.failList = 404;
    const outcome = await upsertStickyComment(options(server));
    expect(outcome).toMatchObject({ status: 'forbidden', message: expect.stringContaining('Not Found') });
    expect(writes(server)).toHaveLength(0);
  });
});

describe('upsertStickyComment failures', () => {
  it('throws GithubApiError 401 for bad credentials, without the token in the message', async () => {
    const server = await start(USERS.octocat, 'ghp_therealtoken0123456789');
    const token = 'ghp_revokedtoken9876543210';
    const error = await upsertStickyComment(options(server, { token })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GithubApiError);
    expect(error).toMatchObject({ status: 401, message: expect.stringContaining('Bad credentials') });
    expect(describeError(error)).not.toContain(token);
    expect(JSON.stringify(error)).not.toContain(token);
    // octokit keeps the request on the cause; its Authorization header arrives redacted.
    expect(inspect(error, { depth: 10 })).not.toContain(token);
    expect((error as GithubApiError).cause).toBeDefined();
    expect(writes(server)).toHaveLength(0);
  });

  it('throws GithubApiError for a 5xx on GET /user', async () => {
    const server = await start(USERS.octocat);
    server.failUser = 502;
    await expect(upsertStickyComment(options(server))).rejects.toMatchObject({
      name: 'GithubApiError',
      status: 502,
    });
  });

  it('does not read a rate-limited 403 on GET /user as an integration token', async () => {
    const server = await start(USERS.octocat);
    server.failUser = 'rate-limit';
    const error = await upsertStickyComment(options(server)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GithubApiError);
    expect((error as Error).message).toMatch(/rate limited/);
    expect(writes(server)).toHaveLength(0);
  });

  it('throws GithubApiError for a 500 on create', async () => {
    const server = await start(USERS.actionsBot);
    server.failCreate = 500;
    await expect(upsertStickyComment(options(server))).rejects.toMatchObject({ status: 500 });
  });

  it('throws GithubApiError with status 0 when nothing answers', async () => {
    const server = await start(USERS.actionsBot);
    const url = server.url;
    await server.close();
    fake = undefined;
    await expect(upsertStickyComment({ ...options(server), apiUrl: url })).rejects.toMatchObject({
      name: 'GithubApiError',
    });
  });

  it('refuses an empty token as bad input before any request', async () => {
    const server = await start(USERS.actionsBot);
    await expect(upsertStickyComment(options(server, { token: '' }))).rejects.toMatchObject({
      name: 'InputError',
      input: 'github-token',
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('upsertStickyComment and GitHub’s transient failures', () => {
  it('creates the comment once when a 502 comes before the 201', async () => {
    const server = await start(USERS.actionsBot);
    server.transient.push({ method: 'POST', status: 502, message: 'Bad Gateway' });
    const outcome = await upsertStickyComment(options(server));
    expect(outcome).toMatchObject({ status: 'created' });
    expect(server.comments).toHaveLength(1);
    expect(writes(server).map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('retries a list that answered 503', async () => {
    const server = await start(USERS.actionsBot);
    const ours = server.addComment(ISSUE, USERS.actionsBot, report('old'));
    server.transient.push({ method: 'GET', status: 503 });
    const outcome = await upsertStickyComment(options(server, { body: report('new') }));
    expect(outcome).toMatchObject({ status: 'updated', id: ours.id });
    expect(server.comments).toHaveLength(1);
  });

  it('waits out a secondary rate limit (403 with retry-after) and writes once', async () => {
    const server = await start(USERS.actionsBot);
    server.transient.push({ method: 'POST', ...SECONDARY_RATE_LIMIT });
    const outcome = await upsertStickyComment(options(server));
    expect(outcome).toMatchObject({ status: 'created' });
    expect(server.comments).toHaveLength(1);
    expect(writes(server)).toHaveLength(2);
  });

  it('waits a secondary rate limit that names no retry-after for 60 units', async () => {
    const server = await start(USERS.actionsBot);
    server.transient.push({ method: 'POST', status: 403, message: SECONDARY_RATE_LIMIT.message! });
    const started = Date.now();
    const outcome = await upsertStickyComment(options(server));
    expect(outcome).toMatchObject({ status: 'created' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
  });

  it('does not retry a 403 that is a missing permission', async () => {
    const server = await start(USERS.actionsBot);
    server.failCreate = 403;
    const outcome = await upsertStickyComment(options(server));
    expect(outcome.status).toBe('forbidden');
    expect(writes(server)).toHaveLength(1);
  });

  it('gives up on a 5xx after three retries', async () => {
    const server = await start(USERS.actionsBot);
    server.failCreate = 500;
    await expect(upsertStickyComment(options(server))).rejects.toMatchObject({ status: 500 });
    expect(writes(server)).toHaveLength(4);
  });
});

describe('upsertStickyComment with createIfMissing: false', () => {
  it('creates nothing when the pull request has no comment of ours', async () => {
    const server = await start(USERS.actionsBot);
    server.addComment(ISSUE, USERS.mallory, report('copied marker'));
    const outcome = await upsertStickyComment(options(server, { createIfMissing: false }));
    expect(outcome).toEqual({ status: 'skipped' });
    expect(writes(server)).toHaveLength(0);
  });

  it('still updates the comment that exists', async () => {
    const server = await start(USERS.actionsBot);
    const ours = server.addComment(ISSUE, USERS.actionsBot, report('old'));
    const outcome = await upsertStickyComment(
      options(server, { body: report('new'), createIfMissing: false }),
    );
    expect(outcome).toMatchObject({ status: 'updated', id: ours.id });
    expect(ours.body).toBe(report('new'));
  });
});
