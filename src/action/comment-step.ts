// The sticky pull-request comment. A report that cannot be posted never fails the gate: the job
// summary has it, and the reason becomes a warning.
import * as core from '@actions/core';
import { describeError } from '../common/errors.js';
import { commentMarker } from '../github/marker.js';
import { pullRequestFromEvent, type PullRequestRef } from '../github/pull-request.js';
import { upsertStickyComment } from '../github/sticky-comment.js';
import type { ActionSettings } from './inputs.js';
import { MODE_STEPS } from './modes.js';

const FORK_HELP =
  'the token cannot comment on this pull request (a pull request from a fork gets a read-only token). ' +
  'The report is in the job summary. To comment on fork pull requests, run nicgate with `comment-on-pr: false` ' +
  'and upload the results as an artifact, then post the comment from a separate workflow triggered by ' +
  '`workflow_run` (see "Pull requests from forks" in the nicgate README).';

/** The pull request of the event, or the one `pr-number` names in this repository. */
export function pullRequestFor(settings: ActionSettings, env: NodeJS.ProcessEnv): PullRequestRef | undefined {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (settings.prNumber !== undefined && owner && repo) return { owner, repo, number: settings.prNumber };
  return pullRequestFromEvent(env.GITHUB_EVENT_NAME ?? '', settings.payload);
}

/** Posts or updates the comment; the comment's URL, or undefined when there is none. */
export async function postComment(settings: ActionSettings, body: string): Promise<string | undefined> {
  if (!settings.comment.enabled || !MODE_STEPS[settings.mode].comment) return undefined;
  const pr = pullRequestFor(settings, process.env);
  if (!pr) return undefined;
  if (!settings.comment.token) {
    core.warning('no github-token: the pull request gets no comment; the report is in the job summary');
    return undefined;
  }
  try {
    const outcome = await upsertStickyComment({
      token: settings.comment.token,
      apiUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com',
      owner: pr.owner,
      repo: pr.repo,
      issueNumber: pr.number,
      marker: commentMarker(settings.comment.id),
      body,
      ...(settings.comment.author ? { commentAuthor: settings.comment.author } : {}),
      log: { info: core.info, warning: core.warning },
    });
    if (outcome.status === 'forbidden') {
      core.warning(`nicgate: ${FORK_HELP} (GitHub said: ${outcome.message})`);
      return undefined;
    }
    core.info(`nicgate: ${outcome.status} the pull request comment ${outcome.url}`);
    return outcome.url;
  } catch (error) {
    core.warning(`nicgate: could not comment on the pull request: ${describeError(error)}`);
    return undefined;
  }
}
