// The top of the report: marker, headline, and a status line with the commit, baseline and run.
import { clip } from '../../common/format.js';
import type { Verdict } from '../../model/verdicts.js';
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

/**
 * What the counts alone do not say: why a scenario could not be judged (the first reason), and how
 * many inconclusive verdicts ended with fewer pairs than the correction across the matrix needs.
 */
function headlineNotes(verdicts: readonly Verdict[]): string {
  const notes: string[] = [];
  const error = verdicts.find((v) => v.kind === 'error');
  if (error) notes.push(`not judged: ${escapeMarkdown(clip(error.reason, 100))}`);
  const short = verdicts.filter(
    (v) => v.pairs?.needed !== undefined && v.pairs.used < v.pairs.needed && v.kind === 'inconclusive',
  );
  if (short.length > 0)
    notes.push(
      `${short.length} with too few pairs (${short[0]!.pairs!.used} of ${short[0]!.pairs!.needed} needed)`,
    );
  return notes.length > 0 ? ` (${notes.join('; ')})` : '';
}

/** A regression first; then scenarios not judged, which fail the job unless `on-error: pass`. */
function verdictStatus(verdicts: readonly Verdict[]): string {
  const of = (n: number): string => `${n} of ${verdicts.length} scenario${verdicts.length === 1 ? '' : 's'}`;
  const regressions = verdicts.filter((v) => v.kind === 'regression').length;
  const errors = verdicts.filter((v) => v.kind === 'error').length;
  const parts: string[] = [];
  if (regressions > 0) parts.push(`🔴 Throughput regressed in ${of(regressions)}`);
  if (errors > 0) parts.push(`❌ Could not judge ${of(errors)}`);
  return parts.length > 0 ? parts.join(' · ') : '✅ No throughput regressions';
}

/** `runUrl` must already be safe (see url.ts). */
export function renderHead(input: ReportInput, runUrl: string | undefined): Head {
  const file = input.verdicts;
  let headline: string;
  let status: string;
  if (file !== undefined) {
    headline = renderHeadline(file.verdicts) + headlineNotes(file.verdicts);
    status = verdictStatus(file.verdicts);
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
