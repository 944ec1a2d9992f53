// The metrics a run can measure and gate, one record each: what it means, its unit, which way is
// better, how a base and a head figure are compared, and the smallest change that counts.
// docs/metrics.md explains each choice; metric-change.ts holds the comparisons.
//
// Runs measure `throughput` and, asked, `tcp-stats` (shown, not gated); `udp` and `latency` are
// not wired yet (config/metrics.ts refuses them). Every threshold but throughput's is a
// placeholder, to be replaced by one measured the way throughput's was (A/A false alarms and
// caught changes over recorded pairs, docs/benchmarks.md).
import { z } from 'zod';
import { DECISION_DEFAULTS } from './defaults.js';

/** What the `metrics` input names: each group adds its measurements and the metrics read from them. */
export const METRIC_GROUPS = ['throughput', 'udp', 'latency', 'tcp-stats'] as const;
export type MetricGroup = (typeof METRIC_GROUPS)[number];

export const METRIC_NAMES = [
  'throughput',
  'udp-rate',
  'udp-loss',
  'udp-jitter',
  'latency-p50',
  'latency-p95',
  'latency-increase',
  'retransmits',
  'rtt-mean',
  'rtt-max',
  'cwnd-max',
] as const;
export const metricNameSchema = z.enum(METRIC_NAMES);
export type MetricName = z.infer<typeof metricNameSchema>;

export type MetricDirection = 'higher-is-better' | 'lower-is-better';

/**
 * How one pair (a block's base and head figures) becomes the number the paired test runs on:
 * - `log-ratio`: ln(head / base), shown as a relative change; figures that are never 0;
 * - `count-log-ratio`: ln((head + 1) / (base + 1)), shown as a relative change of count + 1;
 *   counts that can be 0, where a plain ratio would divide by zero;
 * - `difference`: head - base in the metric's own unit; figures that can be 0 or below and are
 *   already a rate or a time (loss in percent, jitter, an RTT increase).
 */
export type MetricComparison = 'log-ratio' | 'count-log-ratio' | 'difference';

export interface MetricDefinition {
  group: MetricGroup;
  /** One line for reports and docs. */
  meaning: string;
  unit: string;
  direction: MetricDirection;
  comparison: MetricComparison;
  /**
   * The smallest change that counts: a share for the ratio comparisons (0.04 = 4%), the metric's
   * unit for `difference` (1 = one percentage point of loss).
   */
  defaultThreshold: number;
  /** Judged by the gate unless asked otherwise; TCP's own figures are shown, not gated. */
  gatedByDefault: boolean;
}

// Thresholds other than throughput's: placeholders until measured (see the header).
export const METRICS: Readonly<Record<MetricName, MetricDefinition>> = {
  throughput: {
    group: 'throughput',
    meaning: 'TCP bits per second the receiver counted',
    unit: 'bit/s',
    direction: 'higher-is-better',
    comparison: 'log-ratio',
    defaultThreshold: DECISION_DEFAULTS.threshold,
    gatedByDefault: true,
  },
  'udp-rate': {
    group: 'udp',
    meaning: 'UDP bits per second delivered at the target rate',
    unit: 'bit/s',
    direction: 'higher-is-better',
    comparison: 'log-ratio',
    defaultThreshold: 0.04,
    gatedByDefault: true,
  },
  'udp-loss': {
    group: 'udp',
    meaning: 'UDP datagrams lost, in percent of those sent',
    unit: '%',
    direction: 'lower-is-better',
    comparison: 'difference',
    defaultThreshold: 1,
    gatedByDefault: true,
  },
  'udp-jitter': {
    group: 'udp',
    meaning: "the UDP receiver's smoothed inter-arrival jitter",
    unit: 'ms',
    direction: 'lower-is-better',
    comparison: 'difference',
    defaultThreshold: 0.5,
    gatedByDefault: true,
  },
  'latency-p50': {
    group: 'latency',
    meaning: 'median round-trip time to the guest during a TCP repetition',
    unit: 'ms',
    direction: 'lower-is-better',
    comparison: 'log-ratio',
    defaultThreshold: 0.2,
    gatedByDefault: true,
  },
  'latency-p95': {
    group: 'latency',
    meaning: '95th percentile round-trip time to the guest during a TCP repetition',
    unit: 'ms',
    direction: 'lower-is-better',
    comparison: 'log-ratio',
    defaultThreshold: 0.25,
    gatedByDefault: true,
  },
  'latency-increase': {
    group: 'latency',
    meaning: 'median round-trip time under load minus the idle median just before',
    unit: 'ms',
    direction: 'lower-is-better',
    comparison: 'difference',
    defaultThreshold: 10,
    gatedByDefault: true,
  },
  retransmits: {
    group: 'tcp-stats',
    meaning: 'TCP segments the sender retransmitted in a repetition',
    unit: 'segments',
    direction: 'lower-is-better',
    comparison: 'count-log-ratio',
    defaultThreshold: 0.5,
    gatedByDefault: false,
  },
  'rtt-mean': {
    group: 'tcp-stats',
    meaning: "the sender's smoothed RTT, averaged over the measured intervals",
    unit: 'µs',
    direction: 'lower-is-better',
    comparison: 'log-ratio',
    defaultThreshold: 0.2,
    gatedByDefault: false,
  },
  'rtt-max': {
    group: 'tcp-stats',
    meaning: "the sender's largest smoothed RTT at the end of a measured interval",
    unit: 'µs',
    direction: 'lower-is-better',
    comparison: 'log-ratio',
    defaultThreshold: 0.25,
    gatedByDefault: false,
  },
  'cwnd-max': {
    group: 'tcp-stats',
    meaning: "the sender's largest congestion window at the end of a measured interval",
    unit: 'bytes',
    direction: 'higher-is-better',
    comparison: 'log-ratio',
    defaultThreshold: 0.2,
    gatedByDefault: false,
  },
};

/** The metrics a group adds, in METRIC_NAMES order. */
export function metricsOfGroup(group: MetricGroup): MetricName[] {
  return METRIC_NAMES.filter((name) => METRICS[name].group === group);
}
