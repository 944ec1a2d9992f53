// Comma-separated list inputs (`--nic a,b`, `--profile stock,tuned`) share one splitting rule.
import { InputError } from '../common/errors.js';

/** Splits on commas and trims; an empty entry (`a,,b`, a trailing comma) is a typo, so it is an error. */
export function splitList(input: string, spec: string): string[] {
  const entries = spec.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => entry === '')) {
    throw new InputError(input, spec, 'has an empty entry (check for doubled or trailing commas)');
  }
  return entries;
}

/** Each name becomes part of a scenario key, so a repeated name would produce two scenarios with one key. */
export function rejectDuplicates(input: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new InputError(input, name, 'is listed more than once');
    seen.add(name);
  }
}
