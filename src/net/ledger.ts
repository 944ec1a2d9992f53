// A record, on disk, of every kernel object and process a run creates, written before each is
// created. Teardown works from it, so a crashed or killed run can be cleaned up later (the
// Action's post step, `nicgate cleanup`).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LedgerData {
  runId: string;
  /** PID of the nicgate process that owns the run. */
  ownerPid: number;
  netns?: string;
  /** The run's directory of per-boot files. */
  scratchDir?: string;
  taps: string[];
  /** QEMU processes (started unprivileged) with the tap name that identifies each. */
  vms: { pid: number; tap: string }[];
}

export class Ledger {
  readonly path: string;
  readonly data: LedgerData;

  constructor(stateDir: string, runId: string) {
    mkdirSync(stateDir, { recursive: true });
    this.path = join(stateDir, `run-${runId}.json`);
    this.data = { runId, ownerPid: process.pid, taps: [], vms: [] };
    this.save();
  }

  update(change: (data: LedgerData) => void): void {
    change(this.data);
    this.save();
  }

  private save(): void {
    // Write-then-rename: a reader never sees a half-written ledger.
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, JSON.stringify(this.data, null, 2));
    renameSync(temp, this.path);
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}

/** Ledgers left in a state directory (runs that did not finish their own teardown). */
export function readLedgers(stateDir: string): { path: string; data: LedgerData }[] {
  if (!existsSync(stateDir)) return [];
  const found: { path: string; data: LedgerData }[] = [];
  for (const file of readdirSync(stateDir)) {
    if (!/^run-[a-z0-9]+\.json$/.test(file)) continue;
    const path = join(stateDir, file);
    try {
      found.push({ path, data: JSON.parse(readFileSync(path, 'utf8')) as LedgerData });
    } catch {
      // A torn ledger names nothing we can trust; leave it for a person to read.
    }
  }
  return found;
}
