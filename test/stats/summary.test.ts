import { summarize } from '../../src/stats/summary.js';

describe('summarize', () => {
  it('takes the middle of an odd count', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
  });

  it('averages the middle two of an even count', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  });

  it('handles one sample', () => {
    expect(summarize([7])).toEqual({ median: 7, min: 7, max: 7 });
  });

  it('does not reorder the caller list', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('throws on an empty list and on values that are not numbers', () => {
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => summarize([1, Number.NaN])).toThrow(RangeError);
  });
});
