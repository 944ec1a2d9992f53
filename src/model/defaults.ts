// Every default, written once: flags, action inputs, usage text and action.yml (checked by a test)
// all read them from here.

/** `nicgate run` options as text, keyed by flag name (the Action's inputs of the same names). */
export const RUN_DEFAULTS = {
  guest: 'linux',
  nic: 'virtio-net-pci,e1000',
  profile: 'stock,tuned',
  // A WAN path with a rate: every default scenario then has a ceiling below what the emulated
  // CPU manages, so it measures steadily under TCG (docs/benchmarks.md, noise anatomy), and the buffers of
  // `tuned` still lift throughput (about 1.5x over `stock`, whose window binds at 100 ms).
  link: 'rtt=100ms,rate=300mbit',
  direction: 'send',
  duration: '5',
  omit: '1',
  repetitions: '5',
  streams: '1',
  // Throughput alone; `tcp-stats` adds TCP's own figures from the same transfers (docs/metrics.md).
  metrics: 'throughput',
  accel: 'auto',
  pin: 'auto',
  'guest-start': 'restore',
  // The OS of the user's own image (`--image`): which OS folder supplies its machine, NICs and tuning.
  'image-os': 'linux',
  // `none`: the image carries nicgate's hook itself (docs/guest-contract.md) and is measured as it boots.
  'image-prepare': 'auto',
  out: 'results.json',
  // Shown as written; the path comes from defaultWorkDir (config/work-dir.ts), outside any checkout.
  'work-dir': '$XDG_CACHE_HOME/nicgate',
  'allow-work-dir-in-checkout': 'false',
} as const;

/**
 * The work directory when none is given: `$XDG_CACHE_HOME/nicgate`, else `~/.cache/nicgate`; never
 * inside a checkout, whose committed files a root run would meet there. The Action's default is
 * `$RUNNER_TEMP/nicgate` (action/inputs.ts).
 */
export const WORK_DIR_DEFAULT = { variable: 'XDG_CACHE_HOME', underHome: '.cache', name: 'nicgate' } as const;

/**
 * What the gate does beyond regressions: a scenario it could not judge (no pairs, a guest that never
 * came up, iperf3 that never connected) fails the job unless `on-error: pass`; an inconclusive
 * verdict passes with a warning unless `on-inconclusive: fail`.
 */
export const GATE_DEFAULTS = { onError: 'fail', onInconclusive: 'pass' } as const;

/** Smallest relative change that counts (0.05 = 5%), and the one-sided test's significance level. */
export const DECISION_DEFAULTS = { threshold: 0.04, alpha: 0.01 } as const;

/** The metric groups the gate judges (`--gate-metrics`); `tcp-stats` is shown, not gated. */
export const GATE_METRICS_DEFAULT = 'throughput';

/**
 * How many recent runs a baseline keeps: twice the stored rule's minimum history, so a baseline
 * still holds enough runs of one testbed when a runner pool mixes two CPU models.
 */
export const BASELINE_WINDOW_DEFAULT = 20;

/**
 * The stored-baseline rule (verdicts/stored.ts), which judges a run's median against the medians
 * of earlier runs on the same testbed:
 * - `minHistory`: runs of history below which a verdict gives numbers only, never a failure;
 * - `scaleFloor`: the smallest run-to-run spread assumed, as a share of the history's median, so a
 *   history of identical medians does not give a band of zero width;
 * - `probeScaleFloor`: the same for the host CPU probe scores (a probe repeats to about 1–2%);
 * - `outsideCpuCores`: cores busy outside nicgate while a run measures above which its verdict is
 *   "environment differs" (quiet runs here: 0 to 0.3; a one-core neighbour: about 1).
 */
export const STORED_DEFAULTS = {
  minHistory: 10,
  scaleFloor: 0.005,
  probeScaleFloor: 0.01,
  outsideCpuCores: 0.5,
} as const;

/** The Action's own defaults where they differ from the CLI's or exist only there. */
export const ACTION_DEFAULTS = {
  mode: 'auto',
  out: 'nicgate-results.json',
  verdictsOut: 'nicgate-verdicts.json',
  reportOut: 'nicgate-report.md',
  failOnRegression: true,
  commentOnPr: true,
  /** `comment`: a new sticky comment unless nothing was measured; an existing one always updated. */
  comment: 'on-change',
  /** Guest images and saved guests kept in the Actions cache from run to run. */
  guestCache: true,
} as const;

/**
 * The paired gate (base and head measured in one job): pairs per changed scenario, each side's
 * repetitions per block, seconds per repetition when `--duration` is not given, and the blocks'
 * disturbance rule (engine/blocks.ts): a side below 0.85 of its own other blocks' median while the
 * other side was not, or a gap in outside CPU between the two sides of more than this share of the
 * host's cores. Disturbed blocks are replaced until the pairs are kept, within `blocksPerPair`
 * blocks per pair asked for and `maxScenarioSeconds` per scenario (the verdict says when a cap
 * stopped it). An inconclusive verdict names a busy host: `busyCores` or more cores busy outside
 * nicgate (median over the kept blocks), where a pair's spread grows tenfold (docs/benchmarks.md).
 */
export const PAIRED_DEFAULTS = {
  pairs: 8,
  perSide: 2,
  durationSec: 2,
  slowRatio: 0.85,
  outsideCpuGapShare: 0.25,
  blocksPerPair: 2,
  maxScenarioSeconds: 900,
  busyCores: 0.5,
} as const;

/**
 * The sequential paired rule (verdicts/sequential.ts), on unless `--sequential off`: a changed
 * scenario is looked at after every kept pair and stops once its verdict is settled, measuring at
 * most `pairs` pairs (the cap; `--pairs` sets it). Replayed from the recorded blocks (1000 jobs), a
 * cap of 12 catches 971 of 1000 5% drops, against 902 for the fixed design's 8 pairs; a cap of 8
 * catches only 838 (docs/benchmarks.md). `--sequential off` keeps the fixed design (PAIRED_DEFAULTS).
 * The first look comes at `firstLook` kept pairs: the disturbed-block rule judges a block from 3,
 * and t needs 2 degrees of freedom; so the cap is at least that.
 */
export const SEQUENTIAL_DEFAULTS = { on: true, pairs: 12, firstLook: 3 } as const;

/**
 * The largest image `--image` takes. The file: nicgate reads it whole for its content hash before
 * every run (16 GiB is minutes on a runner's disk) and a GitHub-hosted runner has about 14 GB of
 * free disk. The virtual size: QEMU runs the image as a snapshot whose writes go to a temporary
 * file, which a guest filling its disk could grow to this size.
 */
export const IMAGE_LIMITS = { fileBytes: 16 * 1024 ** 3, virtualBytes: 64 * 1024 ** 3 } as const;
