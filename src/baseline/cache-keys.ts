// Cache keys for baselines in the GitHub Actions cache. Pure.
//
// Cache entries are immutable, so every run saves under its own key and a load restores the newest
// entry by prefix. Parts are joined with `/`, which the encoded branch never contains: with `-` as
// the separator, branch `main`'s prefix would also match branch `main-old`'s entries.
import { branchFileName, safeName } from './store.js';

const CACHE_KEY_PREFIX = 'nicgate-baseline-v1';

/** The key one run saves under: `nicgate-baseline-v1/<branch>/<scenario set>/<run>`. */
export function baselineSaveKey(branch: string, scenarioSetHash: string, runId: string): string {
  return `${scenarioPrefix(branch, scenarioSetHash)}${safeName(runId, 'a run id')}`;
}

/**
 * Prefixes to restore from, most specific first: this scenario set's newest baseline, else the
 * branch's newest whatever its scenarios (a changed matrix still compares what it shares).
 */
export function baselineRestoreKeys(branch: string, scenarioSetHash: string): [string, string] {
  return [scenarioPrefix(branch, scenarioSetHash), branchPrefix(branch)];
}

function branchPrefix(branch: string): string {
  return `${CACHE_KEY_PREFIX}/${branchFileName(branch)}/`;
}

function scenarioPrefix(branch: string, scenarioSetHash: string): string {
  return `${branchPrefix(branch)}${safeName(scenarioSetHash, 'a scenario set hash')}/`;
}
