// The pull request of a workflow_run event when the payload does not say (runs from forks: GitHub leaves
// `workflow_run.pull_requests` empty, see ./pull-request.ts). Asks the API for open PRs whose head is the
// fork's branch, and keeps the one whose head is still the commit that was measured. A pull request
// that a file names (the artifact's `pr-number`) is checked against that commit the same way.
import { createClient } from './client.js';
import { apiError, statusOf } from './errors.js';
import { pullRequestFromEvent, type PullRequestRef } from './pull-request.js';

export interface WorkflowRunLookup {
  token: string;
  apiUrl: string;
  /** The workflow_run event payload (GITHUB_EVENT_PATH). */
  payload: unknown;
}

type Json = Record<string, unknown>;
const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (node, key) => (typeof node === 'object' && node !== null ? (node as Json)[key] : undefined),
    value,
  );
const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * From the payload when it names the PR, else `GET /repos/{owner}/{repo}/pulls?head=OWNER:BRANCH`.
 * Undefined when the triggering run was not for a pull request, or the PR moved on to a newer commit
 * (a later run will report that one).
 */
export async function pullRequestForWorkflowRun({
  token,
  apiUrl,
  payload,
}: WorkflowRunLookup): Promise<PullRequestRef | undefined> {
  const fromPayload = pullRequestFromEvent('workflow_run', payload);
  if (fromPayload) return fromPayload;

  const run = at(payload, 'workflow_run');
  const event = text(at(run, 'event'));
  if (event !== 'pull_request' && event !== 'pull_request_target') return undefined;
  const owner = text(at(payload, 'repository', 'owner', 'login'));
  const repo = text(at(payload, 'repository', 'name'));
  const headOwner = text(at(run, 'head_repository', 'owner', 'login'));
  const headBranch = text(at(run, 'head_branch'));
  const headSha = text(at(run, 'head_sha'));
  if (!owner || !repo || !headOwner || !headBranch || !headSha) return undefined;

  const octokit = createClient(token, apiUrl);
  try {
    const { data } = await octokit.rest.pulls.list({
      owner,
      repo,
      state: 'open',
      head: `${headOwner}:${headBranch}`,
      per_page: 100,
    });
    const match = data.find((pull) => pull.head.sha === headSha);
    return match ? { owner, repo, number: match.number } : undefined;
  } catch (error) {
    throw apiError(
      `listing pull requests of ${owner}/${repo} with head ${headOwner}:${headBranch}`,
      error,
      token,
    );
  }
}

/** What a workflow_run payload says about the run that triggered this job. */
export interface TriggeringRun {
  id?: number;
  /** e.g. https://github.com/o/r/actions/runs/1 */
  htmlUrl?: string;
  /** The commit that run measured: a full SHA-1 (or SHA-256) in hex, else left out. */
  headSha?: string;
  /** The event of that run: `pull_request`, `push`, ... */
  event?: string;
}

/** Pure: the triggering run of a workflow_run payload, or undefined when the payload has none. */
export function triggeringRun(payload: unknown): TriggeringRun | undefined {
  const run = at(payload, 'workflow_run');
  if (typeof run !== 'object' || run === null) return undefined;
  const id = at(run, 'id');
  const headSha = text(at(run, 'head_sha'));
  const htmlUrl = text(at(run, 'html_url'));
  const event = text(at(run, 'event'));
  return {
    ...(typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? { id } : {}),
    ...(htmlUrl ? { htmlUrl } : {}),
    ...(headSha && /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(headSha) ? { headSha: headSha.toLowerCase() } : {}),
    ...(event ? { event } : {}),
  };
}

export type PullRequestCheck =
  | { status: 'accepted'; pr: PullRequestRef }
  /** Not this run's pull request: the message says why, naming both commits. */
  | { status: 'refused'; message: string };

export interface PullRequestCheckOptions {
  token: string;
  apiUrl: string;
  /** The pull request a file (the artifact's `pr-number`) names. */
  pr: PullRequestRef;
  /** The triggering run: its head commit is what the pull request's head must be. */
  run: TriggeringRun & { headSha: string };
}

/**
 * `GET /repos/{owner}/{repo}/pulls/{number}`: the pull request is accepted only when its head is the
 * commit the triggering run measured, so an artifact cannot send its figures to another pull request.
 */
export async function checkPullRequestHead({
  token,
  apiUrl,
  pr,
  run,
}: PullRequestCheckOptions): Promise<PullRequestCheck> {
  const where = `${pr.owner}/${pr.repo}#${pr.number}`;
  const measured = `the run that measured these figures (workflow run ${run.id ?? 'unknown'}) was for commit ${run.headSha}`;
  let head: string;
  try {
    const { data } = await createClient(token, apiUrl).rest.pulls.get({
      owner: pr.owner,
      repo: pr.repo,
      pull_number: pr.number,
    });
    head = data.head.sha;
  } catch (error) {
    if (statusOf(error) === 404)
      return { status: 'refused', message: `pull request ${where} does not exist, and ${measured}` };
    throw apiError(`GET pull request ${where}`, error, token);
  }
  if (head.toLowerCase() === run.headSha) return { status: 'accepted', pr };
  return {
    status: 'refused',
    message:
      `pull request ${where} has head commit ${head}, but ${measured}: pr-number must name the ` +
      'pull request of that run (if the pull request has moved on since, its newer run will report)',
  };
}
