// Which baseline a run records and which it compares with, from the event. Pure.
import { minimatch } from 'minimatch';

export type BaselineMode = 'auto' | 'compare' | 'record';

export interface RunContext {
  mode: BaselineMode;
  eventName: string;
  /** The branch of a push (GITHUB_REF_NAME); for a pull request, its head branch. */
  branch: string;
  /** A pull request's base branch (GITHUB_BASE_REF); undefined for other events. */
  baseBranch?: string;
  defaultBranch: string;
  /** Globs naming the baseline branches; empty means the default branch alone. */
  baselineBranches: string[];
}

export interface BaselinePlan {
  /** Branch whose baseline this run's samples join; undefined: record nothing. */
  record?: string;
  /** Branches whose baseline to compare with, first found wins. */
  compareWith: string[];
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'merge_group']);

export function isBaselineBranch(
  branch: string,
  context: Pick<RunContext, 'baselineBranches' | 'defaultBranch'>,
): boolean {
  const globs = context.baselineBranches.length > 0 ? context.baselineBranches : [context.defaultBranch];
  return globs.some((glob) => minimatch(branch, glob));
}

export function planBaseline(context: RunContext): BaselinePlan {
  const pullRequest = PULL_REQUEST_EVENTS.has(context.eventName) && context.baseBranch !== undefined;
  const compareWith = pullRequest
    ? [context.baseBranch!]
    : [...new Set([context.branch, context.defaultBranch])];
  // A pull request's runs never write its base branch's baseline; at most their own branch's.
  // A workflow_run runs on the default branch for someone else's (perhaps a fork's) results.
  const recordable = pullRequest || context.eventName === 'workflow_run' ? undefined : context.branch;
  switch (context.mode) {
    case 'record':
      return { record: pullRequest ? context.branch : recordable, compareWith: [] };
    case 'compare':
      return { compareWith };
    case 'auto':
      return recordable !== undefined && isBaselineBranch(recordable, context)
        ? { record: recordable, compareWith: [] }
        : { compareWith };
  }
}
