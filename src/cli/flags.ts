// Every flag the command line takes, with its help line: the run options' and the paired gate's
// from their own tables (config/), the baseline and report commands' here. The parser, the help
// text and the switches (flags without a value) all read this one table.
import { OPTION_DOCS, type OptionDoc } from '../config/options.js';
import { PAIRED_DOCS } from '../config/paired-options.js';
import { BASELINE_WINDOW_DEFAULT, GATE_DEFAULTS } from '../model/defaults.js';

/** The flags of compare, record and report, and `--on-error` (run and compare). */
const COMMAND_LINE_DOCS = {
  results: { value: 'FILE', text: "this run's results file (required)" },
  baseline: { value: 'FILE', text: "a baseline file, or another run's results file" },
  'baseline-dir': { value: 'DIR', text: 'or: a directory of baselines (nicgate record), with --branch' },
  branch: { value: 'NAME', text: 'the branch whose baseline to use' },
  'fallback-branch': { value: 'NAME', text: 'the branch to try when that one has none (e.g. main)' },
  'allow-environment-change': {
    value: 'true|false',
    text: 'compare across accelerator/guest kernel changes',
    fallback: 'false',
  },
  'on-error': {
    value: 'X',
    text: 'a scenario not measured or not judged: fail or pass',
    fallback: GATE_DEFAULTS.onError,
  },
  window: { value: 'RUNS', text: 'runs the baseline keeps', fallback: String(BASELINE_WINDOW_DEFAULT) },
  'run-id': {
    value: 'ID',
    text: 'the run in the baseline; a later one of this id replaces it',
    fallback: 'its timestamp',
  },
  commit: { value: 'SHA', text: 'the commit measured', fallback: "the results file's" },
  verdicts: { value: 'FILE', text: 'the verdicts file (compare --out, run --verdicts-out)' },
} as const satisfies Record<string, OptionDoc>;

export const FLAG_DOCS = { ...OPTION_DOCS, ...PAIRED_DOCS, ...COMMAND_LINE_DOCS } as const;

export type FlagName = keyof typeof FLAG_DOCS;

/** A switch takes no value: given means true. */
export function isSwitch(name: string): boolean {
  return Object.hasOwn(FLAG_DOCS, name) && FLAG_DOCS[name as FlagName].value === undefined;
}
