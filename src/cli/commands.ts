// The commands and their flags, as one table: the parser, the usage text and the dispatcher all
// read it.
import { OPTION_NAMES } from '../config/options.js';
import { PAIRED_FLAGS } from '../config/paired-options.js';

/** Flags that take no value: given means true. */
export const BOOLEAN_FLAGS: ReadonlySet<string> = new Set(['always-measure', 'allow-work-dir-in-checkout']);

export const COMMANDS = {
  run: {
    summary: 'boot guests, measure, write the results file; with --base-ref, judge against that commit',
    flags: [...OPTION_NAMES, ...PAIRED_FLAGS, 'on-error'],
  },
  plan: {
    summary:
      'print each scenario with its QEMU command line and what its guest is asked to do; boots nothing',
    flags: [...OPTION_NAMES],
  },
  setup: { summary: 'install the host packages nicgate needs (apt-get, via sudo -n)', flags: [] },
  compare: {
    summary: 'compare a results file with a baseline; exit 1 on a regression',
    flags: [
      'results',
      'baseline',
      'baseline-dir',
      'branch',
      'fallback-branch',
      'out',
      'threshold',
      'alpha',
      'allow-environment-change',
      'on-error',
      'on-inconclusive',
    ],
  },
  record: {
    summary: "add a results file to a branch's baseline in a directory",
    flags: ['results', 'baseline-dir', 'branch', 'window', 'run-id', 'commit'],
  },
  cleanup: { summary: 'remove leftovers (VMs, taps, namespaces) of runs that died', flags: [] },
} as const satisfies Record<string, { summary: string; flags: readonly string[] }>;

export type CommandName = keyof typeof COMMANDS;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}
