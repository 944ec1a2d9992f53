// `nicgate cleanup` and the Action's post step: tear down runs whose owner died.
import { cleanupStale } from '../net/teardown.js';
import { HOST_DEPS, type EngineDeps } from './deps.js';

/** Cleans runs recorded in `stateDir` whose owner is gone (all of them with `force`); lines for the log. */
export async function cleanupStaleRuns(
  stateDir: string,
  force = false,
  deps: Pick<EngineDeps, 'exec' | 'processes'> = HOST_DEPS,
): Promise<string[]> {
  return await cleanupStale(stateDir, deps, force);
}
