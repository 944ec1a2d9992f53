// Who the token comments as. The sticky comment is found by marker AND author, so a copy of the marker in
// someone else's comment is never taken for ours.
import { InputError } from '../common/errors.js';
import type { GithubClient } from './client.js';
import { apiError, isRateLimited, statusOf } from './errors.js';

/** The author of the comments this token writes. `bot` means the comment's user.type must be 'Bot'. */
export interface CommentIdentity {
  login: string;
  bot: boolean;
}

/** The default GITHUB_TOKEN writes as this bot on github.com and GHES. */
export const ACTIONS_BOT = 'github-actions[bot]';

export interface IdentitySource {
  /** What GET /user answered; undefined when it answered 403 (an integration token: GITHUB_TOKEN or an App). */
  user?: { login: string; type: string } | undefined;
  /** Explicit override, e.g. 'my-app[bot]' for an App installation token. Always wins. */
  commentAuthor?: string | undefined;
}

/** A user's login: letters, digits and single hyphens, not at either end, at most 39. */
const USER_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** A GitHub App's bot: its slug (letters, digits, hyphens) and `[bot]`. */
const BOT_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]){0,38}\[bot\]$/;

/**
 * The `comment-author` input: empty (ask GitHub), a user's login, or a bot login such as
 * `github-actions[bot]`. Anything else is an input error quoting it: the name decides which
 * comment is taken for ours, and it reaches logs.
 */
export function parseCommentAuthor(value: string, input = 'comment-author'): string | undefined {
  const login = value.trim();
  if (login === '') return undefined;
  if (USER_LOGIN.test(login) || BOT_LOGIN.test(login)) return login;
  throw new InputError(
    input,
    value,
    'is not a GitHub login (letters, digits and single hyphens, at most 39) or a bot login such as github-actions[bot]',
  );
}

/** Pure: decide the identity from GET /user's answer and the optional override. */
export function identityFrom({ user, commentAuthor }: IdentitySource): CommentIdentity {
  const override = commentAuthor?.trim();
  if (override) return { login: override, bot: /\[bot\]$/i.test(override) };
  if (user) return { login: user.login, bot: user.type === 'Bot' };
  return { login: ACTIONS_BOT, bot: true };
}

/** Logins are case-insensitive on GitHub; a bot identity must also be a Bot account. */
export function authoredBy(
  user: { login: string; type?: string } | null | undefined,
  identity: CommentIdentity,
): boolean {
  if (!user) return false; // deleted accounts ("ghost") come back as null
  if (user.login.toLowerCase() !== identity.login.toLowerCase()) return false;
  return !identity.bot || user.type === 'Bot';
}

/**
 * Ask GET /user, unless the caller named the author. Integration tokens cannot read /user and get 403
 * "Resource not accessible by integration"; that is an answer, not a failure. Anything else is.
 */
export async function resolveIdentity(
  octokit: GithubClient,
  token: string,
  commentAuthor?: string,
): Promise<CommentIdentity> {
  if (commentAuthor?.trim()) return identityFrom({ commentAuthor });
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return identityFrom({ user: { login: data.login, type: data.type } });
  } catch (error) {
    if (statusOf(error) === 403 && !isRateLimited(error)) return identityFrom({});
    throw apiError('GET /user (finding who the token comments as)', error, token);
  }
}
