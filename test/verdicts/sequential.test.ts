import { readFileSync } from 'node:fs';
import type { DecisionSettings } from '../../src/model/verdicts.js';
import { createRandom } from '../../src/stats/random.js';
import {
  lookAt,
  sequentialBoundaries,
  type SequentialDesign,
  type SequentialLook,
} from '../../src/verdicts/sequential.js';
import { normalSample } from '../stats/normal-sample.js';

/** The rule applied block by block, as the paired loop applies it: the first look that stops, or the last one. */
function firstStop(
  ratios: readonly number[],
  settings: DecisionSettings,
  design: SequentialDesign,
): SequentialLook {
  let look = lookAt(ratios.slice(0, Math.min(design.firstLook, ratios.length)), settings, design);
  for (let pairs = design.firstLook + 1; !look.stop && pairs <= Math.min(ratios.length, design.cap); pairs++)
    look = lookAt(ratios.slice(0, pairs), settings, design);
  return look;
}

// Written by fixtures/stats/make-sequential-reference.py (Pocock-type shares and scipy.stats.t.ppf).
const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/stats/sequential-reference.json', import.meta.url), 'utf8'),
) as {
  designs: {
    firstLook: number;
    cap: number;
    alpha: number;
    tests: number;
    looks: { pairs: number; test: number; interval: number }[];
  }[];
};

const settings = { threshold: 0.04, alpha: 0.01 };
const design = { firstLook: 3, cap: 8, tests: 1 };

describe('sequentialBoundaries', () => {
  it.each(reference.designs)(
    'match the boundaries computed with scipy for looks $firstLook..$cap at alpha $alpha over $tests tests',
    ({ firstLook, cap, alpha, tests, looks }) => {
      const boundaries = sequentialBoundaries({ firstLook, cap, tests }, alpha);
      expect(boundaries.map((b) => b.pairs)).toEqual(looks.map((l) => l.pairs));
      boundaries.forEach((b, k) => {
        expect(Math.abs(b.test / looks[k]!.test - 1)).toBeLessThan(1e-9);
        expect(Math.abs(b.interval / looks[k]!.interval - 1)).toBeLessThan(1e-9);
      });
    },
  );

  it('refuses a first look under 2 pairs, a cap below it, and a matrix of no tests', () => {
    expect(() => sequentialBoundaries({ firstLook: 1, cap: 8, tests: 1 }, 0.01)).toThrow(RangeError);
    expect(() => sequentialBoundaries({ firstLook: 5, cap: 4, tests: 1 }, 0.01)).toThrow(RangeError);
    expect(() => sequentialBoundaries({ firstLook: 3, cap: 8, tests: 0 }, 0.01)).toThrow(RangeError);
  });
});

describe('lookAt', () => {
  it('goes on before the first look', () => {
    const look = lookAt([-0.5, -0.5], settings, design);
    expect(look).toMatchObject({ stop: false, kind: 'inconclusive', pairs: 2 });
    expect(look.reason).toContain('before the first look');
  });

  it('stops at the first look on a large, steady drop', () => {
    const look = lookAt([-0.7, -0.69, -0.71], settings, design);
    expect(look).toMatchObject({ stop: true, kind: 'regression', pairs: 3 });
    expect(look.change).toBeCloseTo(Math.expm1(-0.7), 12);
    expect(look.reason).toContain('after 3 pairs');
  });

  it('calls a steady rise an improvement', () => {
    expect(lookAt([0.3, 0.31, 0.29, 0.3], settings, design)).toMatchObject({
      stop: true,
      kind: 'improvement',
    });
  });

  it('needs |t| at its boundary: the same mean with more spread goes on', () => {
    // mean −0.1, t = 0.1 / (s / √3); the first look's boundary is t(2) at 0.4973%: 9.95.
    const steady = lookAt([-0.09, -0.1, -0.11], settings, design);
    const spread = lookAt([-0.05, -0.1, -0.15], settings, design);
    expect(steady.statistic).toBeCloseTo(-0.1 / (0.01 / Math.sqrt(3)), 9);
    expect(steady.kind).toBe('regression');
    expect(spread).toMatchObject({ stop: false, kind: 'inconclusive' });
  });

  it('does not call a significant change within the threshold a regression', () => {
    const look = lookAt([-0.02, -0.021, -0.019, -0.02], settings, design);
    expect(Math.abs(look.statistic)).toBeGreaterThan(look.boundary);
    expect(look.kind).not.toBe('regression');
  });

  it('stops as unchanged when the repeated interval lies within ±threshold', () => {
    const look = lookAt([0.001, -0.002, 0.002, -0.001], settings, design);
    expect(look).toMatchObject({ stop: true, kind: 'unchanged' });
    expect(look.low).toBeGreaterThan(-0.04);
    expect(look.high).toBeLessThan(0.04);
    // The interval at look 2 (4 pairs) is the mean ± t(3) at its 0.307% share of 2.5% times the error.
    const error = Math.sqrt((0.001 ** 2 + 0.002 ** 2 + 0.002 ** 2 + 0.001 ** 2) / 3) / 2;
    expect(Math.log1p(look.high)).toBeCloseTo(6.938880049958494 * error, 9);
  });

  it('stops unsettled at the cap as inconclusive, and refuses pairs beyond it', () => {
    const noisy = [0.05, -0.05, 0.04, -0.06, 0.05, -0.04, 0.06, -0.05];
    expect(lookAt(noisy.slice(0, 7), settings, design)).toMatchObject({ stop: false, kind: 'inconclusive' });
    const last = lookAt(noisy, settings, design);
    expect(last).toMatchObject({ stop: true, kind: 'inconclusive', pairs: 8 });
    expect(last.reason).toContain('reached the cap of 8 pairs');
    expect(() => lookAt([...noisy, 0], settings, design)).toThrow(RangeError);
  });

  it('treats pairs that all agree as exact: significant unless zero', () => {
    expect(lookAt([-0.2, -0.2, -0.2], settings, design)).toMatchObject({ kind: 'regression' });
    expect(lookAt([0, 0, 0], settings, design)).toMatchObject({ stop: true, kind: 'unchanged' });
  });

  it('refuses ratios that are not finite', () => {
    expect(() => lookAt([0, Number.NaN, 0], settings, design)).toThrow(RangeError);
  });
});

