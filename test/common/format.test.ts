import {
  formatBitrate,
  formatChange,
  formatDuration,
  formatPercent,
  formatPValue,
  formatProbability,
  spreadPercent,
} from '../../src/common/format.js';

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

describe('formatBitrate', () => {
  it.each([
    [3.2104e9, '3.21 Gbit/s'],
    [402e6, '402 Mbit/s'],
    [900e3, '900 kbit/s'],
    [12e6, '12.0 Mbit/s'],
    [999.7e6, '1.00 Gbit/s'],
    [22e12, '22.0 Tbit/s'],
    [500, '500 bit/s'],
    [0, '0 bit/s'],
    [Number.NaN, 'n/a'],
  ])('%d -> %s', (bps, text) => {
    expect(formatBitrate(bps)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [45, '45s'],
    [80, '1m20s'],
    [65, '1m05s'],
    [7500, '2h05m'],
    [-3, '0s'],
  ])('%d s -> %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('spreadPercent', () => {
  it('is the widest deviation from the median, in percent of it', () => {
    expect(spreadPercent({ median: 100, min: 97, max: 101 })).toBeCloseTo(3);
    expect(spreadPercent({ median: 100, min: 99, max: 105 })).toBeCloseTo(5);
  });

  it('is 0 for a zero median rather than a division by zero', () => {
    expect(spreadPercent({ median: 0, min: 0, max: 10 })).toBe(0);
  });
});
