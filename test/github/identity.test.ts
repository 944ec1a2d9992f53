import { ACTIONS_BOT, authoredBy, identityFrom } from '../../src/github/identity.js';

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
