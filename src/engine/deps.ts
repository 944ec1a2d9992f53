// Everything the engine uses to touch the host, in one record, so tests can hand in fakes.
// `HOST_DEPS` is the real host; the run's owner (run.ts) applies it as the default.
import { tapCarrierUp } from '../net/netns.js';
import { HOST_PROCESSES, type ProcessTable } from '../net/teardown.js';
import { runCommand, type Exec } from '../proc/exec.js';
import { spawnProcess, type Spawn } from '../proc/spawn.js';

export interface EngineDeps {
  /** Short commands: ip, tc, iperf3, apt, ldd. */
  exec: Exec;
  /** Long-lived processes: QEMU. */
  spawn: Spawn;
  /** Whether a tap's carrier is up, which is how we see that QEMU opened it. */
  tapCarrierUp: (tap: string) => Promise<boolean>;
  /** PIDs and command lines, for teardown. */
  processes: ProcessTable;
}

export const HOST_DEPS: EngineDeps = {
  exec: runCommand,
  spawn: spawnProcess,
  tapCarrierUp,
  processes: HOST_PROCESSES,
};
