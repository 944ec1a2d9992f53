// The commands and their flags, as one table: the parser, the help text and the dispatcher all
// read it. A flag's help line comes from FLAG_DOCS (flags.ts); a command where a flag means
// something of its own says so in `about`.
import type { OptionDoc } from '../config/options.js';
import { OPTION_NAMES } from '../config/options.js';
import { PAIRED_FLAGS } from '../config/paired-options.js';
import { DECISION_DEFAULTS, PAIRED_DEFAULTS, STORED_DEFAULTS } from '../model/defaults.js';
import type { FlagName } from './flags.js';

interface FlagGroup {
  /** The heading of the group in the command's help. */
  title: string;
  flags: readonly FlagName[];
}

export interface CommandSpec {
  /** One line, in `nicgate --help`. */
  summary: string;
  groups: readonly FlagGroup[];
  /** A flag's line and default where they differ for this command from FLAG_DOCS (its value stays). */
  about?: Partial<Record<FlagName, Omit<OptionDoc, 'value'>>>;
  /** Paragraphs after the options, each one line of help. */
  notes?: readonly string[];
  /** Whether it judges verdicts, so its exit code follows the gate (1 on a regression). */
  judges?: boolean;
}

/** What `plan --base-ref` shows the design from. */
const PLAN_PAIRED_FLAGS = ['base-ref', 'pairs', 'sequential', 'gate-metrics'] as const;

const RUN_GROUP: FlagGroup = { title: 'options (lists are comma-separated)', flags: OPTION_NAMES };

export const COMMANDS = {
  run: {
    summary: 'boot guests, measure, write the results file; with --base-ref, judge against that commit',
    groups: [
      { ...RUN_GROUP, flags: [...OPTION_NAMES, 'on-error'] },
      {
        title: `paired run: with --base-ref (--duration defaults to ${PAIRED_DEFAULTS.durationSec} here)`,
        flags: PAIRED_FLAGS,
      },
    ],
    judges: true,
  },
  plan: {
    summary:
      'print each scenario with its QEMU command line and what its guest is asked to do; boots nothing',
    groups: [
      RUN_GROUP,
      { title: 'paired run: with --base-ref, the design it would judge with', flags: PLAN_PAIRED_FLAGS },
    ],
    notes: ['plan checks its options as run does (bad input: exit 2), then prints what a run would do.'],
  },
  setup: { summary: 'install the host packages nicgate needs (apt-get, via sudo -n)', groups: [] },
  compare: {
    summary: 'compare a results file with a baseline; exit 1 on a regression',
    groups: [
      {
        title: 'options',
        flags: [
          'results',
          'baseline',
          'baseline-dir',
          'branch',
          'fallback-branch',
          'threshold',
          'alpha',
          'allow-environment-change',
          'on-inconclusive',
          'on-error',
          'out',
        ],
      },
    ],
    about: {
      alpha: { text: 'significance level of the stored rule', fallback: String(DECISION_DEFAULTS.alpha) },
      out: { text: 'write the verdicts file' },
    },
    notes: [
      `A baseline of ${STORED_DEFAULTS.minHistory} runs or more (nicgate record) is judged by the stored rule, as the Action judges its own: this run's median against the band of the baseline's run medians; a shorter history gives numbers only (inconclusive), except as follows.`,
      "Two single runs (--baseline naming another run's results file, or a baseline file of one run): a regression when every repetition of this run lies more than the threshold below every repetition of the baseline, an improvement when every one lies more than the threshold above; anything else is inconclusive, repetitions that all agree within the threshold too (one run each cannot show that nothing changed). Record more runs, or measure both sides in one job with nicgate run --base-ref.",
    ],
    judges: true,
  },
  record: {
    summary: "add a results file to a branch's baseline in a directory",
    groups: [
      { title: 'options', flags: ['results', 'baseline-dir', 'branch', 'window', 'run-id', 'commit'] },
    ],
    about: {
      results: { text: 'the results file to add (required)' },
      'baseline-dir': { text: 'the directory that keeps baselines (required; created if missing)' },
      branch: { text: 'the branch whose baseline it joins (required)' },
    },
  },
  report: {
    summary: 'render the pull-request comment from a results file and a verdicts file',
    groups: [{ title: 'options', flags: ['results', 'verdicts', 'out'] }],
    about: {
      results: { text: 'the results file the report shows (required)' },
      verdicts: { text: 'its verdicts file (compare --out, run --verdicts-out); without it, results only' },
      out: { text: 'write the markdown to FILE', fallback: 'standard output' },
    },
    notes: ['The markdown is the comment the Action posts on a pull request, size limit included.'],
  },
  cleanup: {
    summary: 'remove leftovers (VMs, taps, namespaces) of runs that died',
    groups: [],
    notes: [
      'Run state (the ledgers cleanup works from) lives outside the work directory: $NICGATE_STATE_DIR, else $RUNNER_TEMP/nicgate-state, /run/nicgate for root, $XDG_STATE_HOME/nicgate or ~/.local/state/nicgate.',
    ],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Every flag `command` takes, in the order its help lists them. */
export function flagsOf(command: CommandName): readonly FlagName[] {
  const spec: CommandSpec = COMMANDS[command];
  return spec.groups.flatMap((group) => group.flags);
}
