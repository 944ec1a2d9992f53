import { decidePaired, type PairedScenario } from '../../src/verdicts/paired.js';

const settings = { threshold: 0.05, alpha: 0.01 };
const BASE = [800e6, 790e6, 810e6, 805e6, 795e6, 800e6, 812e6, 798e6];

/** Head = base × factor, each pair nudged a little so the ratios differ. */
function scenario(key: string, factor: number, count = BASE.length): PairedScenario {
  const base = BASE.slice(0, count);
  return { key, base, head: base.map((b, i) => b * factor * (1 + (i % 3) * 0.002)) };
}

describe('decidePaired', () => {
  it('calls a 10% drop in every one of 8 pairs a regression: exact p = 2^-8', () => {
    const verdict = decidePaired([scenario('linux/e1000/tuned/rtt50ms/send', 0.9)], settings)[0]!;
    expect(verdict.kind).toBe('regression');
    if (verdict.kind !== 'regression') throw new Error('unreachable');
    expect(verdict.pValue).toBe(2 ** -8);
    expect(verdict.method).toBe('exact');
    expect(verdict.relativeChange).toBeCloseTo(-0.098, 2);
    expect(verdict.confidenceInterval.high).toBeLessThan(-0.05);
    expect(verdict.baselineCount).toBe(8);
    expect(verdict.reason).toContain('Holm-adjusted');
  });

  it('calls an A/A job unchanged when the whole interval lies within the threshold', () => {
    const [verdict] = decidePaired([scenario('aa', 1.0)], settings);
    expect(verdict!.kind).toBe('unchanged');
    expect(verdict!.reason).toMatch(/95% CI .* lies within ±5\.0%/);
  });

  it('is inconclusive when too few pairs could ever reach alpha (5 pairs: p >= 2^-5)', () => {
    const [verdict] = decidePaired([scenario('few', 0.8, 5)], settings);
    expect(verdict!.kind).toBe('inconclusive');
    expect(verdict!.reason).toContain('smallest possible p = 0.031');
  });

  it('corrects across the matrix with Holm: three equal drops need 3 x 2^-8 < alpha', () => {
    const two = decidePaired([scenario('a', 0.9), scenario('b', 0.9)], settings);
    expect(two.map((v) => v.kind)).toEqual(['regression', 'regression']);
    expect(two.map((v) => ('pValue' in v ? v.pValue : undefined))).toEqual([2 ** -7, 2 ** -7]);
    const three = decidePaired([scenario('a', 0.9), scenario('b', 0.9), scenario('c', 0.9)], settings);
    expect(three.map((v) => v.kind)).toEqual(['inconclusive', 'inconclusive', 'inconclusive']);
    expect(three[0]!.reason).toContain(
      'cannot reach p < 0.01 (smallest possible p = 0.012, Holm-adjusted over 3 scenarios)',
    );
  });

  it('says when Holm over the matrix leaves too few pairs to ever reach alpha (4 x 2^-7 > 0.01)', () => {
    const four = decidePaired(
      ['a', 'b', 'c', 'd'].map((key) => scenario(key, 0.8, 7)),
      settings,
    );
    expect(four.map((v) => v.kind)).toEqual(['inconclusive', 'inconclusive', 'inconclusive', 'inconclusive']);
    expect(four[0]!.reason).toContain('smallest possible p = 0.031, Holm-adjusted over 4 scenarios');
  });

  it('calls a significant change within the threshold inconclusive unless its interval is inside too', () => {
    const [small] = decidePaired([scenario('small', 0.97)], settings);
    expect(small!.kind).toBe('unchanged');
    const [improved] = decidePaired([scenario('up', 1.12)], settings);
    expect(improved!.kind).toBe('improvement');
  });

  it('answers error for pairs that do not line up or are not bit rates', () => {
    expect(decidePaired([{ key: 'x', base: [1, 2], head: [1] }], settings)[0]).toMatchObject({
      kind: 'error',
      error: '2 base blocks but 1 head blocks',
    });
    expect(decidePaired([{ key: 'z', base: [0], head: [1] }], settings)[0]!.kind).toBe('error');
  });
});
