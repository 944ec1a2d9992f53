// The sequential rule's verdicts: the kind is the rule's look at the pairs a scenario stopped with,
// the reason reads as the fixed rule's do (`change over N pairs (95% CI `), errors are the same.
import { decideSequential, sequentialDesignOf } from '../../src/verdicts/sequential-verdict.js';
import { lookAt } from '../../src/verdicts/sequential.js';

const settings = { threshold: 0.04, alpha: 0.01 };
const design = { firstLook: 3, cap: 12, tests: 1 };
const KEY = 'linux/e1000/tuned/lan/send';

/** Pairs with base 400 Mbit/s and the head's figures given. */
const pairs = (head: number[]) => ({ key: KEY, base: head.map(() => 400e6), head });

describe('decideSequential', () => {
  it('calls a regression the look settles, in the words of the fixed rule, with its numbers', () => {
    const head = [360e6, 362e6, 358e6, 361e6];
    const [verdict] = decideSequential([pairs(head)], settings, design);
    const look = lookAt(
      head.map((h) => Math.log(h / 400e6)),
      settings,
      design,
    );
    expect(look.kind).toBe('regression');
    expect(verdict).toMatchObject({
      kind: 'regression',
      relativeChange: look.change,
      confidenceInterval: { level: 0.95, low: look.low, high: look.high },
      baselineMedian: 400e6,
      baselineCount: 4,
      currentCount: 4,
      method: 'exact',
    });
    expect(verdict!.reason).toMatch(
      /^a -9\.\d% change over 4 pairs \(95% CI -\d+\.\d% to -\d+\.\d%, repeated\) crossed the boundary of look 2 of 10 \(\|t\| = [\d.]+ >= [\d.]+; alpha spent Pocock-type\) and is beyond ±4\.0%$/,
    );
    expect((verdict as { pValue: number }).pValue).toBeLessThan(0.01);
  });

  it('calls an improvement, and divides alpha over the scenarios judged (Bonferroni)', () => {
    const [verdict] = decideSequential([pairs([440e6, 442e6, 438e6])], settings, { ...design, tests: 3 });
    expect(verdict!.kind).toBe('improvement');
    expect(verdict!.reason).toContain('change over 3 pairs (95% CI ');
    expect(verdict!.reason).toContain('Bonferroni over 3 scenarios');
  });

  it('says unchanged when the repeated interval lies within the threshold', () => {
    const head = [401e6, 399e6, 400.5e6, 399.5e6, 400e6, 400.2e6];
    const [verdict] = decideSequential([pairs(head)], settings, design);
    expect(verdict!.kind).toBe('unchanged');
    expect(verdict!.reason).toMatch(
      /^the repeated 95% CI -0\.4% to \+0\.4% of the change over 6 pairs lies within ±4\.0% \(look 4 of 10\)$/,
    );
  });

  it('leaves what the cap did not settle inconclusive, saying why', () => {
    const head = [440e6, 360e6, 420e6, 380e6];
    const [verdict] = decideSequential([pairs(head)], settings, { ...design, cap: 4 });
    expect(verdict!.kind).toBe('inconclusive');
    expect(verdict!.reason).toMatch(
      /^a [-+]?\d+\.\d% change over 4 pairs \(95% CI .*, repeated\) has \|t\| = /,
    );
    expect(verdict!.reason).toMatch(
      /below the boundary of look 2 of 2 .* reaches beyond ±4\.0%; measure more pairs$/,
    );
  });

  it('cannot judge fewer pairs than the first look (a cap stopped replacing): inconclusive, with why', () => {
    const [verdict] = decideSequential([pairs([300e6, 300e6])], settings, design);
    expect(verdict).toMatchObject({
      kind: 'inconclusive',
      reason: '2 pairs cannot be judged: the first look needs 3; measure more pairs',
      relativeChange: expect.closeTo(-0.25, 10),
    });
    expect(verdict).not.toHaveProperty('pValue');
  });

  it('keeps the errors of the fixed rule', () => {
    const [none, bad] = decideSequential(
      [
        { key: KEY, base: [], head: [] },
        { key: KEY, base: [1, 2, 3], head: [1, 0, 3] },
      ],
      settings,
      design,
    );
    expect(none).toEqual({
      key: KEY,
      kind: 'error',
      error: 'no pairs were measured',
      reason: 'cannot compare: no pairs were measured',
    });
    expect(bad).toMatchObject({ kind: 'error', error: 'a block figure is not a positive bit rate' });
  });

  it('judges the first pairs up to the cap when more were kept', () => {
    const head = [360e6, 362e6, 358e6, 361e6, 300e6];
    const [verdict] = decideSequential([pairs(head)], settings, { ...design, cap: 4 });
    expect(verdict).toMatchObject({ currentCount: 4 });
  });
});

describe('sequentialDesignOf', () => {
  it('reads the recorded design, and nothing for the fixed one or none', () => {
    expect(sequentialDesignOf({ sequential: true, firstLook: 3, cap: 12, tests: 2 })).toEqual({
      firstLook: 3,
      cap: 12,
      tests: 2,
    });
    expect(sequentialDesignOf({ sequential: true, cap: 10 })).toEqual({ firstLook: 3, cap: 10, tests: 1 });
    expect(sequentialDesignOf({ sequential: false, cap: 8 })).toBeUndefined();
    expect(sequentialDesignOf(undefined)).toBeUndefined();
  });
});
