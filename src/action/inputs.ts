// Every Action input, read and validated before anything boots. Pure: the input reader, the
// environment, the event payload and the plan builder are handed in.
import { join } from 'node:path';
import type { RawOptions } from '../config/options.js';
import { checkOutputFile, type PathProbe } from '../config/paths.js';
import {
  parseAlpha,
  parseBoolean,
  parseBranchGlobs,
  parsePullRequestNumber,
  parseThreshold,
  parseWindow,
} from '../config/parse-decision.js';
import { ACTION_DEFAULTS } from '../model/defaults.js';
import type { RunPlan } from '../model/plan.js';
import type { RunContext } from '../verdicts/branches.js';
import { parseCommentAuthor } from '../github/identity.js';
import { parseCommentMode, type CommentMode } from './comment-policy.js';
import { runContextFrom } from './context.js';
import { parseGuestCacheSecret } from './guest-cache-seal.js';
import { checkModeForEvent, MODE_STEPS, parseActionMode, type ActionMode } from './modes.js';
import { Inputs, MEASURE_INPUTS, PAIRED_INPUTS } from './names.js';
import { pairedOptionsFor } from './paired-inputs.js';
import { PAIRED_RUN_DEFAULTS, type OnInconclusive, type PairedOptions } from '../config/paired-options.js';
import { parseOnError, parseOnInconclusive, type GateChoice } from '../config/gate-policy.js';

export type EventPayload = Record<string, unknown> & { repository?: { default_branch?: string } };

export interface InputSources {
  /** core.getInput: '' when the input is not set. */
  getInput: (name: string) => string;
  env: NodeJS.ProcessEnv;
  /** The event payload (GITHUB_EVENT_PATH), when there is one. */
  payload: EventPayload | undefined;
  /** Options -> validated plan (reads profile and config files); `defaults` under the given options. */
  buildPlan: (raw: RawOptions, defaults?: RawOptions) => RunPlan;
  /** Checks the output files before anything runs. */
  paths: PathProbe;
}

export interface ActionSettings {
  mode: ActionMode;
  /** The plan this job measures: in a paired job, the head side's, with the paired defaults. */
  plan: RunPlan;
  /** The measure inputs as given: the paired gate plans both sides from them. */
  measureInputs: RawOptions;
  /** Set when this job measures the base against the head (a pull request, or `base-ref`). */
  paired?: PairedOptions;
  onInconclusive: OnInconclusive;
  /** A scenario that could not be judged: fail the job (the default) or pass with an error annotation. */
  onError: GateChoice;
  resultsFiles: string;
  verdictsFile: string;
  prNumber: number | undefined;
  context: RunContext;
  decision: { threshold: number; alpha: number; allowEnvironmentChange: boolean };
  window: number;
  verdictsPath: string;
  reportPath: string;
  failOnRegression: boolean;
  /** Keep `<work-dir>/cache` (guest kernel, image, saved guests) in the Actions cache between runs. */
  guestCache: boolean;
  /** Keys the seal of each saved guest the guest cache carries; without it none travels. Masked, never logged. */
  guestCacheSecret?: string;
  /** `mode`: when the sticky comment is created or updated (`comment`, or `comment-on-pr: false`). */
  comment: { mode: CommentMode; id: string; token: string; author?: string };
  payload: EventPayload | undefined;
}

/** The inputs that mirror `nicgate run`'s flags; the work directory defaults under RUNNER_TEMP. */
function readMeasureInputs(getInput: (name: string) => string, env: NodeJS.ProcessEnv): RawOptions {
  const raw: RawOptions = {};
  for (const name of MEASURE_INPUTS) {
    const value = getInput(name);
    if (value !== '') raw[name] = value;
  }
  if (raw['work-dir'] === undefined && env.RUNNER_TEMP) raw['work-dir'] = join(env.RUNNER_TEMP, 'nicgate');
  // The Action's own default, also when a runner or test passes no value.
  raw.out ??= ACTION_DEFAULTS.out;
  return raw;
}

