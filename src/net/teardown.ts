// Undoes everything a ledger names. Idempotent: each step tolerates an object already gone.
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Exec } from '../proc/exec.js';
import { readLedgers, type LedgerData } from './ledger.js';
import { deleteNamespace, deleteTap } from './netns.js';

/** The host's processes, as teardown sees them; a test hands in a fake. */
export interface ProcessTable {
  /** A process's command line, '' once it is gone. */
  cmdline(pid: number): Promise<string>;
  /** Sends a signal; throws when the process is gone (as process.kill does). */
  kill(pid: number, signal: NodeJS.Signals | 0): void;
}

export const HOST_PROCESSES: ProcessTable = {
  cmdline: (pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
  kill: (pid, signal) => void process.kill(pid, signal),
};

export interface TeardownDeps {
  exec: Exec;
  processes?: ProcessTable;
}

async function isOurQemu(pid: number, tap: string, processes: ProcessTable): Promise<boolean> {
  // Guards against PID reuse: only a QEMU whose command line names our tap is ours.
  const cmdline = await processes.cmdline(pid);
  return cmdline.includes('qemu-system') && cmdline.includes(`ifname=${tap}`);
}

async function killVm(pid: number, tap: string, processes: ProcessTable): Promise<void> {
  if (!(await isOurQemu(pid, tap, processes))) return;
  try {
    processes.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  for (let i = 0; i < 100 && (await isOurQemu(pid, tap, processes)); i++)
    await new Promise((r) => setTimeout(r, 20));
}

export async function teardown(data: LedgerData, deps: TeardownDeps): Promise<void> {
  const processes = deps.processes ?? HOST_PROCESSES;
  for (const vm of data.vms) await killVm(vm.pid, vm.tap, processes);
  for (const tap of data.taps) await deleteTap(tap, data.netns, deps.exec);
  if (data.netns) await deleteNamespace(data.netns, deps.exec);
  // Only a directory nicgate named can be removed this way.
  if (data.scratchDir && basename(data.scratchDir).startsWith('nicgate-'))
    rmSync(data.scratchDir, { recursive: true, force: true });
}

function processAlive(pid: number, processes: ProcessTable): boolean {
  try {
    processes.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Tears down runs recorded in `stateDir` whose owner is gone (or all of them with `force`,
 * as the Action's post step does). Returns what was cleaned, for the log.
 */
export async function cleanupStale(stateDir: string, deps: TeardownDeps, force = false): Promise<string[]> {
  const processes = deps.processes ?? HOST_PROCESSES;
  const cleaned: string[] = [];
  for (const { path, data } of readLedgers(stateDir)) {
    if (!force && data.ownerPid !== process.pid && processAlive(data.ownerPid, processes)) continue;
    await teardown(data, deps);
    rmSync(path, { force: true });
    cleaned.push(
      `run ${data.runId}: ${data.vms.length} VM(s), ${data.taps.length} tap(s), namespace ${data.netns ?? 'none'}`,
    );
  }
  return cleaned;
}
