// "Did you mean": a command or option the command line does not know, said with the known names
// closest to it. Pure.
import { InputError, quote } from '../common/errors.js';

/**
 * Damerau–Levenshtein distance in its restricted form (optimal string alignment): insertions,
 * deletions, substitutions and swaps of two neighbours each count one edit (`--nics` is one edit
 * from `--nic`, `--direciton` one from `--direction`).
 */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]![j]!;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      rows[i]![j] = best;
    }
  return at(a.length, b.length);
}

/** Edits within which a known name is offered. */
const MAX_EDITS = 2;

/**
 * The names `given` most likely meant: the closest within MAX_EDITS edits (case aside), all of
 * them when several are as close; else the one name it begins, when only one does (`--thresh`).
 */
export function closestNames(given: string, known: readonly string[]): string[] {
  const typed = given.toLowerCase();
  const distances = known.map((name) => ({ name, edits: editDistance(typed, name.toLowerCase()) }));
  const fewest = Math.min(...distances.map(({ edits }) => edits));
  if (fewest <= MAX_EDITS) return distances.filter(({ edits }) => edits === fewest).map(({ name }) => name);
  const begun = typed === '' ? [] : known.filter((name) => name.toLowerCase().startsWith(typed));
  return begun.length === 1 ? begun : [];
}

/** `--nic`, `--nic or --pin`, `a, b or c` (or `and`). */
function listed(names: readonly string[], conjunction = 'or'): string {
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} ${conjunction} ${names.at(-1)!}`;
}

/** A command or option nicgate does not know. Bad input, exit code 2. */
export class UnknownNameError extends InputError {
  override readonly name = 'UnknownNameError';
  constructor(
    kind: 'command' | 'option',
    given: string,
    /** What to say after the name: a suggestion, or where to look. */
    readonly advice: string,
  ) {
    super(given, given, advice);
    this.message = `unknown ${kind} ${quote(given)}${advice}`;
  }
}

export function unknownCommand(given: string, commands: readonly string[]): UnknownNameError {
  const close = closestNames(given, commands);
  return new UnknownNameError(
    'command',
    given,
    close.length > 0 ? `; did you mean ${listed(close)}?` : `; the commands: ${commands.join(', ')}`,
  );
}

export interface UnknownOption {
  /** As typed: `--nics`, `-x`. */
  given: string;
  /** The command it was given to, if any. */
  command?: string;
  /** The flags that command takes, without their dashes. */
  flags: readonly string[];
  /** The other commands that take a flag of this name (`record --nic`: run and plan). */
  elsewhere: readonly string[];
}

export function unknownOption({ given, command, flags, elsewhere }: UnknownOption): UnknownNameError {
  const close = closestNames(given.replace(/^--?/, ''), flags).map((name) => `--${name}`);
  if (close.length > 0) return new UnknownNameError('option', given, `; did you mean ${listed(close)}?`);
  if (command === undefined)
    return new UnknownNameError('option', given, '; give a command first (nicgate --help lists them)');
  const owners = elsewhere.map((name) => `nicgate ${name}`);
  const theirs = owners.length > 0 ? ` (an option of ${listed(owners, 'and')})` : '';
  return new UnknownNameError(
    'option',
    given,
    ` for nicgate ${command}${theirs}; nicgate ${command} --help lists its options`,
  );
}
