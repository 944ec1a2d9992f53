// What the Action knows about the event, from the runner's environment and event payload. Pure.
import type { BaselineMode, RunContext } from '../verdicts/branches.js';

export interface GithubEnvironment {
  GITHUB_EVENT_NAME?: string;
  GITHUB_REF_NAME?: string;
  GITHUB_HEAD_REF?: string;
  GITHUB_BASE_REF?: string;
  GITHUB_RUN_ID?: string;
  GITHUB_RUN_ATTEMPT?: string;
  GITHUB_SHA?: string;
  GITHUB_JOB?: string;
}

export function runContextFrom(
  env: GithubEnvironment,
  payload: { repository?: { default_branch?: string } } | undefined,
  mode: BaselineMode,
  baselineBranches: string[],
): RunContext {
  const context: RunContext = {
    mode,
    eventName: env.GITHUB_EVENT_NAME ?? 'push',
    // For a pull request GITHUB_REF_NAME is `<number>/merge`; its own branch is the head ref.
    branch: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || 'unknown',
    defaultBranch: payload?.repository?.default_branch ?? 'main',
    baselineBranches,
  };
  if (env.GITHUB_BASE_REF) context.baseBranch = env.GITHUB_BASE_REF;
  return context;
}

/** The workflow run: a re-run of the same run replaces its samples in the baseline. */
export function runIdFrom(env: GithubEnvironment): string {
  return env.GITHUB_RUN_ID ?? `local${Date.now()}`;
}

/** Unique per run, attempt and job, so each save gets a cache key of its own (keys are immutable). */
export function cacheRunIdFrom(env: GithubEnvironment): string {
  return [runIdFrom(env), env.GITHUB_RUN_ATTEMPT, env.GITHUB_JOB].filter(Boolean).join('-');
}
