// Provenance of a run (where and with what it was measured), and the one table that says what a
// difference in each field means: `blocking` makes throughput incomparable (a verdict there is
// never a regression), `noted` is worth showing beside a verdict, `shown` is only displayed.
import { z } from 'zod';
import { ACCELERATORS } from './plan.js';

// Loose: provenance fields a newer nicgate adds must survive a load and save by this one.
export const environmentSchema = z.looseObject({
  accelerator: z.enum(ACCELERATORS),
  /** Why this accelerator: e.g. "auto fell back to tcg: ...". */
  acceleratorNote: z.string().optional(),
  /**
   * The `-cpu` value every guest got: `host` or `host,-arch-capabilities` under KVM (the second
   * where QEMU could not set MSR 0x10a with the first), `max` under TCG. Absent in earlier runs.
   */
  qemuCpu: z.string().optional(),
  /** Whether virtio-net's tap used vhost-net (/dev/vhost-net opened). Absent in earlier runs: off. */
  vhostNet: z.enum(['on', 'off']).optional(),
  qemuVersion: z.string(),
  hostCpuModel: z.string(),
  hostKernel: z.string(),
  iperf3Version: z.string(),
  /** `uname -r` inside the guest, plus the package it came from. */
  guestKernel: z.string(),
  guestKernelSource: z.string(),
  nicgateVersion: z.string(),
  timestamp: z.string(),
  git: z.object({ commit: z.string().optional(), branch: z.string().optional() }).optional(),
  /** Guest vCPUs and the guest image's content hash: parts of the testbed (testbed.ts). */
  guestCpus: z.number().int().positive().optional(),
  guestImage: z.string().optional(),
  /** Where the vCPU thread and the host iperf3 peer ran, e.g. `vCPU on core 1, peer on core 0`. */
  pinning: z.string().optional(),
  /**
   * The host's CPU capacity measured at the start of the run: a fixed workload on every core, in
   * work units per second. A busy neighbour lowers it.
   */
  hostProbe: z.object({ cpuScore: z.number().finite().nonnegative() }).optional(),
});

export type Environment = z.infer<typeof environmentSchema>;

/** The `-cpu` each accelerator gives a guest unless the probe chose another (qemu/argv.ts cpuModelFor). */
const DEFAULT_CPU: Readonly<Record<Environment['accelerator'], string>> = { kvm: 'host', tcg: 'max' };

/**
 * The accelerator, with the guest's `-cpu` where it is not the accelerator's usual one:
 * `kvm`, `kvm -cpu host,-arch-capabilities`, `tcg`. One value, so that a change of accelerator is
 * one difference, and a change of CPU flags under the same accelerator is one too.
 */
export function acceleratorOf(env: Environment): string {
  const cpu = env.qemuCpu ?? DEFAULT_CPU[env.accelerator];
  return cpu === DEFAULT_CPU[env.accelerator] ? env.accelerator : `${env.accelerator} -cpu ${cpu}`;
}

/** vhost-net for virtio-net; runs that did not record it never used it. */
export function vhostNetOf(env: Environment): string {
  return env.vhostNet ?? 'off';
}

export type EnvironmentRole = 'blocking' | 'noted' | 'shown';

export interface EnvironmentField {
  label: string;
  role: EnvironmentRole;
  read: (env: Environment) => string | undefined;
}

/** In display order. */
export const ENVIRONMENT_FIELDS: readonly EnvironmentField[] = [
  // Another accelerator, CPU model or flags, or vhost-net on or off changes throughput by multiples.
  { label: 'accelerator', role: 'blocking', read: acceleratorOf },
  { label: 'vhost-net', role: 'blocking', read: vhostNetOf },
  { label: 'QEMU', role: 'noted', read: (env) => env.qemuVersion },
  { label: 'guest kernel', role: 'blocking', read: (env) => env.guestKernel },
  { label: 'guest kernel source', role: 'shown', read: (env) => env.guestKernelSource },
  { label: 'host CPU', role: 'noted', read: (env) => env.hostCpuModel },
  { label: 'host kernel', role: 'shown', read: (env) => env.hostKernel },
  { label: 'iperf3', role: 'noted', read: (env) => env.iperf3Version },
  { label: 'nicgate', role: 'shown', read: (env) => env.nicgateVersion },
  // These differ between any two runs.
  { label: 'commit', role: 'shown', read: (env) => env.git?.commit },
  { label: 'branch', role: 'shown', read: (env) => env.git?.branch },
  { label: 'measured at', role: 'shown', read: (env) => env.timestamp },
];

/** Whether a difference in this field is judged (blocking or noted), and so flagged in reports. */
export function isCompared(field: EnvironmentField): boolean {
  return field.role !== 'shown';
}

export interface EnvironmentCheck {
  /** Differences that make throughput incomparable. */
  blocking: string[];
  /** Differences worth showing that do not block (a runner's CPU model changes from job to job). */
  notes: string[];
}

/** `accelerator tcg → kvm` for each judged field that differs between the two environments. */
export function checkEnvironment(before: Environment, now: Environment): EnvironmentCheck {
  const differences = (role: EnvironmentRole): string[] =>
    ENVIRONMENT_FIELDS.filter((field) => field.role === role)
      .filter((field) => String(field.read(before)) !== String(field.read(now)))
      .map((field) => `${field.label} ${String(field.read(before))} → ${String(field.read(now))}`);
  return { blocking: differences('blocking'), notes: differences('noted') };
}

/** Whether two environments say the same in every field, fields this nicgate does not know included. */
export function sameEnvironment(a: Environment, b: Environment): boolean {
  return a === b || canonicalJson(a) === canonicalJson(b);
}

/** JSON with every object's keys sorted, so field order does not matter. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) =>
    typeof node === 'object' && node !== null && !Array.isArray(node)
      ? Object.fromEntries(Object.entries(node).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : node,
  );
}
