// Every Action input, output and state name in one place.
import { OPTION_NAMES } from './config/options.js';

/** Inputs that mirror the CLI flags of `nicgate run`, with the same names. */
export const MEASURE_INPUTS = OPTION_NAMES;

export const Outputs = {
  resultsPath: 'results-path',
} as const;

export const State = {
  stateDir: 'nicgate-state-dir',
  workDir: 'nicgate-work-dir',
} as const;
