// How large each kind of file nicgate reads may be (readInputFile refuses a larger one before
// reading it). Far above any real file of the kind, far below what would stall a runner.
const MiB = 1024 * 1024;

export const INPUT_FILE_CAPS = {
  /** nicgate.yml: a few dozen lines. */
  config: 1 * MiB,
  /** A sysctl.conf tuning profile: a few dozen lines. */
  profile: 1 * MiB,
  /** A results file: every sample of every scenario of a run (a 100-scenario run is about 1 MiB). */
  results: 64 * MiB,
  /** A verdicts file: one verdict per scenario. */
  verdicts: 16 * MiB,
  /** A baseline: up to the window's runs of results. */
  baseline: 128 * MiB,
  /** The workflow event payload (GitHub caps webhook payloads at 25 MB). */
  event: 32 * MiB,
} as const;
