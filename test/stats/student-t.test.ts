import { readFileSync } from 'node:fs';
import { studentTQuantile, studentTSurvival } from '../../src/stats/student-t.js';

// Written by fixtures/stats/make-stored-reference.py (scipy.stats.t.sf and t.ppf).
const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/stats/stored-reference.json', import.meta.url), 'utf8'),
) as {
  tSurvival: { t: number; df: number; survival: number }[];
  tQuantiles: { p: number; df: number; quantile: number }[];
};

const relative = (actual: number, expected: number): number =>
  expected === 0 ? Math.abs(actual) : Math.abs(actual / expected - 1);

describe('studentTSurvival', () => {
  it.each(reference.tSurvival)(
    'matches scipy.stats.t.sf($t, $df) in relative terms',
    ({ t, df, survival }) => {
      expect(relative(studentTSurvival(t, df), survival)).toBeLessThan(1e-10);
    },
  );

  it('is 1/2 at 0, complementary around it, and 0 or 1 at the infinities', () => {
    expect(studentTSurvival(0, 4.2)).toBe(0.5);
    expect(studentTSurvival(1.7, 3.3) + studentTSurvival(-1.7, 3.3)).toBeCloseTo(1, 14);
    expect(studentTSurvival(Number.POSITIVE_INFINITY, 3)).toBe(0);
    expect(studentTSurvival(Number.NEGATIVE_INFINITY, 3)).toBe(1);
    expect(studentTSurvival(Number.NaN, 3)).toBeNaN();
  });

  it('has the Cauchy tail in closed form at one degree of freedom', () => {
    for (const t of [0.2, 1, 3, 40])
      expect(studentTSurvival(t, 1)).toBeCloseTo(0.5 - Math.atan(t) / Math.PI, 14);
  });

  it('refuses degrees of freedom that are not positive and finite', () => {
    for (const df of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => studentTSurvival(1, df)).toThrow(RangeError);
  });
});

describe('studentTQuantile', () => {
  it.each(reference.tQuantiles.filter(({ quantile }) => quantile !== 0))(
    'matches scipy.stats.t.ppf($p, $df)',
    ({ p, df, quantile }) => {
      expect(relative(studentTQuantile(p, df), quantile)).toBeLessThan(1e-10);
    },
  );

  it.each(reference.tQuantiles.filter(({ quantile }) => quantile === 0))(
    'is exactly 0 where scipy.stats.t.ppf($p, $df) is',
    ({ p, df }) => {
      expect(studentTQuantile(p, df)).toBe(0);
    },
  );

  it('inverts the survival function', () => {
    for (const df of [0.8, 3.675, 12])
      for (const p of [0.6, 0.99, 0.999999])
        expect(1 - studentTSurvival(studentTQuantile(p, df), df)).toBeCloseTo(p, 13);
  });

  it('refuses probabilities outside (0, 1)', () => {
    for (const p of [0, 1, -0.1, 1.5, Number.NaN]) expect(() => studentTQuantile(p, 5)).toThrow(RangeError);
  });
});
