// Whether a baseline run was measured under conditions comparable with this run. Pure.
import type { Environment } from '../model/results.js';

export interface EnvironmentCheck {
  /** Differences that make throughput incomparable: a verdict there is never `regression`. */
  blocking: string[];
  /** Differences worth showing that do not block (a runner's CPU model changes from job to job). */
  notes: string[];
}

const BLOCKING: readonly [keyof Environment, string][] = [
  ['accelerator', 'accelerator'],
  ['guestKernel', 'guest kernel'],
];

const NOTED: readonly [keyof Environment, string][] = [
  ['qemuVersion', 'QEMU'],
  ['hostCpuModel', 'host CPU'],
  ['iperf3Version', 'iperf3'],
];

function differences(
  fields: readonly [keyof Environment, string][],
  before: Environment,
  now: Environment,
): string[] {
  return fields
    .filter(([field]) => String(before[field]) !== String(now[field]))
    .map(([field, label]) => `${label} ${String(before[field])} → ${String(now[field])}`);
}

export function checkEnvironment(baseline: Environment, current: Environment): EnvironmentCheck {
  return { blocking: differences(BLOCKING, baseline, current), notes: differences(NOTED, baseline, current) };
}
