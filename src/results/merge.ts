// Merges the results files of several jobs (a matrix) into one. Pure. Each scenario keeps the
// environment it was measured in: a scenario of a TCG job is never labelled with a KVM job's.
import { InputError } from '../common/errors.js';
import { checkEnvironment, sameEnvironment, type Environment } from '../model/environment.js';
import {
  RESULTS_SCHEMA_VERSION,
  scenarioEnvironment,
  type ResultsFile,
  type ScenarioResult,
} from '../model/results.js';

export interface MergeOutcome {
  /** The first file's environment at the top; scenarios measured elsewhere carry their own. */
  results: ResultsFile;
  /** Environment differences between the jobs, worth a warning. */
  notes: string[];
}

/** The scenario with its own environment, or none when that is the merged file's. */
function placed(scenario: ScenarioResult, own: Environment, top: Environment): ScenarioResult {
  const copy = { ...scenario };
  delete copy.environment;
  return sameEnvironment(own, top) ? copy : { ...copy, environment: own };
}

export function mergeResults(files: readonly { source: string; results: ResultsFile }[]): MergeOutcome {
  if (files.length === 0) throw new InputError('results-files', '', 'matched no results file');
  const top = files[0]!.results.environment;
  const owner = new Map<string, string>();
  const notes = new Set<string>();
  const scenarios: ScenarioResult[] = [];
  for (const { source, results } of files) {
    for (const scenario of results.scenarios) {
      const earlier = owner.get(scenario.key);
      if (earlier)
        throw new InputError('results-files', scenario.key, `is measured in both ${earlier} and ${source}`);
      owner.set(scenario.key, source);
      const own = scenarioEnvironment(results, scenario);
      const check = checkEnvironment(top, own);
      for (const difference of [...check.blocking, ...check.notes]) notes.add(`${source}: ${difference}`);
      scenarios.push(placed(scenario, own, top));
    }
  }
  return {
    results: { schemaVersion: RESULTS_SCHEMA_VERSION, environment: top, scenarios },
    notes: [...notes],
  };
}
