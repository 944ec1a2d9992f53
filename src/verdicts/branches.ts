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

/**
 * The events whose branch is the repository's own: a run may record a baseline only on these. A
 * pull request's head branch may be a fork's (named `main`, even), and issue_comment, release or
 * workflow_run jobs run on the default branch for code or results that are not its own.
 */
export const RECORDING_EVENTS: readonly string[] = ['push', 'schedule', 'workflow_dispatch'];

export function recordsOn(eventName: string): boolean {
  return RECORDING_EVENTS.includes(eventName);
}

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
  // Only the repository's own pushes, schedules and manual runs record (see RECORDING_EVENTS);
  // the Action refuses `mode: record` on any other event before it measures.
  const recordable = recordsOn(context.eventName) ? context.branch : undefined;
  switch (context.mode) {
    case 'record':
      return { ...(recordable === undefined ? {} : { record: recordable }), compareWith: [] };
    case 'compare':
      return { compareWith };
    case 'auto':
      return recordable !== undefined && isBaselineBranch(recordable, context)
        ? { record: recordable, compareWith: [] }
        : { compareWith };
  }
}
