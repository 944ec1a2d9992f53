// One place that builds the REST client, so tests and GHES differ only by the URL.
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { InputError } from '../common/errors.js';
import { secondaryLimitWait } from './errors.js';

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

/** A secondary rate limit is retried this many times. */
const SECONDARY_LIMIT_RETRIES = 2;

/** The parts of octokit's plugin interface the secondary-limit hook uses. */
interface HookedOctokit {
  hook: { error(name: 'request', hook: (error: unknown) => never): void };
  retry?: { retryRequest(error: unknown, retries: number, retryAfterSeconds: number): unknown };
}

/**
 * plugin-retry leaves every 403 alone (most are a missing permission); a secondary rate limit is
 * a 403 too, so it is handed to plugin-retry's own retry here. Registered before plugin-retry, so
 * that plugin's retry loop wraps this hook.
 */
function retrySecondaryLimits(octokit: HookedOctokit): void {
  octokit.hook.error('request', (error) => {
    const wait = secondaryLimitWait(error);
    if (wait === undefined || !octokit.retry) throw error;
    throw octokit.retry.retryRequest(error, SECONDARY_LIMIT_RETRIES, wait);
  });
}

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
    { baseUrl, retry: { retryAfterBaseValue: timing.unitMs } },
    // The plugin type names @octokit/core's class, a package nicgate does not depend on directly.
    retrySecondaryLimits as never,
    retry,
  );
}
