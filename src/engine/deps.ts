// Everything the engine uses to touch the host, in one record, so tests can hand in fakes.
// `HOST_DEPS` is the real host; the run's owner (run-owner.ts) applies it as the default.
import type { GuestCatalog } from '../guest/catalog.js';
import { GUEST_CATALOG } from '../guest/registry.js';
import { preflight } from '../host/preflight.js';
import type { RunPlan } from '../model/plan.js';
import { tapCarrierUp } from '../net/netns.js';
import { HOST_PROCESSES, type ProcessTable } from '../net/processes.js';
import { runCommand, type Exec } from '../proc/exec.js';
import { spawnProcess, type Spawn } from '../proc/spawn.js';
import { probeCpuScore } from './cpu-probe.js';

export interface EngineDeps {
  /** Short commands: ip, tc, iperf3, apt, ldd. */
  exec: Exec;
  /** Long-lived processes: QEMU. */
  spawn: Spawn;
  /** Whether a tap's carrier is up, which is how we see that QEMU opened it. */
  tapCarrierUp: (tap: string) => Promise<boolean>;
  /** PIDs, command lines and owners, for teardown. */
  processes: ProcessTable;
  /** Checks before anything is created: tools, sudo, NIC models. */
  preflight: (plan: RunPlan, exec: Exec) => Promise<void>;
  /** The guests, by the scenario's `guest` value. */
  guests: GuestCatalog;
  /** The host's CPU capacity now (cpu-probe.ts); undefined leaves it out of the environment. */
  probeCpu?: () => Promise<number>;
  /** Whether this user can open a device for reading and writing; undefined opens it. */
  canOpenDevice?: (device: string) => boolean;
  /** Whether a device node exists; undefined looks. */
  deviceExists?: (device: string) => boolean;
}

export const HOST_DEPS: EngineDeps = {
  exec: runCommand,
  spawn: spawnProcess,
  tapCarrierUp,
  processes: HOST_PROCESSES,
  preflight,
  guests: GUEST_CATALOG,
  probeCpu: () => probeCpuScore(),
};
