// Which pull request a run belongs to, read from the event payload (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH).
//
// Fork-safe pattern: a `pull_request` run from a fork gets a read-only GITHUB_TOKEN, so it cannot comment
// (upsertStickyComment answers 'forbidden'). Instead, let the measuring workflow run on `pull_request`
// and upload its results as an artifact, and have a second workflow `on: workflow_run: types: [completed]`
// download them and comment: that one runs in the base repository with a writable token and never checks
// out the fork's code. Its payload names the PR in `workflow_run.pull_requests[0]`.
//
// Caveat, long-standing GitHub behaviour (actions/runner#3444, github/docs#22501): for runs from a FORK,
// `workflow_run.pull_requests` is empty. Then this function returns undefined, and the caller should
// either carry the PR number inside the uploaded artifact (the first workflow knows it; a fork writes it,
// so check it with checkPullRequestHead()), or look it up with pullRequestForWorkflowRun(), both in
// ./workflow-run.ts.
//
// `pull_request_target` also runs with a writable token in the base repository; it is accepted here, but
// checking out and running the fork's code under it is unsafe, which is why workflow_run is preferred.

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

type Json = Record<string, unknown>;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function repositoryOf(payload: unknown): { owner: string; repo: string } | undefined {
  const repository = field(payload, 'repository');
  const owner = field(field(repository, 'owner'), 'login');
  const repo = field(repository, 'name');
  return typeof owner === 'string' && owner && typeof repo === 'string' && repo ? { owner, repo } : undefined;
}

/** The pull request of a pull_request, pull_request_target or workflow_run event; undefined otherwise. */
export function pullRequestFromEvent(eventName: string, payload: unknown): PullRequestRef | undefined {
  const repository = repositoryOf(payload);
  if (!repository) return undefined;
  let number: number | undefined;
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    number = positiveInteger(field(field(payload, 'pull_request'), 'number'));
  } else if (eventName === 'workflow_run') {
    number = workflowRunPullRequest(payload);
  }
  return number === undefined ? undefined : { ...repository, number };
}

/**
 * `pull_requests` lists PRs whose head is the run's head; prefer one whose base is this repository (the
 * payload's `repository`), since an entry can point at another repository's PR from the same branch.
 */
function workflowRunPullRequest(payload: unknown): number | undefined {
  const entries = field(field(payload, 'workflow_run'), 'pull_requests');
  if (!Array.isArray(entries) || entries.length === 0) return undefined;
  const repositoryId = field(field(payload, 'repository'), 'id');
  const ours = entries.find((entry) => {
    const baseId = field(field(field(entry, 'base'), 'repo'), 'id');
    return repositoryId === undefined || baseId === undefined || baseId === repositoryId;
  });
  return positiveInteger(field(ours, 'number'));
}

/**
 * A `pull_request` event whose head branch lives in another repository (a fork; `head.repo` is null
 * when the fork was deleted). Only then does GitHub hand the job a read-only token whatever the
 * workflow's `permissions:` say.
 */
export function isForkPullRequest(eventName: string, payload: unknown): boolean {
  if (eventName !== 'pull_request') return false;
  const pullRequest = field(payload, 'pull_request');
  const head = field(field(pullRequest, 'head'), 'repo');
  const base = field(field(field(pullRequest, 'base'), 'repo'), 'full_name');
  if (head === null) return true;
  const headName = field(head, 'full_name');
  return (
    typeof headName === 'string' && typeof base === 'string' && headName.toLowerCase() !== base.toLowerCase()
  );
}
