// Every default, written once: flags, action inputs, usage text and action.yml (checked by a test)
// all read them from here.

/** `nicgate run` options as text, keyed by flag name (the Action's inputs of the same names). */
export const RUN_DEFAULTS = {
  nic: 'virtio-net-pci,e1000',
  profile: 'stock,tuned',
  link: 'rtt=50ms',
  direction: 'send',
  duration: '5',
  omit: '1',
  repetitions: '5',
  streams: '1',
  accel: 'auto',
  pin: 'auto',
  out: 'results.json',
  'work-dir': '.nicgate',
} as const;

/** Smallest relative change that counts (0.05 = 5%), and the one-sided test's significance level. */
export const DECISION_DEFAULTS = { threshold: 0.05, alpha: 0.01 } as const;

/** How many recent runs a baseline keeps. */
export const BASELINE_WINDOW_DEFAULT = 5;

/** The Action's own defaults where they differ from the CLI's or exist only there. */
export const ACTION_DEFAULTS = {
  mode: 'auto',
  out: 'nicgate-results.json',
  verdictsOut: 'nicgate-verdicts.json',
  reportOut: 'nicgate-report.md',
  failOnRegression: true,
  commentOnPr: true,
} as const;
