// Provenance for the results file: what ran, where, and with which versions.
import { readFile } from 'node:fs/promises';
import { release } from 'node:os';
import type { Exec } from '../proc/exec.js';
import { NICGATE_VERSION } from '../common/version.js';
import { type Environment } from '../model/environment.js';
import type { Accel, Accelerator } from '../model/plan.js';

async function firstLine(argv: string[], exec: Exec): Promise<string> {
  const result = await exec(argv, { allowFailure: true, timeoutMs: 10_000 }).catch(() => undefined);
  return (result?.stdout || result?.stderr || 'unknown').split('\n')[0]!.trim() || 'unknown';
}

/** `qemu-system-x86_64 --version`'s first line, or `unknown`. */
export async function qemuVersionOf(binary: string, exec: Exec): Promise<string> {
  return await firstLine([binary, '--version'], exec);
}

export function cpuModel(cpuinfo: string): string {
  return cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? 'unknown';
}

async function gitInfo(exec: Exec): Promise<Environment['git']> {
  const env = process.env;
  const commit =
    env.GITHUB_SHA ??
    (await exec(['git', 'rev-parse', 'HEAD'], { allowFailure: true }).catch(() => undefined))?.stdout.trim();
  const branch =
    env.GITHUB_HEAD_REF ||
    env.GITHUB_REF_NAME ||
    (
      await exec(['git', 'rev-parse', '--abbrev-ref', 'HEAD'], { allowFailure: true }).catch(() => undefined)
    )?.stdout.trim();
  const git: NonNullable<Environment['git']> = {};
  if (commit && /^[0-9a-f]{7,40}$/.test(commit)) git.commit = commit;
  if (branch && branch !== 'HEAD') git.branch = branch;
  return Object.keys(git).length > 0 ? git : undefined;
}

export async function collectEnvironment(
  fields: {
    accelerator: Accelerator;
    acceleratorNote: string;
    qemuCpu: string;
    vhostNet: 'on' | 'off';
    qemuBinary: string;
    guestKernel: string;
    guestKernelSource: string;
    guestImage: string;
    guestCpus: number;
    pinning?: string;
    cpuScore?: number;
  },
  exec: Exec,
): Promise<Environment> {
  const git = await gitInfo(exec);
  return {
    accelerator: fields.accelerator,
    acceleratorNote: fields.acceleratorNote,
    qemuCpu: fields.qemuCpu,
    vhostNet: fields.vhostNet,
    qemuVersion: await qemuVersionOf(fields.qemuBinary, exec),
    hostCpuModel: cpuModel(await readFile('/proc/cpuinfo', 'utf8').catch(() => '')),
    hostKernel: release(),
    iperf3Version: await firstLine(['iperf3', '--version'], exec),
    guestKernel: fields.guestKernel,
    guestKernelSource: fields.guestKernelSource,
    nicgateVersion: NICGATE_VERSION,
    timestamp: new Date().toISOString(),
    ...(git ? { git } : {}),
    guestCpus: fields.guestCpus,
    guestImage: fields.guestImage,
    ...(fields.pinning ? { pinning: fields.pinning } : {}),
    ...(fields.cpuScore === undefined ? {} : { hostProbe: { cpuScore: fields.cpuScore } }),
  };
}

/** What a run that measured nothing says in place of what only measuring would have found out. */
export const NOT_MEASURED = 'not run: nothing was measured';

/**
 * The environment of a paired run with nothing to measure: where and when it ran, from the host's
 * files and git only. No tool is run (QEMU and iperf3 may not be installed yet), no accelerator is
 * probed and no guest image is built, and the fields that would need them say so: `--accel auto`
 * reads as tcg, the accelerator that needs nothing of the host, with a note saying it was not chosen.
 */
export async function unmeasuredEnvironment(accel: Accel, exec: Exec): Promise<Environment> {
  const git = await gitInfo(exec);
  return {
    accelerator: accel === 'kvm' ? 'kvm' : 'tcg',
    acceleratorNote: `--accel ${accel}: none chosen, nothing was measured`,
    qemuVersion: NOT_MEASURED,
    hostCpuModel: cpuModel(await readFile('/proc/cpuinfo', 'utf8').catch(() => '')),
    hostKernel: release(),
    iperf3Version: NOT_MEASURED,
    guestKernel: NOT_MEASURED,
    guestKernelSource: NOT_MEASURED,
    nicgateVersion: NICGATE_VERSION,
    timestamp: new Date().toISOString(),
    ...(git ? { git } : {}),
  };
}
