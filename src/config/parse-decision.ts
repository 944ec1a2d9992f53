// Parsers of the verdict step's inputs: threshold, alpha, baseline branches, window, and the
// booleans, branches, run ids and commits the baseline commands take. Pure.
import { InputError } from '../common/errors.js';
import { BASELINE_WINDOW_DEFAULT, DECISION_DEFAULTS } from '../model/defaults.js';
import { parseWholeNumber } from './whole-number.js';

/** `5`, `5%` and `0.5%` are percentages; the result is a fraction (0.05). */
export function parseThreshold(value: string | undefined, input = '--threshold'): number {
  if (value === undefined || value.trim() === '') return DECISION_DEFAULTS.threshold;
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(value.trim());
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent > 0 && percent < 100))
    throw new InputError(input, value, 'is not a percentage between 0 and 100 (e.g. 5 or 5%)');
  return percent / 100;
}

export function parseAlpha(value: string | undefined, input = '--alpha'): number {
  if (value === undefined || value.trim() === '') return DECISION_DEFAULTS.alpha;
  const alpha = /^\d*\.?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!(alpha > 0 && alpha <= 0.2))
    throw new InputError(input, value, 'is not a significance level in (0, 0.2] (e.g. 0.01)');
  return alpha;
}

/** A pull request number, as the fork-safe workflow passes it along. */
export function parsePullRequestNumber(value: string | undefined, input = 'pr-number'): number | undefined {
  const text = (value ?? '').trim();
  if (text === '') return undefined;
  if (!/^[1-9]\d{0,9}$/.test(text)) throw new InputError(input, text, 'is not a pull request number');
  return Number(text);
}

/** Runs a baseline keeps. */
export function parseWindow(value: string | undefined, input = '--window'): number {
  if (value === undefined || value.trim() === '') return BASELINE_WINDOW_DEFAULT;
  return parseWholeNumber(value, input, [1, 50]);
}

export function parseBoolean(value: string | undefined, input: string): boolean {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  throw new InputError(input, value ?? '', 'is not true or false');
}

/** Comma- or newline-separated branch globs. */
export function parseBranchGlobs(value: string | undefined, input = 'baseline-branches'): string[] {
  const globs = (value ?? '')
    .split(/[,\n]/)
    .map((g) => g.trim())
    .filter(Boolean);
  for (const glob of globs) {
    if (/[\s\0]/.test(glob) || glob.length > 255)
      throw new InputError(input, glob, 'is not a branch name or glob');
  }
  return globs;
}

/** A branch name as git allows it (roughly `git check-ref-format --branch`). */
export function parseBranch(value: string | undefined, input = '--branch'): string {
  const branch = (value ?? '').trim();
  if (branch === '' || branch.length > 255 || /[\s~^:?*[\\\0]|\.\.|^[-/.]|\/$|\.lock$|@\{/.test(branch)) {
    throw new InputError(input, value ?? '', 'is not a valid branch name');
  }
  return branch;
}

/** A baseline run's id: a CI run id or a name of the user's; it ends up in file names and cache keys. */
export function parseRunId(value: string, input = '--run-id'): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,199}$/.test(value))
    throw new InputError(input, value, 'is not a run id (letters, digits and . _ : @ + -, at most 200)');
  return value;
}

/** A git commit as a full or abbreviated hexadecimal SHA. */
export function parseCommit(value: string, input = '--commit'): string {
  if (!/^[0-9a-f]{7,64}$/i.test(value)) throw new InputError(input, value, 'is not a commit SHA');
  return value.toLowerCase();
}
