// Boots one guest on its own tap: tap -> QEMU -> tap into the namespace -> netem -> ready.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { netemArgs } from '../config/link.js';
import { waitGuestEvent, waitGuestReady, type GuestReport } from '../guest/control.js';
import type { GuestImage } from '../guest/os.js';
import type { LinkProfile, TuningProfile } from '../model/plan.js';
import { linkAddresses, resourceNames, type LinkAddresses } from '../net/addresses.js';
import type { Ledger } from '../net/ledger.js';
import { addHostNetem, createTap, deleteTap, moveTapIntoNamespace, waitTapAttached } from '../net/netns.js';
import { nicDeviceProps } from '../nic/models.js';
import type { Spawn } from '../proc/spawn.js';
import { buildQemuArgv, QEMU_BINARY } from '../qemu/argv.js';
import { VmProcess } from '../qemu/vm.js';
import type { EngineDeps } from './deps.js';
import { pinQemu, type Pinning } from './pinning.js';

export const GUEST_IPERF3_PORT = 5201;

/** Guest memory: room for 16 MiB socket buffers with several streams. */
const GUEST_MEMORY_MIB = 512;
/** One vCPU: a TCG guest's traffic path is single-threaded anyway, and it leaves a core for the peer. */
export const GUEST_CPUS = 1;

export interface BootContext {
  image: GuestImage;
  accel: 'kvm' | 'tcg';
  ledger: Ledger;
  netns: string;
  hostNetem: boolean;
  workDir: string;
  /** Per-boot files (the initrd with the job): memory-backed where possible, removed after each boot. */
  scratchDir: string;
  uid: number;
  /** Where the vCPU goes once the guest is ready; undefined leaves placement to the scheduler. */
  pinning?: Pinning;
  deps: Pick<EngineDeps, 'exec' | 'spawn' | 'tapCarrierUp'>;
}

export interface GuestSetup {
  nic: string;
  profile: TuningProfile;
  link: LinkProfile;
}

export interface BootedGuest {
  vm: VmProcess;
  tap: string;
  addresses: LinkAddresses;
  report: GuestReport & { seconds: number };
  linkAppliedAt: 'none' | 'host' | 'guest';
  /** The boot's own files, removed when it stops. */
  files: string[];
}

export async function bootGuest(ctx: BootContext, index: number, setup: GuestSetup): Promise<BootedGuest> {
  const { exec } = ctx.deps;
  const { tap } = resourceNames(ctx.ledger.data.runId, index);
  const addresses = linkAddresses(index);
  const netem = netemArgs(setup.link);
  const linkAppliedAt = netem.length === 0 ? 'none' : ctx.hostNetem ? 'host' : 'guest';
  const media = await ctx.image.bootMedia(
    {
      nic: setup.nic,
      sysctls: setup.profile.sysctls,
      address: `${addresses.guest}/${addresses.prefixLength}`,
      ...(linkAppliedAt === 'guest' ? { netem } : {}),
      iperf3Port: GUEST_IPERF3_PORT,
    },
    join(ctx.scratchDir, `boot-${index}`),
  );

  await ctx.ledger.create({ before: (d) => d.taps.push(tap) }, () => createTap(tap, ctx.uid, exec));
  const argv = buildQemuArgv({
    binary: QEMU_BINARY,
    accel: ctx.accel,
    memoryMiB: GUEST_MEMORY_MIB,
    cpus: GUEST_CPUS,
    kernel: media.kernel,
    initrd: media.initrd,
    append: media.append,
    consoleLog: join(ctx.workDir, `console-${index}.log`),
    nic: { model: setup.nic, tap, mac: addresses.guestMac, props: nicDeviceProps(setup.nic) },
  });
  const vm = startVm(ctx.ledger, argv, ctx.deps.spawn, tap);
  try {
    await waitTapAttached(tap, 15_000, () => vm.running, ctx.deps.tapCarrierUp);
    if (vm.running) {
      await moveTapIntoNamespace(tap, ctx.netns, addresses, exec);
      if (linkAppliedAt === 'host') await addHostNetem(ctx.netns, tap, netem, exec);
    }
    const report = await waitGuestReady(vm, ctx.accel === 'kvm' ? 30_000 : 90_000);
    // After ready, not before: guests booted side by side would otherwise share one core.
    if (ctx.pinning && vm.pid !== undefined) await pinQemu(vm.pid, ctx.pinning, exec);
    return { vm, tap, addresses, report, linkAppliedAt, files: media.files };
  } catch (error) {
    await stopGuest(ctx, { vm, tap, files: media.files });
    throw error;
  }
}

export async function stopGuest(
  ctx: BootContext,
  guest: Pick<BootedGuest, 'vm' | 'tap' | 'files'>,
): Promise<void> {
  await guest.vm.stop();
  for (const file of guest.files) await rm(file, { force: true });
  await deleteTap(guest.tap, ctx.netns, ctx.deps.exec);
  ctx.ledger.forget((d) => {
    d.vms = d.vms.filter((vm) => vm.tap !== guest.tap);
    d.taps = d.taps.filter((t) => t !== guest.tap);
  });
}

/**
 * Starts QEMU and records it with its exact argv, which is what teardown matches before it kills
 * a PID. Refused once teardown has begun; nothing is awaited between the check and the record.
 */
function startVm(ledger: Ledger, argv: string[], spawn: Spawn, tap?: string): VmProcess {
  ledger.assertOpen();
  const vm = new VmProcess(argv, spawn);
  const pid = vm.pid;
  if (pid !== undefined) ledger.record((d) => d.vms.push({ pid, argv, ...(tap ? { tap } : {}) }));
  return vm;
}

/** A boot with no NIC that only has to reach user space: the accelerator probe. */
export async function probeBoot(
  image: GuestImage,
  accel: 'kvm' | 'tcg',
  dirs: { workDir: string; scratchDir: string },
  timeoutMs: number,
  host: { spawn: Spawn; ledger: Ledger },
): Promise<{ ok: boolean; detail: string }> {
  const media = await image.bootMedia(
    { sysctls: [], address: '198.18.255.254/30', iperf3Port: GUEST_IPERF3_PORT },
    join(dirs.scratchDir, 'probe'),
  );
  const argv = buildQemuArgv({
    accel,
    memoryMiB: 256,
    cpus: 1,
    kernel: media.kernel,
    initrd: media.initrd,
    append: media.append,
    consoleLog: join(dirs.workDir, 'probe-console.log'),
  });
  const vm = startVm(host.ledger, argv, host.spawn);
  const started = Date.now();
  try {
    await waitGuestEvent(vm, (event) => event.type === 'kernel', timeoutMs);
    return {
      ok: true,
      detail: `guest reached user space in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    await vm.stop(1000);
    for (const file of media.files) await rm(file, { force: true });
    host.ledger.forget((d) => (d.vms = d.vms.filter((recorded) => recorded.pid !== vm.pid)));
  }
}
