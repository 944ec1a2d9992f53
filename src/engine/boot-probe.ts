// The accelerator probe's boot: a guest with no NIC that only has to reach user space, under the
// accelerator being tried (qemu/accel.ts decides from its outcome).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { waitGuestEvent } from '../guest/control.js';
import type { GuestImage } from '../guest/os.js';
import type { Ledger } from '../net/ledger.js';
import type { Spawn } from '../proc/spawn.js';
import { buildQemuArgv } from '../qemu/argv.js';
import { CONSOLE_FD } from '../qemu/console-file.js';
import { GUEST_IPERF3_PORT } from './boot-spec.js';
import { startVm, withConsoleLog } from './boot-vm.js';
import type { Accelerator } from '../model/plan.js';
import type { ProbeOutcome } from '../qemu/accel.js';

/**
 * A boot with no NIC that only has to reach user space: the accelerator probe, under `accel` with
 * the `-cpu` value `cpu`. A failure carries QEMU's standard error.
 */
export async function probeBoot(
  image: GuestImage,
  guestCpu: { accel: Accelerator; cpu: string },
  dirs: { workDir: string; scratchDir: string },
  timeoutMs: number,
  host: { spawn: Spawn; ledger: Ledger },
): Promise<ProbeOutcome> {
  const media = await image.bootMedia(
    { sysctls: [], address: '198.18.255.254/30', iperf3Port: GUEST_IPERF3_PORT },
    join(dirs.scratchDir, 'probe'),
  );
  const argv = buildQemuArgv({
    accel: guestCpu.accel,
    cpuModel: guestCpu.cpu,
    memoryMiB: 256,
    cpus: 1,
    boot: media.boot,
    consoleFd: CONSOLE_FD,
  });
  const vm = await withConsoleLog(join(dirs.workDir, 'probe-console.log'), undefined, (options) =>
    startVm(host.ledger, argv, host.spawn, undefined, options),
  );
  const started = Date.now();
  try {
    await waitGuestEvent(vm, (event) => event.type === 'kernel', timeoutMs);
    return {
      ok: true,
      detail: `guest reached user space in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    };
  } catch (error) {
    return {
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
      stderr: vm.errorText,
    };
  } finally {
    await vm.stop(1000);
    for (const file of media.files) await rm(file, { force: true });
    host.ledger.forget((d) => (d.vms = d.vms.filter((recorded) => recorded.pid !== vm.pid)));
  }
}
