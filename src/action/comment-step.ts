// The sticky pull-request comment. A report that cannot be posted never fails the gate: the job
// summary has it, and the reason becomes a warning.
import * as core from '@actions/core';
import { describeError } from '../common/errors.js';
import { commentMarker } from '../github/marker.js';
import { isForkPullRequest, pullRequestFromEvent, type PullRequestRef } from '../github/pull-request.js';
import { upsertStickyComment } from '../github/sticky-comment.js';
import { checkPullRequestHead, pullRequestForWorkflowRun, triggeringRun } from '../github/workflow-run.js';
import type { VerdictKind } from '../model/verdicts.js';
import { commentAction, type CommentSituation } from './comment-policy.js';
import type { ActionSettings } from './inputs.js';
import { MODE_STEPS } from './modes.js';

const FORK_HELP =
  'the token cannot comment on this pull request (a pull request from a fork gets a read-only token). ' +
  'The report is in the job summary. To comment on fork pull requests, run nicgate with `comment-on-pr: false` ' +
  'and upload the results as an artifact, then post the comment from a separate workflow triggered by ' +
  '`workflow_run` (see "Pull requests from forks" in docs/workflows.md of the nicgate repository).';

const PERMISSION_HELP =
  'the token may not comment on this pull request: add `pull-requests: write` (or `issues: write`) to the ' +
  "workflow's or the job's `permissions:`. The report is in the job summary.";

const NO_TOKEN = 'no github-token: the pull request gets no comment; the report is in the job summary';

const apiUrlOf = (env: NodeJS.ProcessEnv): string => env.GITHUB_API_URL ?? 'https://api.github.com';

/** The pull request of the event, or the one `pr-number` names in this repository. */
function pullRequestFor(settings: ActionSettings, env: NodeJS.ProcessEnv): PullRequestRef | undefined {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (settings.prNumber !== undefined && owner && repo) return { owner, repo, number: settings.prNumber };
  return pullRequestFromEvent(env.GITHUB_EVENT_NAME ?? '', settings.payload);
}

/**
 * On workflow_run, `pr-number` comes from the triggering run's artifact, which a fork writes: it
 * counts only when that pull request's head is the commit the run measured. Without it, the pull
 * request is the payload's, or the API's for the fork's branch at that commit. Undefined (after a
 * warning where something was refused) means no comment.
 */
async function workflowRunTarget(
  settings: ActionSettings,
  env: NodeJS.ProcessEnv,
): Promise<PullRequestRef | undefined> {
  const run = triggeringRun(settings.payload);
  if (!run?.headSha) {
    core.warning('nicgate: the workflow_run event names no head commit; the pull request gets no comment');
    return undefined;
  }
  const token = settings.comment.token;
  const named = settings.prNumber === undefined ? undefined : pullRequestFor(settings, env);
  if (!named)
    return await pullRequestForWorkflowRun({ token, apiUrl: apiUrlOf(env), payload: settings.payload });
  const check = await checkPullRequestHead({
    token,
    apiUrl: apiUrlOf(env),
    pr: named,
    run: { ...run, headSha: run.headSha },
  });
  if (check.status === 'accepted') return check.pr;
  core.warning(`nicgate: not commenting: ${check.message}`);
  return undefined;
}

/** What this run found: with the `comment` input, it decides whether a comment is posted. */
export interface RunFindings {
  verdictKinds: readonly VerdictKind[];
  gateFails: boolean;
}

/** Posts or updates the comment; the comment's URL, or undefined when there is none. */
export async function postComment(
  settings: ActionSettings,
  body: string,
  findings: RunFindings,
): Promise<string | undefined> {
  const situation = (existing: boolean): CommentSituation => ({
    mode: settings.comment.mode,
    ...findings,
    existing,
  });
  // Every mode but `never` updates a comment that exists; whether one may be created is asked below.
  if (commentAction(situation(true)) === 'skip' || !MODE_STEPS[settings.mode].comment) return undefined;
  const env = process.env;
  const onWorkflowRun = env.GITHUB_EVENT_NAME === 'workflow_run';
  // Outside workflow_run an event without a pull request needs no token and gets no warning.
  if (!onWorkflowRun && !pullRequestFor(settings, env)) return undefined;
  if (!settings.comment.token) {
    core.warning(NO_TOKEN);
    return undefined;
  }
  try {
    const pr = onWorkflowRun ? await workflowRunTarget(settings, env) : pullRequestFor(settings, env);
    if (!pr) return undefined;
    const outcome = await upsertStickyComment({
      token: settings.comment.token,
      apiUrl: apiUrlOf(env),
      owner: pr.owner,
      repo: pr.repo,
      issueNumber: pr.number,
      marker: commentMarker(settings.comment.id),
      body,
      ...(settings.comment.author ? { commentAuthor: settings.comment.author } : {}),
      log: { info: core.info, warning: core.warning },
      createIfMissing: commentAction(situation(false)) === 'create',
    });
    if (outcome.status === 'skipped') {
      core.info(`nicgate: no pull request comment (comment: ${settings.comment.mode}, and none exists yet)`);
      return undefined;
    }
    if (outcome.status === 'forbidden') {
      // A fork's token is read-only whatever the workflow asks; anywhere else a 403 is a missing permission.
      const help = isForkPullRequest(env.GITHUB_EVENT_NAME ?? '', settings.payload)
        ? FORK_HELP
        : PERMISSION_HELP;
      core.warning(`nicgate: ${help} (GitHub said: ${outcome.message})`);
      return undefined;
    }
    core.info(`nicgate: ${outcome.status} the pull request comment ${outcome.url}`);
    return outcome.url;
  } catch (error) {
    core.warning(`nicgate: could not comment on the pull request: ${describeError(error)}`);
    return undefined;
  }
}
