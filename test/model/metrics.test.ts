import { DECISION_DEFAULTS } from '../../src/model/defaults.js';
import {
  METRIC_GROUPS,
  METRIC_NAMES,
  METRICS,
  metricNameSchema,
  metricsOfGroup,
  type MetricName,
} from '../../src/model/metrics.js';

describe('METRICS', () => {
  it('has one record per name, each in a known group with a positive threshold', () => {
    expect(Object.keys(METRICS).sort()).toEqual([...METRIC_NAMES].sort());
    for (const name of METRIC_NAMES) {
      expect(METRIC_GROUPS).toContain(METRICS[name].group);
      expect(METRICS[name].defaultThreshold).toBeGreaterThan(0);
      expect(METRICS[name].meaning.length).toBeGreaterThan(10);
    }
  });

  it.each<[MetricName, string]>([
    ['throughput', 'higher-is-better'],
    ['udp-rate', 'higher-is-better'],
    ['cwnd-max', 'higher-is-better'],
    ['udp-loss', 'lower-is-better'],
    ['udp-jitter', 'lower-is-better'],
    ['latency-p50', 'lower-is-better'],
    ['latency-p95', 'lower-is-better'],
    ['latency-increase', 'lower-is-better'],
    ['retransmits', 'lower-is-better'],
    ['rtt-mean', 'lower-is-better'],
    ['rtt-max', 'lower-is-better'],
  ])('%s: %s', (name, direction) => {
    expect(METRICS[name].direction).toBe(direction);
  });

  it('compares what can be zero without a plain ratio', () => {
    expect(METRICS['udp-loss'].comparison).toBe('difference');
    expect(METRICS['udp-jitter'].comparison).toBe('difference');
    expect(METRICS['latency-increase'].comparison).toBe('difference');
    expect(METRICS.retransmits.comparison).toBe('count-log-ratio');
  });

  it("keeps throughput's measured threshold, and gates TCP's own figures only when asked", () => {
    expect(METRICS.throughput.defaultThreshold).toBe(DECISION_DEFAULTS.threshold);
    const shownOnly = METRIC_NAMES.filter((name) => !METRICS[name].gatedByDefault);
    expect(shownOnly).toEqual(metricsOfGroup('tcp-stats'));
  });

  it('splits the names among the groups', () => {
    expect(metricsOfGroup('throughput')).toEqual(['throughput']);
    expect(metricsOfGroup('udp')).toEqual(['udp-rate', 'udp-loss', 'udp-jitter']);
    expect(metricsOfGroup('latency')).toEqual(['latency-p50', 'latency-p95', 'latency-increase']);
    expect(metricsOfGroup('tcp-stats')).toEqual(['retransmits', 'rtt-mean', 'rtt-max', 'cwnd-max']);
    expect(METRIC_GROUPS.flatMap(metricsOfGroup).sort()).toEqual([...METRIC_NAMES].sort());
  });

  it('reads metric names, and refuses others', () => {
    expect(metricNameSchema.parse('udp-loss')).toBe('udp-loss');
    expect(metricNameSchema.safeParse('loss').success).toBe(false);
  });
});
