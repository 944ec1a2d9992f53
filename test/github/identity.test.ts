import { ACTIONS_BOT, authoredBy, identityFrom } from '../../src/github/identity.js';
import { pickOwnComment, type IssueCommentLike } from '../../src/github/sticky-comment.js';

const MARKER = '<!-- nicgate-comment:ci/nicgate -->';

describe('identityFrom', () => {
  it('takes the login of a personal token from GET /user', () => {
    expect(identityFrom({ user: { login: 'octocat', type: 'User' } })).toEqual({
      login: 'octocat',
      bot: false,
    });
  });

  it('falls back to github-actions[bot] when GET /user was refused (an integration token)', () => {
    expect(identityFrom({})).toEqual({ login: ACTIONS_BOT, bot: true });
  });

  it('lets commentAuthor win over everything, a [bot] login being a bot', () => {
    expect(identityFrom({ commentAuthor: 'my-app[bot]' })).toEqual({ login: 'my-app[bot]', bot: true });
    expect(identityFrom({ user: { login: 'octocat', type: 'User' }, commentAuthor: ' ci-user ' })).toEqual({
      login: 'ci-user',
      bot: false,
    });
  });

  it('ignores a blank commentAuthor (an empty action input)', () => {
    expect(identityFrom({ commentAuthor: '  ' })).toEqual({ login: ACTIONS_BOT, bot: true });
  });
});

describe('authoredBy', () => {
  const bot = { login: ACTIONS_BOT, bot: true };
  it('compares logins without case, as GitHub does', () => {
    expect(authoredBy({ login: 'OctoCat', type: 'User' }, { login: 'octocat', bot: false })).toBe(true);
  });
  it('wants a Bot account for a bot identity', () => {
    expect(authoredBy({ login: ACTIONS_BOT, type: 'Bot' }, bot)).toBe(true);
    expect(authoredBy({ login: ACTIONS_BOT, type: 'User' }, bot)).toBe(false);
  });
  it('never matches a deleted account', () => {
    expect(authoredBy(null, bot)).toBe(false);
  });
});

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
});
