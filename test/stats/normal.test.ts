import { readFileSync } from 'node:fs';
import { standardNormalSurvival } from '../../src/stats/normal.js';

interface NormalCase {
  z: number;
  survival: number;
}

const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/stats/normal-reference.json', import.meta.url), 'utf8'),
) as { cases: NormalCase[] };

describe('standardNormalSurvival', () => {
  it.each(reference.cases)('matches scipy.stats.norm.sf($z) in relative terms', ({ z, survival }) => {
    expect(standardNormalSurvival(z) / survival).toBeCloseTo(1, 10);
  });

  it('is 1/2 at 0 and complementary around it', () => {
    expect(standardNormalSurvival(0)).toBe(0.5);
    expect(standardNormalSurvival(1.3) + standardNormalSurvival(-1.3)).toBeCloseTo(1, 14);
  });
});
