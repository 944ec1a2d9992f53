// Whether a results file's scenarios were measured in environments that cannot be compared with
// one another (a merged matrix where one job ran under KVM and another under TCG). Pure.
import { checkEnvironment } from '../model/environment.js';
import { scenarioEnvironment, type ResultsFile } from '../model/results.js';

/** Each blocking difference between the file's environment and a scenario's own, once. */
export function environmentSplits(results: ResultsFile): string[] {
  const splits = new Set<string>();
  for (const scenario of results.scenarios) {
    const own = scenarioEnvironment(results, scenario);
    if (own === results.environment) continue;
    for (const difference of checkEnvironment(results.environment, own).blocking) splits.add(difference);
  }
  return [...splits];
}
