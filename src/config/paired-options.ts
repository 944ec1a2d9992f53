// Options of the paired gate (`nicgate run --base-ref`, the Action's base-* inputs). Pure.
import { InputError } from '../common/errors.js';
import { PAIRED_DEFAULTS } from '../model/defaults.js';
import { parseAlpha, parseBoolean, parseThreshold } from './parse-decision.js';
import { parseOnInconclusive, type GateChoice } from './gate-policy.js';
import type { RawOptions } from './options.js';
import { parseWholeNumber } from './whole-number.js';

export type OnInconclusive = GateChoice;

/**
 * Artifacts the workflow built for the base side (Action inputs `base-kernel`,
 * `base-kernel-modules`): paths on disk, compared by content hash and never read from git.
 */
export interface BaseArtifacts {
  kernel?: string;
  kernelModules?: string;
  /** The base side's own image (`base-image`), beside the head's `image`. */
  image?: string;
}

export interface PairedOptions {
  baseRef: string;
  pairs: number;
  alwaysMeasure: boolean;
  /** Where the base side's results go. */
  baseOut: string;
  verdictsOut?: string;
  /** Seeds the block orders; recorded in the verdicts file. */
  seed: number;
  threshold: number;
  alpha: number;
  onInconclusive: OnInconclusive;
  artifacts: BaseArtifacts;
}

/**
 * Defaults of a paired run where they differ from a plain run's: shorter repetitions, more boots.
 * Both sides' plans are built with them, by the CLI and the Action alike.
 */
export const PAIRED_RUN_DEFAULTS: RawOptions = { duration: String(PAIRED_DEFAULTS.durationSec) };

/** The flag names, for the command table; the Action's inputs carry the same names. */
export const PAIRED_FLAGS = [
  'base-ref',
  'pairs',
  'always-measure',
  'base-out',
  'verdicts-out',
  'seed',
  'threshold',
  'alpha',
  'on-inconclusive',
  'base-kernel',
  'base-kernel-modules',
  'base-image',
] as const;
export type PairedFlag = (typeof PAIRED_FLAGS)[number];

function parseCount(value: string | undefined, input: string, fallback: number, range: [number, number]) {
  return value === undefined ? fallback : parseWholeNumber(value, input, range);
}

/** `results.json` -> `results.base.json`: the base side's results beside the head's. */
export function baseOutFor(out: string): string {
  return /\.json$/i.test(out) ? out.replace(/\.json$/i, '.base.json') : `${out}.base.json`;
}

/**
 * The paired options from flags, or undefined without `--base-ref` (then no other paired flag is
 * allowed: it would be silently ignored). `randomSeed` picks the seed when none is given.
 */
export function parsePairedOptions(
  flags: Partial<Record<PairedFlag, string>>,
  out: string,
  randomSeed: () => number,
): PairedOptions | undefined {
  const baseRef = flags['base-ref'];
  if (baseRef === undefined) {
    const stray = PAIRED_FLAGS.find((name) => flags[name] !== undefined);
    if (stray)
      throw new InputError(`--${stray}`, flags[stray]!, 'needs --base-ref (it belongs to a paired run)');
    return undefined;
  }
  const artifacts: BaseArtifacts = {
    ...(flags['base-kernel'] ? { kernel: flags['base-kernel'] } : {}),
    ...(flags['base-kernel-modules'] ? { kernelModules: flags['base-kernel-modules'] } : {}),
    ...(flags['base-image'] ? { image: flags['base-image'] } : {}),
  };
  return {
    baseRef,
    pairs: parseCount(flags.pairs, '--pairs', PAIRED_DEFAULTS.pairs, [2, 100]),
    alwaysMeasure: parseBoolean(flags['always-measure'], '--always-measure'),
    baseOut: flags['base-out'] ?? baseOutFor(out),
    ...(flags['verdicts-out'] ? { verdictsOut: flags['verdicts-out'] } : {}),
    seed: parseCount(flags.seed, '--seed', randomSeed(), [0, 2 ** 32 - 1]),
    threshold: parseThreshold(flags.threshold),
    alpha: parseAlpha(flags.alpha),
    onInconclusive: parseOnInconclusive(flags['on-inconclusive']),
    artifacts,
  };
}