/** `<workflow>/<job>`: two workflows (or jobs) posting reports never overwrite each other. */
function defaultCommentId(env: NodeJS.ProcessEnv): string {
  return `${env.GITHUB_WORKFLOW ?? 'workflow'}/${env.GITHUB_JOB ?? 'job'}`;
}

function booleanInput(value: string, name: string, fallback: boolean): boolean {
  return value.trim() === '' ? fallback : parseBoolean(value, name);
}

export function readSettings({ getInput, env, payload, buildPlan, paths }: InputSources): ActionSettings {
  const mode = parseActionMode(getInput(Inputs.mode), Inputs.mode);
  checkModeForEvent(mode, env.GITHUB_EVENT_NAME ?? 'push', Inputs.mode);
  const guestCacheSecret = parseGuestCacheSecret(getInput(Inputs.guestCacheSecret), Inputs.guestCacheSecret);
  const author = parseCommentAuthor(getInput(Inputs.commentAuthor), Inputs.commentAuthor);
  const verdictsPath = getInput(Inputs.verdictsOut) || ACTION_DEFAULTS.verdictsOut;
  const reportPath = getInput(Inputs.reportOut) || ACTION_DEFAULTS.reportOut;
  checkOutputFile(Inputs.verdictsOut, verdictsPath, paths, { createParents: true });
  checkOutputFile(Inputs.reportOut, reportPath, paths, { createParents: true });
  const measureInputs = readMeasureInputs(getInput, env);
  const pairedInputs = Object.fromEntries(
    PAIRED_INPUTS.map((name) => [name, getInput(name)] as const).filter(([, value]) => value !== ''),
  );
  const context = runContextFrom(
    env,
    payload,
    MODE_STEPS[mode].baselineMode,
    parseBranchGlobs(getInput(Inputs.baselineBranches), Inputs.baselineBranches),
  );
  const paired = pairedOptionsFor({ mode, payload, pairedInputs }, measureInputs.out!);
  return {
    mode,
    // Built once, as `nicgate run` builds it: a paired job's plan is its head side.
    plan: paired ? buildPlan(measureInputs, PAIRED_RUN_DEFAULTS) : buildPlan(measureInputs),
    measureInputs,
    ...(paired ? { paired } : {}),
    onInconclusive: parseOnInconclusive(getInput(Inputs.onInconclusive) || undefined, Inputs.onInconclusive),
    onError: parseOnError(getInput(Inputs.onError) || undefined, Inputs.onError),
    resultsFiles: getInput(Inputs.resultsFiles),
    verdictsFile: getInput(Inputs.verdictsFile),
    prNumber: parsePullRequestNumber(getInput(Inputs.prNumber), Inputs.prNumber),
    context,
    decision: {
      threshold: parseThreshold(getInput(Inputs.threshold), Inputs.threshold),
      alpha: parseAlpha(getInput(Inputs.alpha), Inputs.alpha),
      allowEnvironmentChange: parseBoolean(
        getInput(Inputs.allowEnvironmentChange),
        Inputs.allowEnvironmentChange,
      ),
    },
    window: parseWindow(getInput(Inputs.baselineWindow), Inputs.baselineWindow),
    verdictsPath,
    reportPath,
    failOnRegression: booleanInput(
      getInput(Inputs.failOnRegression),
      Inputs.failOnRegression,
      ACTION_DEFAULTS.failOnRegression,
    ),
    guestCache: booleanInput(getInput(Inputs.guestCache), Inputs.guestCache, ACTION_DEFAULTS.guestCache),
    ...(guestCacheSecret === undefined ? {} : { guestCacheSecret }),
    comment: {
      mode: parseCommentMode(
        getInput(Inputs.comment),
        Inputs.comment,
        booleanInput(getInput(Inputs.commentOnPr), Inputs.commentOnPr, ACTION_DEFAULTS.commentOnPr),
        ACTION_DEFAULTS.comment,
      ),
      id: getInput(Inputs.commentId) || defaultCommentId(env),
      token: getInput(Inputs.githubToken),
      ...(author ? { author } : {}),
    },
    payload,
  };
}
