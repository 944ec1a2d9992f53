// The one owner of a run's host objects: a ledger written before anything is created, and a
// teardown that runs once however many paths (normal end, error, signal) ask for it.
import { randomBytes } from 'node:crypto';
import { Ledger } from '../net/ledger.js';
import { scratchBases, type GrantableDevice } from '../net/ledger-schema.js';
import { grantsHeldByOthers, teardown, type TeardownDeps } from '../net/teardown.js';
import { prepareStateDir } from './state-dir.js';

export interface RunLifetime {
  readonly ledger: Ledger;
  readonly stateDir: string;
  /**
   * Seals the ledger (nothing new is created from now on), waits for creations under way, tears
   * down everything it names, then removes it. Later calls wait for the same teardown. Resolves
   * the problems met, never throws: with problems the ledger stays, for `nicgate cleanup` or the
   * post step.
   */
  close(): Promise<string[]>;
}

async function tearDownRun(ledger: Ledger, stateDir: string, deps: TeardownDeps): Promise<string[]> {
  await ledger.seal();
  // An ACL entry another live run of ours also relies on stays; the last run removes it.
  const keepGrants =
    ledger.data.grants.length === 0
      ? new Set<GrantableDevice>()
      : await grantsHeldByOthers(stateDir, ledger.data.runId, deps.processes);
  const problems = await teardown(ledger.data, deps, { scratchBases: scratchBases(stateDir), keepGrants });
  if (problems.length === 0) ledger.remove();
  return problems;
}

export function openLifetime(stateDir: string, deps: TeardownDeps): RunLifetime {
  prepareStateDir(stateDir);
  const ledger = new Ledger(stateDir, randomBytes(3).toString('hex'));
  let closing: Promise<string[]> | undefined;
  return {
    ledger,
    stateDir,
    close: () =>
      (closing ??= tearDownRun(ledger, stateDir, deps).catch((error: unknown) => [
        `teardown: ${error instanceof Error ? error.message : String(error)}`,
      ])),
  };
}
