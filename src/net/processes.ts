// The host's processes as teardown sees them, and the one way it kills a VM: only a process that
// runs as this user with exactly the argv the ledger recorded. A reused PID, or a ledger naming
// some other process, is left alone.
import { readFile } from 'node:fs/promises';
import type { LedgerVm } from './ledger-schema.js';

/** A test hands in a fake. */
export interface ProcessTable {
  /** A process's argv (from /proc/<pid>/cmdline); undefined once it is gone. */
  argv(pid: number): Promise<string[] | undefined>;
  /** A process's real uid; undefined once it is gone. */
  uid(pid: number): Promise<number | undefined>;
  /** Sends a signal; throws when the process is gone (as process.kill does). */
  kill(pid: number, signal: NodeJS.Signals | 0): void;
}

/** argv from the NUL-separated text of /proc/<pid>/cmdline (a zombie's is empty). */
function cmdlineArgv(text: string): string[] {
  const parts = text.split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}

export const HOST_PROCESSES: ProcessTable = {
  argv: async (pid) => await readFile(`/proc/${pid}/cmdline`, 'utf8').then(cmdlineArgv, () => undefined),
  uid: async (pid) => {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const real = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    return real === undefined ? undefined : Number(real);
  },
  kill: (pid, signal) => void process.kill(pid, signal),
};

/** Whether a process runs (one we may not signal does too). */
export function processAlive(pid: number, processes: ProcessTable): boolean {
  try {
    processes.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sameArgv(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((word, i) => word === b[i]);
}

/** Whether `vm.pid` is still the QEMU we started: our uid and the exact recorded argv. */
async function isOurVm(vm: LedgerVm, uid: number, processes: ProcessTable): Promise<boolean> {
  const argv = await processes.argv(vm.pid);
  return argv !== undefined && sameArgv(argv, vm.argv) && (await processes.uid(vm.pid)) === uid;
}

/** SIGKILLs the VM if it is ours, then waits (up to 2 s) until it is gone. */
export async function killVm(vm: LedgerVm, uid: number, processes: ProcessTable): Promise<void> {
  if (!(await isOurVm(vm, uid, processes))) return;
  try {
    processes.kill(vm.pid, 'SIGKILL');
  } catch {
    return;
  }
  for (let i = 0; i < 100 && (await isOurVm(vm, uid, processes)); i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
}
