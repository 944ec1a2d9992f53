import { readFileSync } from 'node:fs';
import { holmAdjustFamily, type FamilyTest } from '../../src/stats/holm-family.js';
import { holmAdjust } from '../../src/stats/holm.js';

interface ReferenceCase {
  name: string;
  tests: FamilyTest[];
  adjusted: number[];
}

// Written by fixtures/stats/make-metrics-reference.py: statsmodels' multipletests(method='holm'),
// checked there against a direct implementation of the definition.
const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/stats/holm-family-reference.json', import.meta.url), 'utf8'),
) as { cases: ReferenceCase[] };

describe('holmAdjustFamily against statsmodels', () => {
  it.each(reference.cases)('$name', ({ tests, adjusted }) => {
    const result = holmAdjustFamily(tests);
    expect(result.map(({ scenario, metric, pValue }) => ({ scenario, metric, pValue }))).toEqual(tests);
    result.forEach((test, i) => expect(test.adjusted).toBeCloseTo(adjusted[i]!, 15));
  });
});

describe('holmAdjustFamily', () => {
  const scenarios = ['linux/e1000/stock/default/send', 'linux/virtio-net-pci/tuned/default/send'];

  it('corrects across metrics and scenarios together, not per metric', () => {
    const tests = scenarios.flatMap((scenario) =>
      ['throughput', 'udp-loss', 'latency-p95'].map((metric, i) => ({
        scenario,
        metric,
        pValue: 0.004 * (i + 1),
      })),
    );
    const result = holmAdjustFamily(tests);
    expect(result.map((test) => test.adjusted)).toEqual(holmAdjust(tests.map((test) => test.pValue)));
    // The smallest of six tests gets the factor 6; per metric it would have been 2.
    expect(result[0]!.adjusted).toBeCloseTo(6 * 0.004, 15);
  });

  it('names a (scenario, metric) given twice', () => {
    const twice = [
      { scenario: scenarios[0]!, metric: 'udp-loss', pValue: 0.01 },
      { scenario: scenarios[1]!, metric: 'udp-loss', pValue: 0.02 },
      { scenario: scenarios[0]!, metric: 'udp-loss', pValue: 0.03 },
    ];
    expect(() => holmAdjustFamily(twice)).toThrow(`tests udp-loss in scenario ${scenarios[0]} twice`);
  });

  it('keeps keys apart that only a naive join would merge', () => {
    const tests = [
      { scenario: 'a/b', metric: 'c', pValue: 0.01 },
      { scenario: 'a', metric: 'b/c', pValue: 0.02 },
    ];
    expect(holmAdjustFamily(tests)).toHaveLength(2);
  });

  it('handles an empty family and refuses values that are not probabilities', () => {
    expect(holmAdjustFamily([])).toEqual([]);
    expect(() => holmAdjustFamily([{ scenario: 'a', metric: 'throughput', pValue: 2 }])).toThrow(RangeError);
  });
});
