// Every Action input, output and state name in one place.
import { OPTION_NAMES } from './config/options.js';

/** Inputs that mirror the CLI flags of `nicgate run`, with the same names. */
export const MEASURE_INPUTS = OPTION_NAMES;

export const Inputs = {
  mode: 'mode',
  threshold: 'threshold',
  alpha: 'alpha',
  baselineBranches: 'baseline-branches',
  baselineWindow: 'baseline-window',
  allowEnvironmentChange: 'allow-environment-change',
  verdictsOut: 'verdicts-out',
  failOnRegression: 'fail-on-regression',
} as const;

export const Outputs = {
  resultsPath: 'results-path',
  verdictsPath: 'verdicts-path',
  regressed: 'regressed',
} as const;

export const State = {
  stateDir: 'nicgate-state-dir',
  workDir: 'nicgate-work-dir',
} as const;
