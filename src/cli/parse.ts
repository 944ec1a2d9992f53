// The command line -> command and flags. Pure. Every problem is an InputError naming the flag.
import { parseArgs } from 'node:util';
import { InputError, quote } from '../common/errors.js';
import { BOOLEAN_FLAGS, COMMANDS, isCommandName, type CommandName } from './commands.js';

export type ParsedCommandLine =
  | { kind: 'help'; requested: boolean }
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

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const first = argv[0];
  const named = first !== undefined && !first.startsWith('-') ? first : undefined;
  if (named === 'help') return { kind: 'help', requested: true };
  if (named !== undefined && !isCommandName(named))
    throw new InputError('command', named, `is not a nicgate command (${Object.keys(COMMANDS).join(', ')})`);
  const flagNames: readonly string[] = named ? COMMANDS[named].flags : [];
  const options = Object.fromEntries(
    flagNames.map((name) => [
      name,
      { type: BOOLEAN_FLAGS.has(name) ? ('boolean' as const) : ('string' as const) },
    ]),
  );
  let values: Record<string, string | boolean | undefined>;
  let tokens: readonly OptionToken[];
  try {
    const parsed = parseArgs({
      args: joinDashValues(named ? argv.slice(1) : argv, new Set(flagNames)),
      options: { ...options, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
      allowPositionals: false,
      strict: true,
      tokens: true,
    });
    values = parsed.values as Record<string, string | boolean | undefined>;
    tokens = parsed.tokens.filter((token) => token.kind === 'option');
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const flag = text.match(/'(-[^' ]+)/)?.[1] ?? text.match(/"([^"]+)"/)?.[1] ?? argv.join(' ');
    throw new InputError(
      named ? `nicgate ${named}` : 'command line',
      flag,
      `is not understood (${text.split('.')[0]}); see nicgate --help`,
      { cause: error },
    );
  }
  refuseRepeats(tokens);
  const { help, version, ...given } = values;
  if (version) return { kind: 'version' };
  if (help || named === undefined) return { kind: 'help', requested: Boolean(help) };
  const flags: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (value === true && BOOLEAN_FLAGS.has(name)) {
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
