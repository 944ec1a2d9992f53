import { readFileSync } from 'node:fs';
import { holmAdjust } from '../../src/stats/holm.js';
import { createRandom } from '../../src/stats/random.js';

interface ReferenceCase {
  name: string;
  pValues: number[];
  adjusted: number[];
}

// Written by fixtures/stats/make-paired-reference.py (a direct implementation of the definition).
const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/stats/holm-reference.json', import.meta.url), 'utf8'),
) as { cases: ReferenceCase[] };

describe('holmAdjust against reference values', () => {
  it.each(reference.cases)('$name', ({ pValues, adjusted }) => {
    const result = holmAdjust(pValues);
    expect(result).toHaveLength(adjusted.length);
    result.forEach((value, i) => expect(value).toBeCloseTo(adjusted[i]!, 15));
  });

  it('matches the textbook example exactly', () => {
    // Sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1, then the running maximum.
    expect(holmAdjust([0.01, 0.04, 0.03, 0.005])).toEqual([0.03, 0.06, 0.06, 0.02]);
  });
});

describe('holmAdjust properties', () => {
  const random = createRandom(31);
  const lists = [3, 10, 24, 60].map((m) => Array.from({ length: m }, () => random() ** 3));

  it.each(lists)('keeps the order of the raw p-values, never lowers one, caps at 1 (%#)', (...p) => {
    const adjusted = holmAdjust(p);
    for (let i = 0; i < p.length; i++) {
      expect(adjusted[i]).toBeGreaterThanOrEqual(p[i]!);
      expect(adjusted[i]).toBeLessThanOrEqual(1);
    }
    // Pairs (i, j) whose raw order the adjustment turned around.
    const reversed = p.flatMap((pi, i) =>
      p.flatMap((pj, j) => (pi <= pj && adjusted[i]! > adjusted[j]! ? [[i, j]] : [])),
    );
    expect(reversed).toEqual([]);
  });

  it.each(lists)('lies between the raw p-values and Bonferroni (%#)', (...p) => {
    const adjusted = holmAdjust(p);
    const smallest = Math.min(...p);
    // The smallest p-value gets exactly the Bonferroni factor.
    expect(adjusted[p.indexOf(smallest)]).toBe(Math.min(1, p.length * smallest));
    p.forEach((value, i) => expect(adjusted[i]).toBeLessThanOrEqual(Math.min(1, p.length * value)));
  });

  it('handles no tests and one test', () => {
    expect(holmAdjust([])).toEqual([]);
    expect(holmAdjust([0.2])).toEqual([0.2]);
  });

  it('rejects values that are not probabilities', () => {
    expect(() => holmAdjust([0.1, Number.NaN])).toThrow(RangeError);
    expect(() => holmAdjust([1.5])).toThrow(RangeError);
    expect(() => holmAdjust([-0.01])).toThrow(RangeError);
  });
});
