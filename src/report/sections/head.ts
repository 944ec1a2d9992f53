// The top of the report: marker, headline, and a status line with the commit, baseline and run.
import { renderHeadline } from '../verdict-labels.js';
import { escapeMarkdown } from '../markdown.js';
import type { ReportInput } from '../input.js';
import { isFailed } from '../scenario-summary.js';
import { basisOf, methodLine } from '../method.js';
import { describeBaseline, shortCommit } from './baseline.js';

export interface Head {
  /** The marker and the headline: they always stay. */
  title: string;
  /** The status line under the headline. */
  status: string;
  /** How the verdicts were reached, when the status line does not say it (method.ts). */
  method?: string;
}

/** `runUrl` must already be safe (see url.ts). */
export function renderHead(input: ReportInput, runUrl: string | undefined): Head {
  const file = input.verdicts;
  let headline: string;
  let status: string;
  if (file !== undefined) {
    headline = renderHeadline(file.verdicts);
    const regressions = file.verdicts.filter((v) => v.kind === 'regression').length;
    status =
      regressions > 0
        ? `🔴 Throughput regressed in ${regressions} of ${file.verdicts.length} scenarios`
        : '✅ No throughput regressions';
  } else {
    const total = input.results.scenarios.length;
    const failed = input.results.scenarios.filter((s) => isFailed(s)).length;
    headline = `${total} scenario${total === 1 ? '' : 's'} measured${failed > 0 ? `, ${failed} failed` : ''}`;
    status = '✅ Measured; nothing compared with a baseline';
  }
  const context: string[] = [];
  const commit = input.commit ?? input.results.environment.git?.commit;
  if (commit !== undefined && commit !== '') context.push(`commit ${escapeMarkdown(shortCommit(commit))}`);
  // A paired file names the stored baseline only where some verdict was judged against it.
  if (file !== undefined && (!file.paired || file.verdicts.some((v) => basisOf(v) === 'stored-baseline')))
    context.push(`baseline: ${describeBaseline(file)}`);
  context.push(...runLink(input, runUrl));
  const method = file === undefined ? undefined : methodLine(file, escapeMarkdown);
  return {
    title: `${input.marker}\n## nicgate: ${headline}`,
    status: [status, ...context].join(' · '),
    ...(method === undefined ? {} : { method }),
  };
}

/** `[workflow run](<url>)`; for figures another run measured, whose they are. */
function runLink({ measuredBy }: ReportInput, runUrl: string | undefined): string[] {
  if (measuredBy === undefined) return runUrl === undefined ? [] : [`[workflow run](<${runUrl}>)`];
  const name = `workflow run${measuredBy.runId ? ` ${escapeMarkdown(measuredBy.runId)}` : ''}`;
  const run = runUrl === undefined ? name : `[${name}](<${runUrl}>)`;
  return [`figures from the ${measuredBy.pullRequest ? "pull request's own" : 'triggering'} ${run}`];
}
