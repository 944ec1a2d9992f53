// One place that builds the REST client, so tests and GHES differ only by the URL.
import { getOctokit } from '@actions/github';
import { InputError } from '../common/errors.js';

export type GithubClient = ReturnType<typeof getOctokit>;

/** The Action input that carries the token: named here, where errors quote it; action/names.ts reuses it. */
export const TOKEN_INPUT = 'github-token';

/**
 * `apiUrl` is GITHUB_API_URL: https://api.github.com, https://HOST/api/v3 on GHES, or a test server.
 * Proxy settings come from @actions/github, which reads them for GITHUB_API_URL when it is loaded.
 */
export function createClient(token: string, apiUrl: string): GithubClient {
  if (!token.trim()) {
    throw new InputError(TOKEN_INPUT, '', 'is empty: a token is needed to comment on the pull request');
  }
  // An unset GITHUB_API_URL can arrive as ''; that means github.com.
  const baseUrl = apiUrl.trim().replace(/\/+$/, '') || 'https://api.github.com';
  return getOctokit(token, { baseUrl });
}
