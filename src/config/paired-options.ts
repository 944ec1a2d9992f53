// Options of the paired gate (`nicgate run --base-ref`, the Action's base-* inputs). Pure.
import { InputError } from '../common/errors.js';
import { formatPercent } from '../common/format.js';
import {
  DECISION_DEFAULTS,
  GATE_DEFAULTS,
  GATE_METRICS_DEFAULT,
  PAIRED_DEFAULTS,
  SEQUENTIAL_DEFAULTS,
} from '../model/defaults.js';
import type { MetricGroup } from '../model/metrics.js';
import { parseGateMetrics } from './metrics.js';
import { parseAlpha, parseBoolean, parseThreshold } from './parse-decision.js';
import { parseOnInconclusive, type GateChoice } from './gate-policy.js';
import type { OptionDoc, RawOptions } from './options.js';
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
  /** Pairs per changed scenario: the cap with sequential looks, every one of them without. */
  pairs: number;
  /** Look after every pair and stop once settled (verdicts/sequential.ts); off: the fixed design. */
  sequential: boolean;
  alwaysMeasure: boolean;
  /** Where the base side's results go. */
  baseOut: string;
  verdictsOut?: string;
  /** Seeds the block orders; recorded in the verdicts file. */
  seed: number;
  threshold: number;
  alpha: number;
  /** The metric groups the verdicts judge, `throughput` first (the only one so far). */
  gateMetrics: MetricGroup[];
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
  'sequential',
  'always-measure',
  'base-out',
  'verdicts-out',
  'seed',
  'threshold',
  'alpha',
  'gate-metrics',
  'on-inconclusive',
  'base-kernel',
  'base-kernel-modules',
  'base-image',
] as const;
export type PairedFlag = (typeof PAIRED_FLAGS)[number];

/** Each paired flag's help line (`nicgate run --help`). */
export const PAIRED_DOCS: Readonly<Record<PairedFlag, OptionDoc>> = {
  'base-ref': { value: 'REF', text: 'measure REF against the working tree in this run' },
  pairs: {
    value: 'N',
    text: 'most blocks per changed scenario',
    fallback: `${SEQUENTIAL_DEFAULTS.pairs} (--sequential off: ${PAIRED_DEFAULTS.pairs})`,
  },
  sequential: {
    value: 'on|off',
    text: 'look after every pair, stop once settled (off: Wilcoxon + Holm)',
    fallback: SEQUENTIAL_DEFAULTS.on ? 'on' : 'off',
  },
  'always-measure': { text: 'measure scenarios whose inputs did not change too' },
  'base-out': { value: 'FILE', text: "the base side's results", fallback: 'beside --out (.base.json)' },
  'verdicts-out': { value: 'FILE', text: 'write the verdicts file' },
  seed: { value: 'N', text: "seed of the blocks' ABBA/BAAB orders", fallback: 'random, recorded' },
  threshold: {
    value: 'PCT',
    text: 'smallest change that counts',
    fallback: formatPercent(DECISION_DEFAULTS.threshold),
  },
  alpha: {
    value: 'P',
    text: 'significance level (Holm across the matrix)',
    fallback: String(DECISION_DEFAULTS.alpha),
  },
  'gate-metrics': { value: 'LIST', text: 'metric groups the verdicts judge', fallback: GATE_METRICS_DEFAULT },
  'on-inconclusive': { value: 'X', text: 'pass or fail', fallback: GATE_DEFAULTS.onInconclusive },
  'base-kernel': { value: 'PATH', text: "the base side's kernel", fallback: '--kernel, for both sides' },
  'base-kernel-modules': { value: 'DIR', text: 'its /lib/modules/<release> directory' },
  'base-image': { value: 'PATH', text: "the base side's own image, beside --image" },
};

function parseCount(value: string | undefined, input: string, fallback: number, range: [number, number]) {
  return value === undefined ? fallback : parseWholeNumber(value, input, range);
}

const SWITCH_WORDS: Readonly<Record<string, boolean>> = { on: true, true: true, off: false, false: false };

/** `on` or `off` (the CLI), `true` or `false` (the Action's inputs): one rule for both. */
export function parseSequential(value: string | undefined, input = '--sequential'): boolean {
  if (value === undefined || value.trim() === '') return SEQUENTIAL_DEFAULTS.on;
  const on = SWITCH_WORDS[value.trim().toLowerCase()];
  if (on === undefined) throw new InputError(input, value, 'is not on or off (true or false)');
  return on;
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
  const sequential = parseSequential(flags.sequential);
  const pairsDefault = sequential ? SEQUENTIAL_DEFAULTS.pairs : PAIRED_DEFAULTS.pairs;
  return {
    baseRef,
    // A sequential design's cap is at least its first look.
    pairs: parseCount(flags.pairs, '--pairs', pairsDefault, [
      sequential ? SEQUENTIAL_DEFAULTS.firstLook : 2,
      100,
    ]),
    sequential,
    alwaysMeasure: parseBoolean(flags['always-measure'], '--always-measure'),
    baseOut: flags['base-out'] ?? baseOutFor(out),
    ...(flags['verdicts-out'] ? { verdictsOut: flags['verdicts-out'] } : {}),
    seed: parseCount(flags.seed, '--seed', randomSeed(), [0, 2 ** 32 - 1]),
    threshold: parseThreshold(flags.threshold),
    alpha: parseAlpha(flags.alpha),
    gateMetrics: parseGateMetrics(flags['gate-metrics'] ?? GATE_METRICS_DEFAULT),
    onInconclusive: parseOnInconclusive(flags['on-inconclusive']),
    artifacts,
  };
}
