// How the report names the baseline and commits, in the status line and in the settings.
import type { VerdictsFile } from '../../model/verdicts.js';
import { escapeMarkdown } from '../markdown.js';

const MAX_BASELINE_RUNS_LISTED = 10;

/** `artifact nicgate-results, branch main, 2 runs`. */
export function describeBaseline(file: VerdictsFile): string {
  const runs = file.baseline.runs.length;
  if (runs === 0) return 'none yet, so every scenario is new';
  const branch = file.baseline.branch ? `, branch ${escapeMarkdown(file.baseline.branch)}` : '';
  return `${escapeMarkdown(file.baseline.source)}${branch}, ${runs} run${runs === 1 ? '' : 's'}`;
}

/** A full SHA-1 cut to 12 characters; anything else as given. Raw text: escape it before display. */
export function shortCommit(commit: string): string {
  return /^[0-9a-f]{40}$/i.test(commit) ? commit.slice(0, 12) : commit;
}

/** `: run 101 (commit aaaaaaaaaaaa, 2025-01-30T10:00:00.000Z); run 102 (…)`, or nothing. */
export function listBaselineRuns(file: VerdictsFile): string {
  const runs = file.baseline.runs;
  if (runs.length === 0) return '';
  const listed = runs.slice(0, MAX_BASELINE_RUNS_LISTED).map((run) => {
    const extra = [run.commit ? `commit ${shortCommit(run.commit)}` : undefined, run.timestamp]
      .filter((x): x is string => x !== undefined && x !== '')
      .map(escapeMarkdown)
      .join(', ');
    return `run ${escapeMarkdown(run.runId)}${extra ? ` (${extra})` : ''}`;
  });
  const rest = runs.length - listed.length;
  return `: ${listed.join('; ')}${rest > 0 ? `; and ${rest} more` : ''}`;
}
