// The pull request of a workflow_run event when the payload does not say (runs from forks: GitHub leaves
// `workflow_run.pull_requests` empty, see ./pull-request.ts). Asks the API for open PRs whose head is the
// fork's branch, and keeps the one whose head is still the commit that was measured.
import { createClient } from './client.js';
import { apiError } from './errors.js';
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
