// Boots one guest on its own tap: tap -> QEMU -> tap into the namespace -> netem -> ready.
import { constants } from 'node:fs';
import { access, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { netemArgs } from '../config/link.js';
import { renderJob } from '../guest/linux/job.js';
import { writeBootInitrd, type LinuxGuestImage } from '../guest/linux/image.js';
import { linkAddresses, resourceNames, type LinkAddresses } from '../net/addresses.js';
import type { Ledger } from '../net/ledger.js';
import { addHostNetem, createTap, deleteTap, moveTapIntoNamespace, waitTapAttached } from '../net/netns.js';
import { buildQemuArgv, kernelCommandLine, QEMU_BINARY } from '../qemu/argv.js';
import { NIC_MODELS, nicModules, PROFILE_MODULES } from '../nic/models.js';
import { GuestVm, type GuestReport } from '../qemu/vm.js';
import type { LinkProfile, TuningProfile } from '../model/plan.js';

export const GUEST_IPERF3_PORT = 5201;

/** Tap names end in `-<boot index>` (see resourceNames). */
function bootIndexOf(tap: string): string {
  return tap.slice(tap.lastIndexOf('-') + 1);
}

/**
 * Where a run keeps its per-boot files: /dev/shm where it exists, which keeps a 15 MB initrd per
 * boot off the disk; teardown removes the directory on every path.
 */
export async function createScratchDir(runId: string, workDir: string): Promise<string> {
  const base = await access('/dev/shm', constants.W_OK).then(
    () => '/dev/shm',
    () => workDir,
  );
  const dir = join(base, `nicgate-${runId}`);
  await mkdir(dir, { recursive: true });
  return dir;
}
/** Guest memory: room for 16 MiB socket buffers with several streams. */
const GUEST_MEMORY_MIB = 512;

export interface BootContext {
  image: LinuxGuestImage;
  accel: 'kvm' | 'tcg';
  ledger: Ledger;
  netns: string;
  hostNetem: boolean;
  workDir: string;
  /** Per-boot files (the initrd with the job): memory-backed where possible, removed after each boot. */
  scratchDir: string;
  uid: number;
}

export interface BootedGuest {
  vm: GuestVm;
  tap: string;
  addresses: LinkAddresses;
  report: GuestReport & { seconds: number };
  linkAppliedAt: 'none' | 'host' | 'guest';
}

/** Module files to load, dependencies first, each once. */
export function guestModules(image: LinuxGuestImage, nic: string, netemInGuest: boolean): string[] {
  const names = [...nicModules(nic), ...PROFILE_MODULES.filter((m) => netemInGuest || m !== 'sch_netem')];
  const files: string[] = [];
  for (const name of names)
    for (const file of image.moduleOrder[name] ?? []) if (!files.includes(file)) files.push(file);
  return files;
}

export async function bootGuest(
  ctx: BootContext,
  index: number,
  setup: { nic: string; profile: TuningProfile; link: LinkProfile },
): Promise<BootedGuest> {
  const { tap } = resourceNames(ctx.ledger.data.runId, index);
  const addresses = linkAddresses(index);
  const netem = netemArgs(setup.link);
  const linkAppliedAt = netem.length === 0 ? 'none' : ctx.hostNetem ? 'host' : 'guest';
  const initrd = join(ctx.scratchDir, `boot-${index}.cpio`);
  const job = renderJob({
    modules: guestModules(ctx.image, setup.nic, linkAppliedAt === 'guest'),
    sysctls: setup.profile.sysctls,
    address: `${addresses.guest}/${addresses.prefixLength}`,
    ...(linkAppliedAt === 'guest' ? { netem } : {}),
    iperf3Port: GUEST_IPERF3_PORT,
  });
  await writeBootInitrd(ctx.image, job, initrd);

  ctx.ledger.update((d) => d.taps.push(tap));
  await createTap(tap, ctx.uid);
  const argv = buildQemuArgv({
    binary: QEMU_BINARY,
    accel: ctx.accel,
    memoryMiB: GUEST_MEMORY_MIB,
    cpus: 1,
    kernel: ctx.image.kernelPath,
    initrd,
    append: kernelCommandLine(),
    consoleLog: join(ctx.workDir, `console-${index}.log`),
    nic: { model: setup.nic, tap, mac: addresses.guestMac, props: NIC_MODELS[setup.nic]?.deviceProps ?? {} },
  });
  const vm = new GuestVm(argv);
  if (vm.pid !== undefined) ctx.ledger.update((d) => d.vms.push({ pid: vm.pid!, tap }));
  try {
    await waitTapAttached(tap, 15_000, () => vm.running);
    if (vm.running) {
      await moveTapIntoNamespace(tap, ctx.netns, `${addresses.host}/${addresses.prefixLength}`);
      if (linkAppliedAt === 'host') await addHostNetem(ctx.netns, tap, netem);
    }
    const report = await vm.waitReady(ctx.accel === 'kvm' ? 30_000 : 90_000);
    return { vm, tap, addresses, report, linkAppliedAt };
  } catch (error) {
    await stopGuest(ctx, { vm, tap });
    throw error;
  }
}

export async function stopGuest(ctx: BootContext, guest: { vm: GuestVm; tap: string }): Promise<void> {
  await guest.vm.stop();
  await rm(join(ctx.scratchDir, `boot-${bootIndexOf(guest.tap)}.cpio`), { force: true });
  await deleteTap(guest.tap, ctx.netns);
  ctx.ledger.update((d) => {
    d.vms = d.vms.filter((vm) => vm.tap !== guest.tap);
    d.taps = d.taps.filter((t) => t !== guest.tap);
  });
}

/** A boot with no NIC that only has to reach user space: the accelerator probe. */
export async function probeBoot(
  image: LinuxGuestImage,
  accel: 'kvm' | 'tcg',
  dirs: { workDir: string; scratchDir: string },
  timeoutMs: number,
) {
  const { workDir } = dirs;
  const initrd = join(dirs.scratchDir, 'probe.cpio');
  await writeBootInitrd(
    image,
    renderJob({ modules: [], sysctls: [], address: '198.18.255.254/30', iperf3Port: GUEST_IPERF3_PORT }),
    initrd,
  );
  const vm = new GuestVm(
    buildQemuArgv({
      accel,
      memoryMiB: 256,
      cpus: 1,
      kernel: image.kernelPath,
      initrd,
      append: kernelCommandLine(),
      consoleLog: join(workDir, 'probe-console.log'),
    }),
  );
  const started = Date.now();
  try {
    await vm.waitFor((event) => event.type === 'kernel', timeoutMs);
    return {
      ok: true,
      detail: `guest reached user space in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    await vm.stop(1000);
  }
}
