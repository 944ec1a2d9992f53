// Baseline steps shared by the CLI and the Action: find the baseline to compare with, and add a
// run to a branch's baseline.
import { type BaselineFile } from '../model/baseline.js';
import type { BaselineStore } from './store.js';
import type { ResultsFile } from '../model/results.js';
import { appendRun } from './runs.js';
import { baselineRunFromResults } from './runs.js';

export interface FoundBaseline {
  baseline: BaselineFile;
  branch: string;
  location: string;
}

/** The first branch in `branches` with a readable baseline; unreadable ones are warned about and skipped. */
export async function findBaseline(
  store: BaselineStore,
  branches: readonly string[],
  warn: (message: string) => void,
): Promise<FoundBaseline | undefined> {
  for (const branch of branches) {
    const outcome = await store.load(branch);
    if (outcome.status === 'found' && outcome.baseline.branch !== branch)
      warn(
        `ignoring the baseline of ${branch} at ${outcome.location}: it is the baseline of branch ${JSON.stringify(outcome.baseline.branch)}, not ${JSON.stringify(branch)}`,
      );
    else if (outcome.status === 'found')
      return { baseline: outcome.baseline, branch, location: outcome.location };
    if (outcome.status === 'unreadable')
      warn(`ignoring the baseline of ${branch} at ${outcome.location}: ${outcome.message}`);
  }
  return undefined;
}

export interface RecordTag {
  runId: string;
  commit?: string;
}

export interface RecordedBaseline {
  location: string;
  /** The baseline as saved, this run its newest: what the job summary's trend is drawn from. */
  baseline: BaselineFile;
}

/** Adds this run to `branch`'s baseline (keeping the last `window` runs) and saves it. */
export async function recordBaseline(
  store: BaselineStore,
  branch: string,
  results: ResultsFile,
  tag: RecordTag,
  window: number,
  warn: (message: string) => void,
): Promise<RecordedBaseline | undefined> {
  if (results.partial) {
    // An interrupted run is no measurement of the branch: its last scenario is cut short.
    warn(
      `the run was interrupted (${results.partialReason ?? 'partial results'}); the baseline is left as it was`,
    );
    return undefined;
  }
  const run = baselineRunFromResults(results, { ...tag, branch });
  if (Object.keys(run.scenarios).length === 0) {
    warn('no scenario succeeded; the baseline is left as it was');
    return undefined;
  }
  let updated: BaselineFile | undefined;
  const saved = await store.update(branch, (current) => {
    if (current.status === 'unreadable')
      warn(
        `the baseline of ${branch} at ${current.location} is unreadable (${current.message}); starting a new one`,
      );
    updated = appendRun(current.status === 'found' ? current.baseline : undefined, run, branch, window);
    return updated;
  });
  if (saved.status === 'skipped') {
    warn(`baseline not saved: ${saved.message}`);
    return undefined;
  }
  // A store saves only what `change` gave it, so a saved baseline was made above.
  return { location: saved.location, baseline: updated! };
}
