// Errors from the GitHub REST API, turned into something a person can act on without ever carrying the
// token: octokit's RequestError keeps the request (headers included) on `error.request`, so only its
// status and the API's message are read here, and the message is scrubbed of the token all the same.

/** A GitHub REST call that failed for a reason the caller cannot shrug off (bad credentials, 5xx, rate limit). */
export class GithubApiError extends Error {
  override readonly name: string = 'GithubApiError';
  constructor(
    message: string,
    /** HTTP status; 0 when no response came back (network failure). */
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface ResponseLike {
  status?: unknown;
  headers?: Record<string, unknown>;
  data?: unknown;
}

function responseOf(error: unknown): ResponseLike | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const response = (error as { response?: unknown }).response;
  return typeof response === 'object' && response !== null ? (response as ResponseLike) : undefined;
}

/** The HTTP status of an octokit error, or undefined for anything else. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

/** The API's own `message` field when the body had one, else the error's text. */
function apiMessageOf(error: unknown): string {
  const data = responseOf(error)?.data;
  if (typeof data === 'object' && data !== null && 'message' in data) {
    const message = (data as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Primary and secondary rate limits answer 403 (or 429) too; they must not read as "this token may not
 * write" nor as "this is an integration token".
 */
export function isRateLimited(error: unknown): boolean {
  const status = statusOf(error);
  if (status === 429) return true;
  if (status !== 403) return false;
  const headers = responseOf(error)?.headers ?? {};
  if (String(headers['x-ratelimit-remaining']) === '0' || headers['retry-after'] !== undefined) return true;
  return /rate limit/i.test(apiMessageOf(error));
}

/**
 * GitHub's secondary rate limit (too many writes at once): 403 or 429 naming it, or carrying
 * `retry-after`, while the hourly quota is not spent. Seconds to wait, or undefined for anything
 * else. A primary limit is never waited out here: its reset can be an hour away.
 */
export function secondaryLimitWait(error: unknown): number | undefined {
  const status = statusOf(error);
  if (status !== 403 && status !== 429) return undefined;
  const headers = responseOf(error)?.headers ?? {};
  if (String(headers['x-ratelimit-remaining']) === '0') return undefined;
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter >= 0 && headers['retry-after'] !== undefined)
    return retryAfter;
  // GitHub's advice when a secondary limit names no time: wait at least a minute.
  return /secondary rate limit/i.test(apiMessageOf(error)) ? 60 : undefined;
}

/** Replace the token wherever it occurs; short strings are skipped so an empty token cannot mangle text. */
function redact(text: string, token: string): string {
  return token.length >= 4 ? text.split(token).join('***') : text;
}

/** Wrap a failed call as a GithubApiError naming what was attempted. */
export function apiError(what: string, error: unknown, token: string): GithubApiError {
  const status = statusOf(error) ?? 0;
  const reason = isRateLimited(error) ? `rate limited: ${apiMessageOf(error)}` : apiMessageOf(error);
  const prefix = status ? `HTTP ${status}` : 'no response';
  return new GithubApiError(redact(`${what} failed (${prefix}): ${reason}`, token), status, { cause: error });
}
