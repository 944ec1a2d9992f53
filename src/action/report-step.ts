// The Action's report: annotations for regressions, the markdown report as a file, an output and
// the job summary. Returns the report for the pull-request comment.
import * as core from '@actions/core';
import { writeFileAtomic } from '../common/atomic-file.js';
import { commentMarker } from '../github/marker.js';
import type { ResultsFile } from '../model/results.js';
import type { Verdict } from '../model/verdicts.js';
import { renderReport } from '../report/report.js';
import type { ActionSettings } from './inputs.js';
import { Outputs } from './names.js';
import type { VerdictsOutcome } from './verdicts-step.js';

/** The summary has room for the whole report (1 MiB); only the comment is capped. */
const SUMMARY_LIMIT = 1_000_000;

export function annotateRegressions(regressions: readonly Verdict[], failOnRegression: boolean): void {
  const annotate = failOnRegression ? core.error : core.warning;
  for (const verdict of regressions) {
    annotate(`${verdict.key}: ${verdict.reason}`, {
      title: `nicgate: throughput regressed (${verdict.key})`,
    });
  }
}

export function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.GITHUB_SERVER_URL || !env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined;
  return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
}

export async function writeReport(
  settings: ActionSettings,
  results: ResultsFile,
  { verdicts, baseline }: VerdictsOutcome,
): Promise<string> {
  const url = runUrl(process.env);
  const newestBaseline = baseline?.runs[baseline.runs.length - 1];
  const input = {
    marker: commentMarker(settings.comment.id),
    results,
    ...(verdicts ? { verdicts } : {}),
    ...(newestBaseline ? { baselineEnvironment: newestBaseline.environment } : {}),
    ...(url ? { runUrl: url, summaryUrl: url } : {}),
    ...(process.env.GITHUB_SHA ? { commit: process.env.GITHUB_SHA } : {}),
  };
  const report = renderReport(input);
  await writeFileAtomic(settings.reportPath, report);
  core.setOutput(Outputs.reportPath, settings.reportPath);
  await core.summary.addRaw(renderReport(input, { maxLength: SUMMARY_LIMIT })).write();
  return report;
}
