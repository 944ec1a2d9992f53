// The testbed a run was measured on: what two runs must share for one to be history for the other
// under the stored-baseline rule (verdicts/stored.ts). Pure.
//
// A run's throughput depends on the machine and the software that emulates it, so runs on another
// testbed are set aside rather than mixed into the history: the accelerator (with the guest's
// `-cpu` flags), vhost-net, the host CPU model, the guest's vCPUs, the QEMU version, the guest
// image, and nicgate's major version (a major version may change how a scenario is measured). The host kernel, iperf3, the commit and the time
// are not part of it: they are shown, and the history absorbs their drift.
import { acceleratorOf, vhostNetOf, type Environment } from './environment.js';

export interface TestbedComponent {
  /** As a reason names it: `host CPU A → B`. */
  label: string;
  read: (env: Environment) => string;
  /**
   * A difference here is a blocking environment difference (accelerator, guest kernel) that
   * allow-environment-change lets through; the other components always set a run aside.
   */
  allowable: boolean;
}

/** `1.4.2` → `1`, `v2.0.0-rc.1` → `2`; a version without a leading number is kept whole. */
function majorVersion(version: string): string {
  const match = /^v?(\d+)(?:[.+-]|$)/.exec(version.trim());
  return match ? String(Number(match[1])) : version;
}

/** In display order. */
export const TESTBED_COMPONENTS: readonly TestbedComponent[] = [
  // With the guest's -cpu where it is not the accelerator's usual one.
  { label: 'accelerator', read: acceleratorOf, allowable: true },
  { label: 'vhost-net', read: vhostNetOf, allowable: true },
  { label: 'host CPU', read: (env) => env.hostCpuModel, allowable: false },
  // Earlier runs did not record it: they ran one vCPU.
  { label: 'guest vCPUs', read: (env) => String(env.guestCpus ?? 1), allowable: false },
  { label: 'QEMU', read: (env) => env.qemuVersion, allowable: false },
  {
    label: 'guest image',
    // The image's content hash where recorded, else the guest kernel and the package it came from.
    read: (env) => env.guestImage ?? `${env.guestKernel} (${env.guestKernelSource})`,
    allowable: true,
  },
  { label: 'nicgate major version', read: (env) => majorVersion(env.nicgateVersion), allowable: false },
];

/**
 * `host CPU A → B` for each component that differs from `before` to `now`; with
 * `allowEnvironmentChange`, the allowable components (accelerator, guest image) are not compared.
 */
export function testbedDifferences(
  before: Environment,
  now: Environment,
  options: { allowEnvironmentChange?: boolean } = {},
): string[] {
  return TESTBED_COMPONENTS.filter((component) => !(options.allowEnvironmentChange && component.allowable))
    .filter((component) => component.read(before) !== component.read(now))
    .map((component) => `${component.label} ${component.read(before)} → ${component.read(now)}`);
}
