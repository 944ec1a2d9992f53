// Merges the results files of several jobs (a matrix) into one. Pure.
import { InputError } from '../common/errors.js';
import { checkEnvironment } from '../model/environment.js';
import { RESULTS_SCHEMA_VERSION, type ResultsFile } from '../model/results.js';

export interface MergeOutcome {
  results: ResultsFile;
  /** Environment differences between the jobs, worth a warning. */
  notes: string[];
}

export function mergeResults(files: readonly { source: string; results: ResultsFile }[]): MergeOutcome {
  if (files.length === 0) throw new InputError('results-files', '', 'matched no results file');
  const first = files[0]!;
  const owner = new Map<string, string>();
  const notes: string[] = [];
  for (const { source, results } of files) {
    for (const scenario of results.scenarios) {
      const earlier = owner.get(scenario.key);
      if (earlier)
        throw new InputError('results-files', scenario.key, `is measured in both ${earlier} and ${source}`);
      owner.set(scenario.key, source);
    }
    if (results !== first.results) {
      const check = checkEnvironment(first.results.environment, results.environment);
      for (const difference of [...check.blocking, ...check.notes]) notes.push(`${source}: ${difference}`);
    }
  }
  return {
    results: {
      schemaVersion: RESULTS_SCHEMA_VERSION,
      environment: first.results.environment,
      scenarios: files.flatMap((file) => file.results.scenarios),
    },
    notes,
  };
}
