// A scenario's median and range as the reports read them: the stored summary, else one computed
// from its finite samples. A scenario with neither failed.
import type { ScenarioResult } from '../model/results.js';
import { summarize, type Summary } from '../stats/summary.js';

export function summaryOf(s: ScenarioResult): Summary | undefined {
  if (s.summary !== undefined) return s.summary;
  const finite = s.samples.filter((x) => Number.isFinite(x));
  return finite.length > 0 ? summarize(finite) : undefined;
}

export function isFailed(s: ScenarioResult): boolean {
  return s.error !== undefined || summaryOf(s) === undefined;
}

/** Failures first, each group in its original order. */
export function failuresFirst(scenarios: readonly ScenarioResult[]): ScenarioResult[] {
  return [...scenarios.filter(isFailed), ...scenarios.filter((s) => !isFailed(s))];
}
