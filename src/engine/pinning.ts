// CPU pinning: the guest's vCPU thread on one core, everything else of nicgate's (QEMU's I/O
// threads, the host iperf3 peer) on the others, so the emulated CPU and the traffic it talks to
// do not take turns on one core. Threads are found by name: QEMU names them with
// `-name ...,debug-threads=on` ("CPU 0/TCG", "CPU 0/KVM").
import { readdir, readFile } from 'node:fs/promises';
import type { Exec } from '../proc/exec.js';

export interface Pinning {
  /** Cores for the vCPU threads and for everything else, as taskset lists them. */
  vcpuCores: string;
  otherCores: string;
  /** For the results' environment. */
  description: string;
}

/** A plan for `cores` usable cores; none with fewer than two (there is nothing to separate). */
export function choosePinning(cores: readonly number[]): Pinning | undefined {
  if (cores.length < 2) return undefined;
  const vcpu = cores[cores.length - 1]!;
  const others = cores.slice(0, -1).join(',');
  return {
    vcpuCores: String(vcpu),
    otherCores: others,
    description: `vCPU on core ${vcpu}, QEMU I/O and host iperf3 peer on core(s) ${others}`,
  };
}

/** Cores this process may run on, from /proc/self/status (`Cpus_allowed_list: 0-1`). */
export function parseCpuList(list: string): number[] {
  const cores: number[] = [];
  for (const part of list.trim().split(',')) {
    // Only digits: Number('') is 0, so an empty part would read as a phantom core 0.
    const range = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!range) continue;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    for (let core = from; core <= to; core++) if (!cores.includes(core)) cores.push(core);
  }
  return cores;
}

export async function allowedCores(): Promise<number[]> {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  return parseCpuList(status.match(/^Cpus_allowed_list:\s*(.+)$/m)?.[1] ?? '');
}

export interface ThreadName {
  tid: number;
  name: string;
}

export async function threadNames(pid: number): Promise<ThreadName[]> {
  const dir = `/proc/${pid}/task`;
  const tids = await readdir(dir).catch(() => []);
  const names = await Promise.all(
    tids.map(async (tid) => ({
      tid: Number(tid),
      name: (await readFile(`${dir}/${tid}/comm`, 'utf8').catch(() => '')).trim(),
    })),
  );
  return names.filter((thread) => Number.isInteger(thread.tid) && thread.name !== '');
}

const VCPU_THREAD = /^CPU \d+\/(TCG|KVM)$/;

/**
 * Pins a running QEMU: all its threads to the other cores, then its vCPU threads to the vCPU
 * core. Returns how many vCPU threads it found (0: nothing was pinned to the vCPU core).
 */
export async function pinQemu(
  pid: number,
  pinning: Pinning,
  exec: Exec,
  listThreads: (pid: number) => Promise<ThreadName[]> = threadNames,
): Promise<number> {
  await exec(['taskset', '--all-tasks', '--cpu-list', '--pid', pinning.otherCores, String(pid)]);
  const vcpus = (await listThreads(pid)).filter((thread) => VCPU_THREAD.test(thread.name));
  for (const thread of vcpus)
    await exec(['taskset', '--cpu-list', '--pid', pinning.vcpuCores, String(thread.tid)]);
  return vcpus.length;
}

/** The words that start the host iperf3 peer on the other cores. */
export function peerPrefix(pinning: Pinning | undefined): string[] {
  return pinning ? ['taskset', '--cpu-list', pinning.otherCores] : [];
}
