// The one owner of a run's host objects: a ledger written before anything is created, and a
// teardown that runs once however many paths (normal end, error, signal) ask for it.
import { randomBytes } from 'node:crypto';
import { Ledger } from '../net/ledger.js';
import { teardown, type TeardownDeps } from '../net/teardown.js';

export interface RunLifetime {
  readonly ledger: Ledger;
  /**
   * Tears down everything the ledger names, then removes the ledger. Later calls wait for the
   * same teardown. When teardown fails the ledger stays, for `nicgate cleanup` or the post step.
   */
  close(): Promise<void>;
}

export function openLifetime(stateDir: string, deps: TeardownDeps): RunLifetime {
  const ledger = new Ledger(stateDir, randomBytes(3).toString('hex'));
  let closing: Promise<void> | undefined;
  return {
    ledger,
    close: () => (closing ??= teardown(ledger.data, deps).then(() => ledger.remove())),
  };
}
