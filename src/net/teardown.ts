// Undoes everything a ledger names. Idempotent: each step tolerates an object already gone.
import { readFile } from 'node:fs/promises';
import { readLedgers, type LedgerData } from './ledger.js';
import { deleteNamespace, deleteTap } from './netns.js';
import { rmSync } from 'node:fs';
import { basename } from 'node:path';

async function isOurQemu(pid: number, tap: string): Promise<boolean> {
  // Guards against PID reuse: only a QEMU whose command line names our tap is ours.
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.includes('qemu-system') && cmdline.includes(`ifname=${tap}`);
}

async function killVm(pid: number, tap: string): Promise<void> {
  if (!(await isOurQemu(pid, tap))) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  for (let i = 0; i < 100 && (await isOurQemu(pid, tap)); i++) await new Promise((r) => setTimeout(r, 20));
}

export async function teardown(data: LedgerData): Promise<void> {
  for (const vm of data.vms) await killVm(vm.pid, vm.tap);
  for (const tap of data.taps) await deleteTap(tap, data.netns);
  if (data.netns) await deleteNamespace(data.netns);
  // Only a directory nicgate named can be removed this way.
  if (data.scratchDir && basename(data.scratchDir).startsWith('nicgate-'))
    rmSync(data.scratchDir, { recursive: true, force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Tears down runs recorded in `stateDir` whose owner is gone (or all of them with `force`,
 * as the Action's post step does). Returns what was cleaned, for the log.
 */
export async function cleanupStale(stateDir: string, force = false): Promise<string[]> {
  const cleaned: string[] = [];
  for (const { path, data } of readLedgers(stateDir)) {
    if (!force && data.ownerPid !== process.pid && processAlive(data.ownerPid)) continue;
    await teardown(data);
    rmSync(path, { force: true });
    cleaned.push(
      `run ${data.runId}: ${data.vms.length} VM(s), ${data.taps.length} tap(s), namespace ${data.netns ?? 'none'}`,
    );
  }
  return cleaned;
}
