// Every Action input, output and state name in one place.
import { OPTION_NAMES } from '../config/options.js';
import { PAIRED_FLAGS } from '../config/paired-options.js';
import { TOKEN_INPUT } from '../github/client.js';

/** Inputs that mirror the CLI flags of `nicgate run`, with the same names. */
export const MEASURE_INPUTS = OPTION_NAMES;

/**
 * The paired gate's inputs, named as `nicgate run`'s flags. `threshold` and `alpha` are shared
 * with the stored-baseline comparison; the verdicts file goes to `verdicts-out` as always.
 */
export const PAIRED_INPUTS = PAIRED_FLAGS.filter((name) => name !== 'verdicts-out');

export const Inputs = {
  mode: 'mode',
  resultsFiles: 'results-files',
  verdictsFile: 'verdicts-file',
  prNumber: 'pr-number',
  threshold: 'threshold',
  alpha: 'alpha',
  baselineBranches: 'baseline-branches',
  baselineWindow: 'baseline-window',
  allowEnvironmentChange: 'allow-environment-change',
  verdictsOut: 'verdicts-out',
  failOnRegression: 'fail-on-regression',
  reportOut: 'report-out',
  githubToken: TOKEN_INPUT,
  comment: 'comment',
  commentOnPr: 'comment-on-pr',
  commentId: 'comment-id',
  commentAuthor: 'comment-author',
  onInconclusive: 'on-inconclusive',
  onError: 'on-error',
  guestCache: 'guest-cache',
  guestCacheSecret: 'guest-cache-secret',
} as const;

export const Outputs = {
  resultsPath: 'results-path',
  verdictsPath: 'verdicts-path',
  regressed: 'regressed',
  reportPath: 'report-path',
  commentUrl: 'comment-url',
  consoleLogs: 'console-logs',
} as const;

export const State = {
  stateDir: 'nicgate-state-dir',
  workDir: 'nicgate-work-dir',
} as const;
