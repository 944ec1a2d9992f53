import { judgeChange, MetricValueError, pairStatistic, shownChange } from '../../src/model/metric-change.js';
import type { MetricName } from '../../src/model/metrics.js';

/** What a person reads for one pair, and how it is judged against the default threshold. */
function readOne(metric: MetricName, base: number, head: number): [number, string] {
  const change = shownChange(metric, pairStatistic(metric, base, head));
  return [change, judgeChange(metric, change)];
}

describe('zero figures', () => {
  // Loss: a difference in percentage points (threshold 1).
  it.each([
    [0, 0, 0, 'within'],
    [0, 3, 3, 'worse'],
    [3, 0, -3, 'better'],
    [0.2, 0.9, 0.7, 'within'],
  ])('udp-loss %d%% -> %d%%: %d points, %s', (base, head, change, judgement) => {
    const [shown, judged] = readOne('udp-loss', base, head);
    expect(shown).toBeCloseTo(change, 12);
    expect(judged).toBe(judgement);
  });

  // Retransmits: the ratio of count + 1 (threshold 50%).
  it.each([
    [0, 0, 0, 'within'],
    [0, 3, 3, 'worse'], // 4 / 1: +300%
    [3, 0, -0.75, 'better'], // 1 / 4: -75%
    [1000, 1100, 1101 / 1001 - 1, 'within'],
  ])('retransmits %d -> %d: %d, %s', (base, head, change, judgement) => {
    const [shown, judged] = readOne('retransmits', base, head);
    expect(shown).toBeCloseTo(change, 12);
    expect(judged).toBe(judgement);
  });

  it('finds a statistic for every zero case, never NaN or Infinity', () => {
    for (const metric of ['udp-loss', 'udp-jitter', 'latency-increase', 'retransmits'] as const) {
      for (const [base, head] of [
        [0, 0],
        [0, 3],
        [3, 0],
      ] as const) {
        expect(Number.isFinite(pairStatistic(metric, base, head))).toBe(true);
      }
    }
  });
});

describe('pairStatistic', () => {
  it('is ln(head / base) for rates, as the paired gate has always used', () => {
    expect(pairStatistic('throughput', 100e6, 95e6)).toBeCloseTo(Math.log(0.95), 15);
    expect(shownChange('throughput', Math.log(0.95))).toBeCloseTo(-0.05, 15);
  });

  it('is symmetric: swapping base and head negates it', () => {
    expect(pairStatistic('retransmits', 3, 0)).toBeCloseTo(-pairStatistic('retransmits', 0, 3), 15);
    expect(pairStatistic('latency-p95', 20, 30)).toBeCloseTo(-pairStatistic('latency-p95', 30, 20), 15);
  });

  it('refuses figures outside what the comparison takes, naming the metric', () => {
    expect(() => pairStatistic('throughput', 0, 1e6)).toThrow(MetricValueError);
    expect(() => pairStatistic('udp-rate', 1e6, 0)).toThrow('udp-rate: 0 is not a positive figure');
    expect(() => pairStatistic('retransmits', -1, 3)).toThrow('retransmits: -1 is not a count of 0 or more');
    expect(() => pairStatistic('udp-loss', Number.NaN, 3)).toThrow('udp-loss: NaN is not a finite figure');
    expect(() => pairStatistic('latency-p50', 1, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('takes a negative latency increase (the loaded median below the idle one)', () => {
    expect(pairStatistic('latency-increase', -0.5, 12)).toBe(12.5);
  });
});

describe('judgeChange', () => {
  it('reads a fall as worse where higher is better, and a rise where lower is better', () => {
    expect(judgeChange('throughput', -0.05)).toBe('worse');
    expect(judgeChange('throughput', 0.05)).toBe('better');
    expect(judgeChange('latency-p95', 0.3)).toBe('worse');
    expect(judgeChange('latency-p95', -0.3)).toBe('better');
    expect(judgeChange('cwnd-max', -0.5)).toBe('worse');
  });

  it('counts a change of exactly the threshold, as the paired rule does', () => {
    expect(judgeChange('throughput', -0.04)).toBe('worse');
    expect(judgeChange('throughput', -0.039)).toBe('within');
    expect(judgeChange('udp-loss', 1)).toBe('worse');
  });

  it('takes a threshold of its own, above 0', () => {
    expect(judgeChange('udp-jitter', 0.3, 0.2)).toBe('worse');
    expect(() => judgeChange('udp-jitter', 0.3, 0)).toThrow(RangeError);
    expect(() => judgeChange('udp-jitter', 0.3, Number.NaN)).toThrow(RangeError);
  });
});
