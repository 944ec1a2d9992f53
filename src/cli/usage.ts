// The help texts: `nicgate --help` lists the commands, `nicgate <command> --help` one command's
// flags. Both are built from the command table and the flags' table (each line written once).
import type { OptionDoc } from '../config/options.js';
import { NICGATE_VERSION } from '../common/version.js';
import { COMMANDS, type CommandName, type CommandSpec } from './commands.js';
import { FLAG_DOCS, type FlagName } from './flags.js';

/** The widest flag column; a longer flag has its line below it. */
const MAX_FLAG_COLUMN = 26;

/** `--nic LIST`, or `--always-measure` for a switch. */
function flagWithValue(name: FlagName, doc: OptionDoc): string {
  return doc.value === undefined ? `--${name}` : `--${name} ${doc.value}`;
}

/** The flag's line for `command`: its own `about` where it has one. */
function docFor(command: CommandName, name: FlagName): OptionDoc {
  const doc: OptionDoc = FLAG_DOCS[name];
  const spec: CommandSpec = COMMANDS[command];
  const own = spec.about?.[name];
  return own === undefined ? doc : { ...(doc.value === undefined ? {} : { value: doc.value }), ...own };
}

/** `  --nic LIST    NIC models (qemu -device help); default virtio-net-pci,e1000`. */
function flagLines(command: CommandName, name: FlagName, column: number): string[] {
  const doc = docFor(command, name);
  const flag = flagWithValue(name, doc);
  const text = doc.fallback === undefined ? doc.text : `${doc.text}; default ${doc.fallback}`;
  return flag.length <= column
    ? [`  ${flag.padEnd(column)}  ${text}`]
    : [`  ${flag}`, `  ${''.padEnd(column)}  ${text}`];
}

/** Help's widest line of prose. */
const TEXT_WIDTH = 100;

/** `text` as lines of at most TEXT_WIDTH characters, broken between words (a longer word stays whole). */
function wrap(text: string, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > TEXT_WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, indent + line];
}

/** Exit codes of a command that judges (run, compare), and of the rest. */
const GATE_EXIT_CODES =
  'exit codes: 0 success, 1 a regression, a scenario not measured or judged (unless --on-error pass) or an inconclusive one (with --on-inconclusive fail), 2 bad input';
const EXIT_CODES = 'exit codes: 0 success, 1 a failure, 2 bad input';

/** `nicgate --help`: the commands, one line each. */
export function usageText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    `nicgate ${NICGATE_VERSION}: measure TCP throughput of QEMU guests per NIC model and tuning profile`,
    '',
    'usage: nicgate <command> [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`),
    '',
    "nicgate <command> --help (or nicgate help <command>) lists that command's options.",
    '',
    ...wrap(GATE_EXIT_CODES),
    '',
  ].join('\n');
}

/** `nicgate <command> --help`: the command's flags, each with its line and default. */
export function commandHelp(command: CommandName): string {
  const spec: CommandSpec = COMMANDS[command];
  const widths = spec.groups.flatMap(({ flags }) =>
    flags.map((name) => flagWithValue(name, docFor(command, name)).length),
  );
  const column = Math.min(MAX_FLAG_COLUMN, Math.max(0, ...widths));
  const groups = spec.groups.flatMap(({ title, flags }) => [
    '',
    `${title}:`,
    ...flags.flatMap((name) => flagLines(command, name, column)),
  ]);
  const notes = spec.notes ?? [];
  return [
    `nicgate ${command}: ${spec.summary}`,
    '',
    `usage: nicgate ${command}${spec.groups.length > 0 ? ' [options]' : ''}`,
    ...groups,
    ...notes.flatMap((note) => ['', ...wrap(note)]),
    '',
    ...wrap(spec.judges ? GATE_EXIT_CODES : EXIT_CODES),
    '',
  ].join('\n');
}
