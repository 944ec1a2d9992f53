// Holm's correction over one family of tests that spans metrics as well as scenarios: a job that
// gates throughput, UDP loss and latency in 6 scenarios makes 18 tests, and a false regression in
// any of them fails the build, so all 18 share one correction (holm.ts), not one per metric.
import { holmAdjust } from './holm.js';

/** One test of the family: the scenario and the metric it judged, and its raw p-value. */
export interface FamilyTest {
  scenario: string;
  metric: string;
  pValue: number;
}

export interface AdjustedFamilyTest extends FamilyTest {
  /** Holm-adjusted over every test of the family; reject where it is at most alpha. */
  adjusted: number;
}

/**
 * Holm-adjusted p-values over the whole family, in the input order. Each (scenario, metric) may
 * appear once: a second p-value for the same pair would be counted as a test of its own and
 * weaken the correction of every other one without anyone noticing.
 */
export function holmAdjustFamily(tests: readonly FamilyTest[]): AdjustedFamilyTest[] {
  const seen = new Set<string>();
  for (const { scenario, metric } of tests) {
    const key = JSON.stringify([scenario, metric]);
    if (seen.has(key)) throw new RangeError(`the family tests ${metric} in scenario ${scenario} twice`);
    seen.add(key);
  }
  const adjusted = holmAdjust(tests.map((test) => test.pValue));
  return tests.map((test, index) => ({ ...test, adjusted: adjusted[index]! }));
}
