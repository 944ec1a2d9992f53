// One place that builds the REST client, so tests and GHES differ only by the URL.
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { InputError } from '../common/errors.js';

export type GithubClient = ReturnType<typeof getOctokit>;

/** The Action input that carries the token: named here, where errors quote it; action/names.ts reuses it. */
export const TOKEN_INPUT = 'github-token';

/**
 * The unit of the retry delays in milliseconds: a 5xx is retried after 1, 4 and 9 units, a
 * secondary rate limit after its `retry-after` seconds in units (60 when it names none).
 */
export interface RetryTiming {
  unitMs: number;
}

const DEFAULT_TIMING: RetryTiming = { unitMs: 1000 };

/** A secondary rate limit is retried this many times; a primary one (a reset up to an hour away) never. */
const SECONDARY_LIMIT_RETRIES = 2;

/**
 * `apiUrl` is GITHUB_API_URL: https://api.github.com, https://HOST/api/v3 on GHES, or a test server.
 * Proxy settings come from @actions/github, which reads them for GITHUB_API_URL when it is loaded.
 * GitHub's transient failures (5xx, secondary rate limits) are retried: a report should not be lost
 * to a blip.
 */
export function createClient(
  token: string,
  apiUrl: string,
  timing: RetryTiming = DEFAULT_TIMING,
): GithubClient {
  if (!token.trim()) {
    throw new InputError(TOKEN_INPUT, '', 'is empty: a token is needed to comment on the pull request');
  }
  // An unset GITHUB_API_URL can arrive as ''; that means github.com.
  const baseUrl = apiUrl.trim().replace(/\/+$/, '') || 'https://api.github.com';
  return getOctokit(
    token,
    {
      baseUrl,
      retry: { retryAfterBaseValue: timing.unitMs },
      throttle: {
        retryAfterBaseValue: timing.unitMs,
        onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) =>
          retryCount < SECONDARY_LIMIT_RETRIES,
        onRateLimit: () => false,
      },
    },
    retry,
    throttling,
  );
}
