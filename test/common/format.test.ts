import { formatChange, formatPercent, formatPValue, formatProbability } from '../../src/common/format.js';

describe('formatChange', () => {
  it('signs the percentage and keeps one decimal', () => {
    expect(formatChange(-0.0724)).toBe('-7.2%');
    expect(formatChange(0.1)).toBe('+10.0%');
    expect(formatChange(0)).toBe('0.0%');
  });

  it('does not print "-0.0%" for a change that rounds to nothing', () => {
    expect(formatChange(-0.0004)).toBe('0.0%');
    expect(formatChange(0.0004)).toBe('0.0%');
  });
});

describe('formatPercent', () => {
  it('writes a fraction as a percentage', () => {
    expect(formatPercent(0.05)).toBe('5.0%');
  });
});

describe('formatPValue', () => {
  it('keeps two significant digits', () => {
    expect(formatPValue(0.0012345)).toBe('p = 0.0012');
    expect(formatPValue(0.0812)).toBe('p = 0.081');
    expect(formatPValue(0.05)).toBe('p = 0.05');
    expect(formatPValue(1)).toBe('p = 1');
  });

  it('does not spell out tiny p-values', () => {
    expect(formatPValue(6.4e-5)).toBe('p < 0.0001');
    expect(formatPValue(0)).toBe('p < 0.0001');
    expect(formatProbability(1e-9)).toBe('< 0.0001');
  });
});
