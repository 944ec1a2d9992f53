// `nicgate cleanup` and the Action's post step: tear down runs whose owner died.
import { cleanupStale } from '../net/teardown.js';
import { HOST_DEPS, type EngineDeps } from './deps.js';
import { stateDirFor } from './state-dir.js';

/**
 * Cleans runs recorded in `stateDir` whose owner is gone (all of them with `force`); resolves
 * lines for the log. Ledger files it does not believe, and teardown steps that failed, go to
 * `onWarning`; without one they come back among the lines, as `warning: ...`. Never throws
 * for what it finds in the directory.
 */
export async function cleanupStaleRuns(
  stateDir: string = stateDirFor(),
  force = false,
  deps: Pick<EngineDeps, 'exec' | 'processes'> = HOST_DEPS,
  onWarning?: (message: string) => void,
): Promise<string[]> {
  const { cleaned, warnings } = await cleanupStale(stateDir, deps, force);
  if (onWarning) {
    for (const warning of warnings) onWarning(warning);
    return cleaned;
  }
  return [...cleaned, ...warnings.map((warning) => `warning: ${warning}`)];
}
