// Which commit and run a report names. Usually this job's own (GITHUB_SHA, this run); in a merge
// mode on workflow_run the figures were measured by the triggering run (a pull request's, perhaps
// a fork's), so the report names that run and its head commit, and says so.
import type { ReportInput } from '../report/report.js';
import { triggeringRun } from '../github/workflow-run.js';
import type { ActionSettings } from './inputs.js';
import { MODE_STEPS } from './modes.js';

export type ReportOrigin = Pick<ReportInput, 'commit' | 'runUrl' | 'summaryUrl' | 'measuredBy'>;

/** This job's run page, e.g. https://github.com/o/r/actions/runs/1. */
function runUrl(env: NodeJS.ProcessEnv, runId = env.GITHUB_RUN_ID): string | undefined {
  if (!env.GITHUB_SERVER_URL || !env.GITHUB_REPOSITORY || !runId) return undefined;
  return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${runId}`;
}

export function reportOrigin(settings: ActionSettings, env: NodeJS.ProcessEnv): ReportOrigin {
  const own = runUrl(env);
  // This job's summary carries the report, whoever measured the figures.
  const summary = own ? { summaryUrl: own } : {};
  const run =
    env.GITHUB_EVENT_NAME === 'workflow_run' && MODE_STEPS[settings.mode].results === 'merge'
      ? triggeringRun(settings.payload)
      : undefined;
  if (run === undefined) {
    return {
      ...summary,
      ...(own ? { runUrl: own } : {}),
      ...(env.GITHUB_SHA ? { commit: env.GITHUB_SHA } : {}),
    };
  }
  // GITHUB_SHA is the default branch's head here, not what was measured: never name it.
  const measuring = run.htmlUrl ?? (run.id === undefined ? undefined : runUrl(env, String(run.id)));
  return {
    ...summary,
    ...(measuring ? { runUrl: measuring } : {}),
    ...(run.headSha ? { commit: run.headSha } : {}),
    measuredBy: {
      ...(run.id === undefined ? {} : { runId: String(run.id) }),
      pullRequest: run.event === 'pull_request' || run.event === 'pull_request_target',
    },
  };
}
