// The Action's modes as a table: where the results come from, where the verdicts come from, and
// whether the job posts the pull-request comment. main.ts runs the steps a mode names.
import { InputError } from '../common/errors.js';
import { RECORDING_EVENTS, recordsOn, type BaselineMode } from '../verdicts/branches.js';

export const ACTION_MODES = ['auto', 'compare', 'record', 'measure', 'aggregate', 'comment'] as const;
export type ActionMode = (typeof ACTION_MODES)[number];

export interface ModeSteps {
  /** `measure`: boot guests here; `merge`: read the results files of other jobs (results-files). */
  results: 'measure' | 'merge';
  /** `baseline`: compare with and/or record into the stored baseline; `file`: read verdicts-file. */
  verdicts: 'baseline' | 'file' | 'none';
  /** How the stored baseline is used (which branch is recorded or compared), when it is. */
  baselineMode: BaselineMode;
  /** A matrix job (`measure`) leaves the comment to the job that aggregates the matrix. */
  comment: boolean;
}

export const MODE_STEPS: Readonly<Record<ActionMode, ModeSteps>> = {
  auto: { results: 'measure', verdicts: 'baseline', baselineMode: 'auto', comment: true },
  compare: { results: 'measure', verdicts: 'baseline', baselineMode: 'compare', comment: true },
  record: { results: 'measure', verdicts: 'baseline', baselineMode: 'record', comment: true },
  measure: { results: 'measure', verdicts: 'none', baselineMode: 'auto', comment: false },
  aggregate: { results: 'merge', verdicts: 'baseline', baselineMode: 'auto', comment: true },
  // The fork-safe step: results and verdicts come as files from the pull request's own run.
  comment: { results: 'merge', verdicts: 'file', baselineMode: 'auto', comment: true },
};

export function parseActionMode(value: string | undefined, input = 'mode'): ActionMode {
  const mode = (value ?? '').trim() || 'auto';
  if ((ACTION_MODES as readonly string[]).includes(mode)) return mode as ActionMode;
  throw new InputError(input, value ?? '', `is not a mode (${ACTION_MODES.join(', ')})`);
}

/**
 * `mode: record` on an event that may not record (a pull request, a fork's branch, an
 * issue_comment) is an input error before anything is measured; `auto` there compares only.
 */
export function checkModeForEvent(mode: ActionMode, eventName: string, input = 'mode'): void {
  if (MODE_STEPS[mode].baselineMode !== 'record' || recordsOn(eventName)) return;
  throw new InputError(
    input,
    mode,
    `records a baseline only on ${RECORDING_EVENTS.slice(0, -1).join(', ')} or ${RECORDING_EVENTS.at(-1)}; this run is a ${eventName} event (use compare, or auto, which records on those events only)`,
  );
}
