// A record, on disk, of every kernel object, process and device grant a run creates, written
// before each is created. Teardown works from it, so a crashed or killed run can be cleaned up
// later (the Action's post step, `nicgate cleanup`). Once teardown begins the ledger is sealed:
// nothing new may be created, and teardown first waits for creations already under way, so a
// signal during setup cannot leave a tap made after the teardown that should have removed it.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RunError } from '../common/errors.js';
import { temporaryPathFor } from '../common/atomic-file.js';
import { currentIds } from '../proc/privilege.js';
import { LEDGER_VERSION, type LedgerData } from './ledger-schema.js';

export type { LedgerData } from './ledger-schema.js';

/** Something was to be created after teardown had begun. */
export class LedgerClosedError extends RunError {
  override readonly name = 'LedgerClosedError';
  constructor() {
    super('the run is being torn down; nothing more is created');
  }
}

function ledgerPath(stateDir: string, runId: string): string {
  return join(stateDir, `run-${runId}.json`);
}

export class Ledger {
  readonly path: string;
  readonly data: LedgerData;
  private sealed = false;
  private readonly underWay = new Set<Promise<unknown>>();

  constructor(stateDir: string, runId: string, owner = { pid: process.pid, uid: currentIds().uid }) {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    this.path = ledgerPath(stateDir, runId);
    this.data = {
      version: LEDGER_VERSION,
      runId,
      ownerPid: owner.pid,
      ownerUid: owner.uid,
      taps: [],
      vms: [],
      grants: [],
    };
    this.save();
  }

  /** Whether teardown has begun. */
  get closed(): boolean {
    return this.sealed;
  }

  /** Throws LedgerClosedError once teardown has begun. */
  assertOpen(): void {
    if (this.sealed) throw new LedgerClosedError();
  }

  /** Records what is about to be created; refused once teardown has begun. */
  record(change: (data: LedgerData) => void): void {
    this.assertOpen();
    this.apply(change);
  }

  /** Records that the run removed something itself; allowed at any time. */
  forget(change: (data: LedgerData) => void): void {
    this.apply(change);
  }

  /**
   * One creation step: `before` is recorded, `create` runs, then `after` records what it made
   * (a name known only then). Refused once teardown has begun; teardown waits for it to end.
   */
  async create<T>(
    step: { before?: (data: LedgerData) => void; after?: (data: LedgerData, made: T) => void },
    create: () => Promise<T>,
  ): Promise<T> {
    this.record(step.before ?? (() => undefined));
    const running = create();
    this.underWay.add(running);
    try {
      const made = await running;
      // Allowed after sealing: teardown waits for this step, so it will see what was made.
      if (step.after) this.apply((data) => step.after!(data, made));
      return made;
    } finally {
      this.underWay.delete(running);
    }
  }

  /** Refuses creations from now on; resolves once those under way have ended (either way). */
  async seal(): Promise<void> {
    this.sealed = true;
    while (this.underWay.size > 0) await Promise.allSettled([...this.underWay]);
  }

  private apply(change: (data: LedgerData) => void): void {
    change(this.data);
    this.save();
  }

  private save(): void {
    // Write, flush, rename: a reader never sees a half-written ledger, a crash never a torn one.
    const temporary = temporaryPathFor(this.path);
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(this.data, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}
