// One comment per pull request and marker, created once and then edited in place on every run.
import { createClient, type GithubClient, type RetryTiming } from './client.js';
import { apiError, isRateLimited, statusOf } from './errors.js';
import { authoredBy, resolveIdentity, type CommentIdentity } from './identity.js';
import { hasMarker } from './marker.js';

export interface StickyOptions {
  token: string;
  /** GITHUB_API_URL: https://api.github.com, a GHES https://HOST/api/v3, or a test server. */
  apiUrl: string;
  owner: string;
  repo: string;
  issueNumber: number;
  /** e.g. '<!-- nicgate-comment:ci/nicgate -->' (see commentMarker); the comment is found by it. */
  marker: string;
  /**
   * Should start with the marker on a line of its own; it is put in front when missing, or every run
   * would add a comment.
   */
  body: string;
  /** Explicit author login, e.g. 'my-app[bot]' for a GitHub App token; skips GET /user. */
  commentAuthor?: string;
  log?: { info(message: string): void; warning(message: string): void };
  /** false: update the comment when there is one, but create none (the caller's policy). Default true. */
  createIfMissing?: boolean;
  /** How long the client waits before retrying a transient failure (see createClient). */
  retryTiming?: RetryTiming;
}

export type StickyOutcome =
  | { status: 'created' | 'updated'; url: string; id: number }
  /** No comment existed and `createIfMissing` was false. */
  | { status: 'skipped' }
  /** The token cannot read or write comments here (a fork's read-only token): warn, never fail. */
  | { status: 'forbidden'; message: string };

/** The fields of an issue comment this module reads. */
export interface IssueCommentLike {
  id: number;
  body?: string | null;
  html_url: string;
  user: { login: string; type?: string } | null;
}

/**
 * Pure: the first comment carrying the marker on a line of its own that this identity wrote; others'
 * copies, and the marker quoted inside a line of text, are ignored.
 */
export function pickOwnComment<T extends IssueCommentLike>(
  comments: readonly T[],
  identity: CommentIdentity,
  marker: string,
): T | undefined {
  return comments.find(
    (comment) => hasMarker(comment.body ?? '', marker) && authoredBy(comment.user, identity),
  );
}

export async function upsertStickyComment(options: StickyOptions): Promise<StickyOutcome> {
  const { token, owner, repo, issueNumber, marker, log } = options;
  if (!marker.trim()) throw new TypeError('upsertStickyComment: marker must not be empty');
  let body = options.body;
  // The finder's rule: a body whose marker it would not find gets the marker in front.
  if (!hasMarker(body, marker)) {
    log?.warning(`the comment body lacks its marker ${marker}; putting it in front so the next run finds it`);
    body = `${marker}\n${body}`;
  }
  const where = `${owner}/${repo}#${issueNumber}`;
  const octokit = createClient(token, options.apiUrl, options.retryTiming);

  const identity = await resolveIdentity(octokit, token, options.commentAuthor);
  log?.info(`Looking for the comment on ${where} written by ${identity.login}`);

  let existing: IssueCommentLike | undefined;
  try {
    existing = await findOwnComment(octokit, options, identity);
  } catch (error) {
    return refused(`listing comments on ${where}`, error, token);
  }

  if (!existing && options.createIfMissing === false) return { status: 'skipped' };
  try {
    if (existing) {
      const { data } = await octokit.rest.issues.updateComment({
        owner,
        repo,
        comment_id: existing.id,
        body,
      });
      return { status: 'updated', url: data.html_url, id: data.id };
    }
    const { data } = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issueNumber,
      body,
    });
    return { status: 'created', url: data.html_url, id: data.id };
  } catch (error) {
    const action = existing
      ? `updating comment ${existing.id} on ${where}`
      : `creating a comment on ${where}`;
    return refused(action, error, token);
  }
}

/** Walk the pages (100 a page, following Link headers) and stop at the first match. */
async function findOwnComment(
  octokit: GithubClient,
  { owner, repo, issueNumber, marker }: StickyOptions,
  identity: CommentIdentity,
): Promise<IssueCommentLike | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    const found = pickOwnComment(page.data, identity, marker);
    if (found) return found;
  }
  return undefined;
}

/**
 * 403 "Resource not accessible by integration" (a fork's read-only GITHUB_TOKEN, a locked conversation)
 * and 404 (a token that cannot see the repository) are outcomes the caller reports as a warning. Rate
 * limits and everything else are errors.
 */
function refused(action: string, error: unknown, token: string): StickyOutcome {
  const status = statusOf(error);
  if ((status === 403 || status === 404) && !isRateLimited(error)) {
    return { status: 'forbidden', message: apiError(action, error, token).message };
  }
  throw apiError(action, error, token);
}
