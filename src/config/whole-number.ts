// The one parser of whole-number inputs (measurement settings, pairs, seed, baseline window), so
// every refusal reads alike: the input's name, the value quoted, the range.
import { InputError } from '../common/errors.js';

/**
 * `value` as a whole number in [min, max]. Digits only, blanks around them allowed: Number() would
 * also take '1e3', '0x10' and '', which nobody means as a count.
 */
export function parseWholeNumber(
  value: string,
  input: string,
  [min, max]: readonly [number, number],
): number {
  const text = value.trim();
  const number = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(number >= min && number <= max))
    throw new InputError(input, value, `is not a whole number between ${min} and ${max}`);
  return number;
}
