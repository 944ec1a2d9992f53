// The usage text, built from the command table and the defaults (each written once, elsewhere).
import { formatPercent } from '../common/format.js';
import { NICGATE_VERSION } from '../common/version.js';
import {
  BASELINE_WINDOW_DEFAULT,
  DECISION_DEFAULTS,
  GATE_DEFAULTS,
  PAIRED_DEFAULTS,
  RUN_DEFAULTS,
} from '../model/defaults.js';
import { COMMANDS } from './commands.js';

const RUN_FLAGS: readonly [flag: string, text: string, fallback?: keyof typeof RUN_DEFAULTS][] = [
  ['--guest LIST', 'linux, debian-12, or a BSD (nicgate plan only)', 'guest'],
  ['--nic LIST', 'NIC models (qemu -device help)', 'nic'],
  ['--profile LIST', 'stock, tuned, or sysctl.conf files', 'profile'],
  ['--link LIST', 'lan, rtt=<ms>[,loss=<pct>][,rate=<bits>]', 'link'],
  ['--direction LIST', 'send (guest sends), receive, both', 'direction'],
  ['--duration SEC', 'measured seconds per repetition', 'duration'],
  ['--omit SEC', 'warm-up seconds iperf3 leaves out', 'omit'],
  ['--repetitions N', 'samples per scenario', 'repetitions'],
  ['--streams N', 'parallel TCP streams', 'streams'],
  ['--accel MODE', 'auto, kvm or tcg', 'accel'],
  ['--pin MODE', 'auto (vCPU on a core of its own) or off', 'pin'],
  ['--guest-start MODE', 'restore (a saved guest) or cold', 'guest-start'],
  ['--kernel PATH', 'your own guest kernel image (bzImage)'],
  ['--kernel-modules DIR', 'its /lib/modules/<release> directory'],
  ['--image PATH[,PATH]', 'your own disk image, qcow2 or raw (nicgate plan only)'],
  ['--image-os OS', 'its OS: linux, freebsd, netbsd, openbsd, dragonfly', 'image-os'],
  ['--image-name LIST', 'its short name in scenario keys (default: base name)'],
  ['--config FILE', 'nicgate.yml with the same keys (flags win)'],
  ['--out FILE', 'results file', 'out'],
  ['--work-dir DIR', 'guest image cache and console logs', 'work-dir'],
  ['--allow-work-dir-in-checkout', 'let --work-dir lie inside a git work tree'],
];

/** Shared by run (plain and paired) and compare. */
const ON_ERROR_USAGE: [string, string, string] = [
  '--on-error X',
  'a scenario not measured or not judged: fail or pass',
  GATE_DEFAULTS.onError,
];

const PAIRED_USAGE: readonly [flag: string, text: string, fallback?: string][] = [
  ['--base-ref REF', 'measure REF against the working tree in this run'],
  ['--pairs N', 'interleaved blocks per changed scenario', String(PAIRED_DEFAULTS.pairs)],
  ['--always-measure', 'measure scenarios whose inputs did not change too'],
  ['--verdicts-out FILE', 'write the verdicts file'],
  ['--base-out FILE', "the base side's results", 'beside --out (.base.json)'],
  ['--seed N', "seed of the blocks' ABBA/BAAB orders", 'random, recorded'],
  ['--threshold PCT', 'smallest change that counts', formatPercent(DECISION_DEFAULTS.threshold)],
  ['--alpha P', 'significance level (Holm across the matrix)', String(DECISION_DEFAULTS.alpha)],
  ['--on-inconclusive X', 'pass or fail', GATE_DEFAULTS.onInconclusive],
  ['--base-kernel PATH', "the base side's kernel (default: --kernel for both)"],
  ['--base-kernel-modules D', 'its /lib/modules/<release> directory'],
  ['--base-image PATH', "the base side's own image, beside --image"],
];

const COMPARE_FLAGS: readonly [flag: string, text: string, fallback?: string][] = [
  ['--results FILE', "this run's results file (required)"],
  ['--baseline FILE', "a baseline file, or another run's results file"],
  ['--baseline-dir DIR', 'or: a directory of baselines, with'],
  ['  --branch NAME', 'the branch whose baseline to use'],
  ['  --fallback-branch N', 'the branch to try when that one has none (e.g. main)'],
  ['--threshold PCT', 'smallest change that counts', formatPercent(DECISION_DEFAULTS.threshold)],
  ['--alpha P', 'significance level of the one-sided test', String(DECISION_DEFAULTS.alpha)],
  ['--allow-environment-change true', 'compare across accelerator/guest kernel changes'],
  ['--on-inconclusive X', 'pass or fail', GATE_DEFAULTS.onInconclusive],
  ON_ERROR_USAGE,
  ['--out FILE', 'write the verdicts file'],
];

function rows(entries: readonly (readonly [string, string, string?])[]): string[] {
  return entries.map(([flag, text, fallback]) => {
    const line = `  ${flag.padEnd(22)} ${text}`;
    return fallback === undefined ? line : `${line.padEnd(66)} default ${fallback}`;
  });
}

export function usageText(): string {
  const commands = Object.entries(COMMANDS).map(
    ([name, { summary }]) =>
      `  nicgate ${`${name}${name === 'setup' || name === 'cleanup' ? '' : ' [options]'}`.padEnd(19)} ${summary}`,
  );
  return [
    `nicgate ${NICGATE_VERSION}: measure TCP throughput of QEMU guests per NIC model and tuning profile`,
    '',
    'usage:',
    ...commands,
    '',
    'run options (lists are comma-separated):',
    ...rows(RUN_FLAGS.map(([flag, text, key]) => [flag, text, key && RUN_DEFAULTS[key]] as const)),
    ...rows([ON_ERROR_USAGE]),
    '',
    `paired run options (nicgate run --base-ref; --duration defaults to ${PAIRED_DEFAULTS.durationSec} here):`,
    ...rows(PAIRED_USAGE),
    '',
    'compare options:',
    ...rows(COMPARE_FLAGS),
    '',
    'record options:',
    `  --results FILE --baseline-dir DIR --branch NAME [--window RUNS (default ${BASELINE_WINDOW_DEFAULT})] [--run-id ID] [--commit SHA]`,
    '',
    'Run state (the ledgers cleanup works from) lives outside the work directory: $NICGATE_STATE_DIR,',
    'else $RUNNER_TEMP/nicgate-state, /run/nicgate for root, $XDG_STATE_HOME/nicgate or ~/.local/state/nicgate.',
    '',
    'exit codes: 0 success, 1 a regression, a scenario not measured or judged (unless --on-error pass) or an inconclusive one (with --on-inconclusive fail), 2 bad input',
    '',
  ].join('\n');
}
