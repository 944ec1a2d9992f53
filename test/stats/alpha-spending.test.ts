import { lookLevels, pocockSpending } from '../../src/stats/alpha-spending.js';

describe('pocockSpending', () => {
  it('spends alpha · ln(1 + (e − 1) t): all of it at t = 1, about 62% by half-way', () => {
    expect(pocockSpending(1, 0.01)).toBeCloseTo(0.01, 15);
    // ln(1 + 1.71828.../2) = 0.62011..., by hand.
    expect(pocockSpending(0.5, 0.01)).toBeCloseTo(0.0062011, 7);
  });

  it('refuses fractions outside (0, 1] and alphas outside (0, 1)', () => {
    for (const t of [0, -0.1, 1.1, Number.NaN]) expect(() => pocockSpending(t, 0.01)).toThrow(RangeError);
    for (const alpha of [0, 1, Number.NaN]) expect(() => pocockSpending(0.5, alpha)).toThrow(RangeError);
  });
});

describe('lookLevels', () => {
  it('gives each look the increase in spending, summing to alpha exactly at the last look', () => {
    const levels = lookLevels([3, 4, 5, 6, 7, 8], 0.01);
    expect(levels).toHaveLength(6);
    expect(levels[0]).toBeCloseTo(pocockSpending(3 / 8, 0.01), 15);
    expect(levels[1]).toBeCloseTo(pocockSpending(4 / 8, 0.01) - pocockSpending(3 / 8, 0.01), 15);
    expect(levels.reduce((sum, level) => sum + level, 0)).toBeCloseTo(0.01, 15);
    for (const level of levels) expect(level).toBeGreaterThan(0);
  });

  it('gives a single look all of alpha', () => {
    expect(lookLevels([8], 0.01)).toEqual([0.01]);
  });

  it('refuses no looks and information that does not increase', () => {
    expect(() => lookLevels([], 0.01)).toThrow(RangeError);
    expect(() => lookLevels([3, 3, 4], 0.01)).toThrow(RangeError);
    expect(() => lookLevels([0, 1], 0.01)).toThrow(RangeError);
  });
});