describe('firstStop', () => {
  it('stops at the first look that settles, not later', () => {
    const ratios = [-0.7, -0.69, -0.71, 0.5, 0.5, 0.5, 0.5, 0.5];
    expect(firstStop(ratios, settings, design)).toMatchObject({ kind: 'regression', pairs: 3 });
  });

  // Under H0 (no change, normal log ratios), looking after every pair from 3 to the cap: the chance
  // of any false regression stays within the design's one-sided alpha. The bound allows three
  // standard errors of the simulation above it; a rule that tested every look at the full alpha
  // (a fixed-sample p first dipping below it) gives about 3% here and fails.
  it.each([
    { cap: 8, tests: 1 },
    { cap: 16, tests: 1 },
    { cap: 10, tests: 4 },
  ])(
    'keeps false regressions within alpha / tests under repeated looks (cap $cap, $tests tests)',
    ({ cap, tests }) => {
      const random = createRandom(20261207);
      const runs = 10000;
      const level = settings.alpha / tests;
      const looseDesign = { firstLook: 3, cap, tests };
      let regressions = 0;
      let improvements = 0;
      for (let run = 0; run < runs; run++) {
        const ratios = Array.from({ length: cap }, () => 0.02 * normalSample(random));
        const kind = firstStop(ratios, { threshold: 0, alpha: settings.alpha }, looseDesign).kind;
        if (kind === 'regression') regressions += 1;
        if (kind === 'improvement') improvements += 1;
      }
      const bound = level + 3 * Math.sqrt((level * (1 - level)) / runs);
      expect(regressions / runs).toBeLessThanOrEqual(bound);
      expect(improvements / runs).toBeLessThanOrEqual(bound);
    },
  );

  // Heavy, symmetric tails (a tenth of the pairs five times as spread, as slow boots give) make t
  // conservative: the rate stays within alpha.
  it('keeps false regressions within alpha when a tenth of the pairs are five times as spread', () => {
    const random = createRandom(7);
    const runs = 10000;
    let falseAlarms = 0;
    for (let run = 0; run < runs; run++) {
      const ratios = Array.from({ length: 12 }, () => (random() < 0.1 ? 0.1 : 0.02) * normalSample(random));
      const kind = firstStop(ratios, { threshold: 0, alpha: 0.01 }, { firstLook: 3, cap: 12, tests: 1 }).kind;
      if (kind === 'regression') falseAlarms += 1;
    }
    expect(falseAlarms / runs).toBeLessThanOrEqual(0.01 + 3 * Math.sqrt((0.01 * 0.99) / runs));
  });

  it('would break alpha if every look spent all of it (the simulation can tell)', () => {
    const random = createRandom(20261207);
    const runs = 10000;
    let regressions = 0;
    for (let run = 0; run < runs; run++) {
      const ratios = Array.from({ length: 16 }, () => normalSample(random));
      // Each look from 3 to 16 pairs at the full 1% fixed-sample t boundary of its own size.
      for (let n = 3; n <= 16; n++) {
        const sample = ratios.slice(0, n);
        const mean = sample.reduce((s, d) => s + d, 0) / n;
        const sd = Math.sqrt(sample.reduce((s, d) => s + (d - mean) ** 2, 0) / (n - 1));
        // One look alone spends all of alpha: the fixed-sample t test.
        const full = sequentialBoundaries({ firstLook: n, cap: n, tests: 1 }, 0.01)[0]!.test;
        if (mean / (sd / Math.sqrt(n)) <= -full) {
          regressions += 1;
          break;
        }
      }
    }
    expect(regressions / runs).toBeGreaterThan(0.02);
  });
});
