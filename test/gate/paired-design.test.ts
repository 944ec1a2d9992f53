// The gate's design: the look it hands the engine is the sequential rule itself, at alpha divided
// over the scenarios measured (Bonferroni), and the fixed design is left as it was.
import { pairedDesign, pairedLoopSettings, pairsFor, sequentialLook } from '../../src/gate/paired-design.js';
import { lookAt } from '../../src/verdicts/sequential.js';

const settings = { threshold: 0.04, alpha: 0.01 };
/** Kept pairs of a 6% drop with some spread: settled at alpha 0.01, not at 0.01 / 4. */
const kept = {
  base: [400e6, 400e6, 400e6, 400e6],
  head: [376e6, 370e6, 380e6, 378e6],
};

describe('pairedDesign', () => {
  it('records sequential looks from 3 up to the cap, tested at alpha over the scenarios measured', () => {
    expect(pairedDesign(true, 12, 3)).toEqual({ sequential: true, firstLook: 3, cap: 12, tests: 3 });
    expect(pairedDesign(true, 12, 0)).toMatchObject({ tests: 1 });
    expect(pairedDesign(false, 8, 3)).toEqual({ sequential: false, cap: 8 });
  });
});

describe('sequentialLook', () => {
  const ratios = kept.head.map((h, i) => Math.log(h / kept.base[i]!));

  it('stops where the rule settles, with the look that did, and divides alpha over the scenarios', () => {
    const one = { firstLook: 3, cap: 12, tests: 1 };
    const four = { ...one, tests: 4 };
    // The rule itself decides: settled alone, not when alpha is shared by four scenarios.
    expect(lookAt(ratios, settings, one)).toMatchObject({ stop: true, kind: 'regression' });
    expect(lookAt(ratios, settings, four)).toMatchObject({ stop: false });
    expect(sequentialLook(one, settings).at('k', kept)).toEqual({
      stop: true,
      reason: 'settled: regression at look 2',
    });
    expect(sequentialLook(four, settings).at('k', kept)).toBeUndefined();
    expect(sequentialLook(four, settings).firstLook).toBe(3);
  });

  it('leaves an unsettled scenario at the cap to the loop (the verdict says it reached the cap)', () => {
    const flat = { base: [400e6, 400e6, 400e6], head: [430e6, 370e6, 401e6] };
    expect(lookAt([0.07, -0.08, 0], settings, { firstLook: 3, cap: 3, tests: 1 }).stop).toBe(true);
    expect(sequentialLook({ firstLook: 3, cap: 3, tests: 1 }, settings).at('k', flat)).toBeUndefined();
  });

  it('judges no more than the cap when a replacement lets an earlier block count again', () => {
    const look = sequentialLook({ firstLook: 3, cap: 3, tests: 1 }, settings);
    expect(() => look.at('k', kept)).not.toThrow();
  });
});

describe('pairsFor and the loop settings', () => {
  it('keeps the cap as given with sequential looks: t needs no more pairs for a larger matrix', () => {
    expect(pairsFor({ pairs: 12, alpha: 0.01, sequential: true }, 16, () => undefined)).toBe(12);
    expect(pairsFor({ pairs: 8, alpha: 0.01, sequential: false }, 4, () => undefined)).toBe(9);
  });

  it('hands the look to the loop only where there is one', () => {
    const look = sequentialLook({ firstLook: 3, cap: 12, tests: 1 }, settings);
    expect(pairedLoopSettings(12, 1, 2, look).look).toBe(look);
    expect('look' in pairedLoopSettings(8, 1)).toBe(false);
  });
});
