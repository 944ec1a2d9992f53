// The Action's report: annotations (regressions, improvements, inconclusive verdicts, errors), at
// the profile line that changed where the paired gate knows it; the markdown report as a file, an
// output and the job summary. Returns the report for the pull-request comment.
import * as core from '@actions/core';
import type { AnnotationProperties } from '@actions/core';
import { writeFileAtomic } from '../common/atomic-file.js';
import { commentMarker } from '../github/marker.js';
import type { ResultsFile, ScenarioResult } from '../model/results.js';
import type { Verdict } from '../model/verdicts.js';
import { consoleText } from '../report/console-text.js';
import { differenceLines } from '../report/input-differences.js';
import type { GateOutcome } from '../verdicts/gate-rule.js';
import { GITHUB_SUMMARY_LIMIT_BYTES } from '../report/fit.js';
import { renderReport } from '../report/report.js';
import { renderTrend } from '../report/trend.js';
import { guestCacheSummaryLine, type GuestCacheReport } from './guest-cache-summary.js';
import type { ActionSettings } from './inputs.js';
import { Outputs } from './names.js';
import { reportOrigin } from './origin.js';
import type { VerdictsOutcome } from './verdicts-step.js';

/** An error annotation where the gate fails on the problem (verdicts/gate-rule.ts), else a warning. */
function annotation(outcome: GateOutcome): typeof core.error {
  return outcome === 'fail' ? core.error : core.warning;
}

/**
 * Where a changed scenario's annotation points, so it shows in the pull request's "Files changed":
 * the head profile's line of its first changed sysctl (the file alone where only removals differ).
 * Only where this job's paired gate resolved the file itself (gate/profile-file.ts); a verdicts
 * file from another run is text, never a place.
 */
function placeOf(verdict: Verdict, located: boolean): Pick<AnnotationProperties, 'file' | 'startLine'> {
  if (!located) return {};
  const differences = verdict.inputs?.differences ?? [];
  const at =
    differences.find((d) => d.file !== undefined && d.line !== undefined) ?? differences.find((d) => d.file);
  if (at?.file === undefined) return {};
  return { file: at.file, ...(at.line === undefined ? {} : { startLine: at.line }) };
}

/** `key: reason; inputs base → head: net.ipv4.tcp_wmem max 16777216 → 65536 (tuning.conf:4)`. */
function annotationText(verdict: Verdict): string {
  const why =
    verdict.inputs === undefined ? '' : `; inputs base → head: ${differenceLines(verdict.inputs).join('; ')}`;
  return consoleText(`${verdict.key}: ${verdict.reason}${why}`);
}

/** Keys and reasons may come from a fork's verdicts file: one line each, no control characters. */
export function annotateRegressions(
  regressions: readonly Verdict[],
  outcome: GateOutcome,
  located = false,
): void {
  const annotate = annotation(outcome);
  for (const verdict of regressions) {
    const key = consoleText(verdict.key);
    annotate(annotationText(verdict), {
      title: `nicgate: throughput regressed (${key})`,
      ...placeOf(verdict, located),
    });
  }
}

/** Improvements of changed scenarios: notices, at the line that changed where it is known. */
export function annotateImprovements(improvements: readonly Verdict[], located = false): void {
  for (const verdict of improvements) {
    const key = consoleText(verdict.key);
    core.notice(annotationText(verdict), {
      title: `nicgate: throughput improved (${key})`,
      ...placeOf(verdict, located),
    });
  }
}

/** Inconclusive verdicts: warnings with `on-inconclusive: pass`, errors with `fail`. */
export function annotateInconclusive(
  inconclusive: readonly Verdict[],
  outcome: GateOutcome,
  located = false,
): void {
  const annotate = annotation(outcome);
  for (const verdict of inconclusive) {
    const key = consoleText(verdict.key);
    annotate(annotationText(verdict), {
      title: `nicgate: inconclusive (${key})`,
      ...placeOf(verdict, located),
    });
  }
}

/**
 * Scenarios that could not be judged, with why: errors with `on-error: fail` (the default), warnings
 * with `pass`. An `error` verdict gives its reason; a failed scenario without one, its run's error.
 */
export function annotateErrors(
  verdicts: readonly Verdict[],
  failed: readonly string[],
  scenarios: readonly ScenarioResult[],
  outcome: GateOutcome,
): void {
  const annotate = annotation(outcome);
  const reasons = new Map<string, string>();
  for (const v of verdicts) if (v.kind === 'error') reasons.set(v.key, v.reason);
  for (const key of failed)
    if (!reasons.has(key))
      reasons.set(key, `this run failed: ${scenarios.find((s) => s.key === key)?.error ?? 'no result'}`);
  for (const [rawKey, reason] of reasons) {
    const key = consoleText(rawKey);
    annotate(`${key}: ${consoleText(reason)}`, { title: `nicgate: could not judge (${key})` });
  }
}

export async function writeReport(
  settings: ActionSettings,
  results: ResultsFile,
  { verdicts, baseline, recorded }: VerdictsOutcome,
  guestCache?: GuestCacheReport,
): Promise<string> {
  const newestBaseline = baseline?.runs[baseline.runs.length - 1];
  const input = {
    marker: commentMarker(settings.comment.id),
    results,
    ...(verdicts ? { verdicts } : {}),
    ...(newestBaseline ? { baselineEnvironment: newestBaseline.environment } : {}),
    ...reportOrigin(settings, process.env),
  };
  const report = renderReport(input);
  await writeFileAtomic(settings.reportPath, report);
  core.setOutput(Outputs.reportPath, settings.reportPath);
  // The summary has room for much more than a comment, but GitHub drops one over 1 MiB in bytes.
  // The trend and the cache line only in the summary: a baseline branch's runs have no pull
  // request to comment on, and the comment is about throughput, not about the job's speed.
  const trend = recorded ? renderTrend(recorded) : undefined;
  const extra =
    (trend ? `\n\n${trend}\n` : '') + (guestCache ? `\n\n${guestCacheSummaryLine(guestCache)}\n` : '');
  const summary = renderReport(input, {
    maxLength: GITHUB_SUMMARY_LIMIT_BYTES - Buffer.byteLength(extra),
    unit: 'utf8',
  });
  await core.summary.addRaw(summary + extra).write();
  return report;
}
