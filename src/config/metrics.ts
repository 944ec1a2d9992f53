// `metrics` (what a run measures) and `gate-metrics` (what the gate judges): lists of the metric
// groups of model/metrics.ts. Pure. One rule for both, and one place that says which groups are
// available yet: the rest of docs/metrics.md is refused by name until it is wired.
import { InputError } from '../common/errors.js';
import { METRIC_GROUPS, type MetricGroup } from '../model/metrics.js';
import { splitList } from './list.js';

/** The groups a run can measure today; `udp` and `latency` are not wired yet. */
export const MEASURED_GROUPS: readonly MetricGroup[] = ['throughput', 'tcp-stats'];

/** The groups the gate can judge today; `tcp-stats` waits for verdicts per metric. */
export const GATED_GROUPS: readonly MetricGroup[] = ['throughput'];

/**
 * A comma list of groups, in METRIC_GROUPS order, duplicates once. `throughput` is always in it,
 * named or not: it is what the gate judges, so no list can leave it out.
 */
function parseGroups(value: string, input: string, available: readonly MetricGroup[]): MetricGroup[] {
  const named = new Set<MetricGroup>(['throughput']);
  for (const token of splitList(input, value)) {
    const group = METRIC_GROUPS.find((name) => name === token.toLowerCase());
    if (group === undefined)
      throw new InputError(input, token, `is not a metric group (${METRIC_GROUPS.join(', ')})`);
    if (!available.includes(group))
      throw new InputError(input, token, `is not available yet; ${input} takes ${available.join(', ')}`);
    named.add(group);
  }
  return METRIC_GROUPS.filter((group) => named.has(group));
}

/** `--metrics` (input `metrics`): the groups each repetition measures. */
export function parseMetrics(value: string, input = '--metrics'): MetricGroup[] {
  return parseGroups(value, input, MEASURED_GROUPS);
}

/** `--gate-metrics` (input `gate-metrics`): the groups the verdicts judge. */
export function parseGateMetrics(value: string, input = '--gate-metrics'): MetricGroup[] {
  return parseGroups(value, input, GATED_GROUPS);
}
