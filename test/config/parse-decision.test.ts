import {
  parseAlpha,
  parseBoolean,
  parseBranch,
  parseBranchGlobs,
  parseThreshold,
  parseWindow,
} from '../../src/config/parse-decision.js';
import { InputError } from '../../src/common/errors.js';

describe('decision inputs', () => {
  it('reads thresholds as percentages', () => {
    expect(parseThreshold(undefined)).toBe(0.04);
    expect(parseThreshold('5')).toBeCloseTo(0.05);
    expect(parseThreshold('7.5%')).toBeCloseTo(0.075);
    expect(() => parseThreshold('0')).toThrow('--threshold: "0" is not a percentage');
    expect(() => parseThreshold('abc', 'threshold')).toThrow('threshold: "abc"');
    expect(() => parseThreshold('150')).toThrow(InputError);
  });

  it('reads alpha', () => {
    expect(parseAlpha('')).toBe(0.01);
    expect(parseAlpha('0.05')).toBe(0.05);
    expect(() => parseAlpha('0.5')).toThrow('--alpha: "0.5"');
    expect(() => parseAlpha('-1')).toThrow(InputError);
  });

  it('reads window and booleans', () => {
    expect(parseWindow('3')).toBe(3);
    expect(() => parseWindow('0')).toThrow('--window: "0" is not a whole number between 1 and 50');
    expect(parseBoolean('TRUE', 'x')).toBe(true);
    expect(parseBoolean('', 'x')).toBe(false);
    expect(() => parseBoolean('yes', 'fail-on-regression')).toThrow(
      'fail-on-regression: "yes" is not true or false',
    );
  });

  it('reads branch globs and branch names', () => {
    expect(parseBranchGlobs('main, release/*\nhotfix/**')).toEqual(['main', 'release/*', 'hotfix/**']);
    expect(parseBranch('feature/a-b')).toBe('feature/a-b');
    for (const bad of ['', 'a..b', '-x', 'a b', 'x.lock', 'a:b', '../etc']) {
      expect(() => parseBranch(bad)).toThrow(InputError);
    }
  });
});
