// The command line -> command and flags. Pure. Every problem is an InputError naming the flag.
import { parseArgs } from 'node:util';
import { InputError, quote } from '../common/errors.js';
import { COMMANDS, flagsOf, isCommandName, type CommandName } from './commands.js';
import { isSwitch } from './flags.js';
import { unknownCommand, unknownOption } from './unknown-name.js';

export type ParsedCommandLine =
  | { kind: 'help'; requested: boolean; command?: CommandName }
  | { kind: 'version' }
  | { kind: 'command'; command: CommandName; flags: Record<string, string> };

/**
 * `--duration -1` is the user's value -1, not an unknown flag `-1`: a value that starts with `-`
 * but is not a flag is joined to its flag (`--duration=-1`), so it reaches the flag's own check.
 */
function joinDashValues(args: readonly string[], flags: ReadonlySet<string>): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (name !== undefined && flags.has(name) && next !== undefined && /^-[^-]/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

interface OptionToken {
  name: string;
  value?: string | undefined;
}

/**
 * A flag given twice is a mistake (two settings that disagree, or a list meant as
 * `--nic a,b`), never "the last one wins". No flag of nicgate's is repeatable.
 */
function refuseRepeats(tokens: readonly OptionToken[]): void {
  const first = new Map<string, string>();
  for (const { name, value } of tokens) {
    const shown = value ?? 'true';
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, shown);
      continue;
    }
    throw new InputError(
      `--${name}`,
      shown,
      `is given more than once (first ${quote(earlier)}); give each flag once${value === undefined ? '' : ` (a list is comma-separated: --${name} a,b)`}`,
    );
  }
}

/** The options every command takes, beside its own. */
const GLOBAL_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function optionTypes(flagNames: readonly string[]) {
  return Object.fromEntries(
    flagNames.map((name) => [name, { type: isSwitch(name) ? ('boolean' as const) : ('string' as const) }]),
  );
}

/**
 * Refuses an option `command` does not take, with the ones closest to it. Read leniently first, so
 * the name is known exactly (parseArgs' own error is one sentence of English about it).
 */
function refuseUnknownOptions(args: readonly string[], command: CommandName | undefined): void {
  const flags = command ? flagsOf(command) : [];
  const { tokens } = parseArgs({
    args: [...args],
    options: { ...optionTypes(flags), ...GLOBAL_OPTIONS },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const known = new Set<string>([...flags, ...Object.keys(GLOBAL_OPTIONS)]);
  for (const token of tokens) {
    if (token.kind !== 'option' || known.has(token.name)) continue;
    // `-nic` reads as -n -i -c: the argument as typed says more than `-n`.
    const typed = args[token.index]!;
    const given = token.rawName.startsWith('--') ? token.rawName : typed.split('=')[0]!;
    const elsewhere = Object.keys(COMMANDS).filter(
      (other) =>
        other !== command && (flagsOf(other as CommandName) as readonly string[]).includes(token.name),
    );
    throw unknownOption({ given, flags, elsewhere, ...(command ? { command } : {}) });
  }
}

/** `nicgate help` and `nicgate help <command>`. */
function helpRequest(rest: readonly string[]): ParsedCommandLine {
  const [command, ...more] = rest;
  if (command === undefined) return { kind: 'help', requested: true };
  if (more.length > 0) throw new InputError('nicgate help', rest.join(' '), 'takes one command at most');
  if (!isCommandName(command)) throw unknownCommand(command, Object.keys(COMMANDS));
  return { kind: 'help', requested: true, command };
}

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const first = argv[0];
  const named = first !== undefined && !first.startsWith('-') ? first : undefined;
  if (named === 'help') return helpRequest(argv.slice(1));
  if (named !== undefined && !isCommandName(named)) throw unknownCommand(named, Object.keys(COMMANDS));
  const flagNames: readonly string[] = named ? flagsOf(named) : [];
  const args = named ? argv.slice(1) : argv;
  refuseUnknownOptions(args, named);
  let values: Record<string, string | boolean | undefined>;
  let tokens: readonly OptionToken[];
  try {
    const parsed = parseArgs({
      args: joinDashValues(args, new Set(flagNames)),
      options: { ...optionTypes(flagNames), ...GLOBAL_OPTIONS },
      allowPositionals: false,
      strict: true,
      tokens: true,
    });
    values = parsed.values as Record<string, string | boolean | undefined>;
    tokens = parsed.tokens.filter((token) => token.kind === 'option');
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const flag =
      text.match(/'(-[^' ]+)/)?.[1] ??
      text.match(/'([^']+)'/)?.[1] ??
      text.match(/"([^"]+)"/)?.[1] ??
      argv.join(' ');
    throw new InputError(
      named ? `nicgate ${named}` : 'command line',
      flag,
      `is not understood (${text.split('.')[0]}); see nicgate ${named ? `${named} ` : ''}--help`,
      { cause: error },
    );
  }
  refuseRepeats(tokens);
  const { help, version, ...given } = values;
  if (version) return { kind: 'version' };
  if (named === undefined) return { kind: 'help', requested: Boolean(help) };
  if (help) return { kind: 'help', requested: true, command: named };
  const flags: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (value === true && isSwitch(name)) {
      flags[name] = 'true';
      continue;
    }
    if (typeof value !== 'string') continue;
    // An explicit empty value is a mistake (a variable that expanded to nothing), never "the default".
    if (value.trim() === '')
      throw new InputError(`--${name}`, value, 'is empty; leave the flag out for its default');
    flags[name] = value;
  }
  return { kind: 'command', command: named, flags };
}
