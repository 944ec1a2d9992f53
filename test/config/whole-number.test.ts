import { InputError } from '../../src/common/errors.js';
import { parseWholeNumber } from '../../src/config/whole-number.js';

describe('parseWholeNumber', () => {
  it('reads digits within the range, blanks around them allowed', () => {
    expect(parseWholeNumber('5', '--repetitions', [1, 1000])).toBe(5);
    expect(parseWholeNumber(' 8\n', 'pairs', [2, 100])).toBe(8);
    expect(parseWholeNumber('0', '--omit', [0, 60])).toBe(0);
    expect(parseWholeNumber('4294967295', '--seed', [0, 2 ** 32 - 1])).toBe(2 ** 32 - 1);
  });

  it.each(['', ' ', 'abc', '1.5', '1e3', '0x10', '-1', '+5', '5 5', '101'])(
    'refuses %j, naming the input and quoting the value',
    (value) => {
      const refusal = (): number => parseWholeNumber(value, '--pairs', [2, 100]);
      expect(refusal).toThrow(InputError);
      expect(refusal).toThrow(`--pairs: ${JSON.stringify(value)} is not a whole number between 2 and 100`);
    },
  );
});
