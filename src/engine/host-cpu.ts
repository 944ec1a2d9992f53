// Host CPU use outside nicgate's own processes, between two snapshots: a neighbour's load shows
// here, and a block measured under it can be set aside.
import { readFile } from 'node:fs/promises';

/** Clock ticks: the host's busy total, and nicgate's own (this process, its reaped children, QEMU). */
export interface CpuSnapshot {
  atMs: number;
  hostBusyTicks: number;
  ownTicks: number;
}

/** Ticks per second of /proc's clock; 100 on every Linux nicgate runs on. */
const CLOCK_TICKS = 100;

/** Busy ticks from /proc/stat's `cpu` line: everything but idle and iowait (guest time is in user). */
export function busyTicks(procStat: string): number {
  const fields =
    procStat
      .match(/^cpu\s+(.+)$/m)?.[1]
      ?.trim()
      .split(/\s+/)
      .map(Number) ?? [];
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return user + nice + system + irq + softirq + steal;
}

/** utime + stime (+ cutime + cstime, children waited for) from /proc/<pid>/stat. */
export function processTicks(stat: string, withChildren: boolean): number {
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const rest = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  // rest[0] is field 3 (state); utime is field 14.
  const [utime = 0, stime = 0, cutime = 0, cstime = 0] = rest.slice(11, 15);
  return utime + stime + (withChildren ? cutime + cstime : 0);
}

export type CpuSampler = (pids: readonly number[]) => Promise<CpuSnapshot>;

export const sampleHostCpu: CpuSampler = async (pids) => {
  const read = (path: string): Promise<string> => readFile(path, 'utf8').catch(() => '');
  const own = processTicks(await read('/proc/self/stat'), true);
  const others = await Promise.all(
    pids.map(async (pid) => processTicks(await read(`/proc/${pid}/stat`), false)),
  );
  return {
    atMs: Date.now(),
    hostBusyTicks: busyTicks(await read('/proc/stat')),
    ownTicks: own + others.reduce((sum, ticks) => sum + ticks, 0),
  };
};

/**
 * Cores busy outside nicgate between two snapshots. A QEMU that exited between them loses its
 * ticks from the second, so the figure can only err high for a stopped guest; never below 0.
 */
export function outsideCores(before: CpuSnapshot, after: CpuSnapshot): number {
  const seconds = (after.atMs - before.atMs) / 1000;
  if (seconds <= 0) return 0;
  const outside = after.hostBusyTicks - before.hostBusyTicks - (after.ownTicks - before.ownTicks);
  return Math.max(0, outside / CLOCK_TICKS / seconds);
}
