// One guest's QEMU on its tap, whichever way it starts (boot.ts, boot-saved.ts): the tap created,
// QEMU started and recorded in the ledger, the tap moved into the run's namespace and shaped,
// the guest watched until it is ready and pinned, and everything undone when it stops or fails.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RunError } from '../common/errors.js';
import type { LinkPlacement } from '../net/link-shaping.js';
import { consoleSummary, readConsole } from '../guest/console-log.js';
import { readConsoleTail } from '../guest/console-tail.js';
import { GuestError, unreportedSysctls, waitGuestReady, type GuestReport } from '../guest/control.js';
import type { GuestImage } from '../guest/os.js';
import type { LinkAddresses } from '../net/addresses.js';
import type { Ledger } from '../net/ledger.js';
import { addHostNetem, createTap, deleteTap, moveTapIntoNamespace, waitTapAttached } from '../net/netns.js';
import type { Spawn, SpawnOptions } from '../proc/spawn.js';
import { createConsoleLog } from '../qemu/console-file.js';
import { VmProcess } from '../qemu/vm.js';
import type { BootPlan, GuestHost } from './boot-spec.js';
import type { EngineDeps } from './deps.js';
import { pinQemu, type Pinning } from './pinning.js';
import type { SavedGuestStore } from './saved-guests.js';
import { vhostFor, type VhostMode } from '../nic/models.js';
import type { GuestStart } from '../model/results.js';

/** Where saved guests are kept, and the parts of their key that come from the host. */
export interface SavedGuests {
  store: SavedGuestStore;
  qemuVersion: string;
  /** hostCpuIdentity() of this host for the run's accelerator. */
  hostCpu: string;
}

export interface BootContext extends GuestHost {
  image: GuestImage;
  ledger: Ledger;
  netns: string;
  hostNetem: boolean;
  workDir: string;
  /** Per-boot files (the initrd with the job): memory-backed where possible, removed after each boot. */
  scratchDir: string;
  uid: number;
  /** Where the vCPU goes once the guest is ready; undefined leaves placement to the scheduler. */
  pinning?: Pinning;
  /** Saved guests to restore instead of booting (`--guest-start restore`); undefined boots cold. */
  saved?: SavedGuests;
  /** Says what went wrong with a saved guest before booting cold instead. */
  warn?: (message: string) => void;
  /** Told how long the tap took (create, attach, move, shape): the benchmark's breakdown. */
  onPhase?: (phase: 'tap', seconds: number) => void;
  /** `guests` tells each setup's guest's OS. */
  deps: Pick<EngineDeps, 'exec' | 'spawn' | 'tapCarrierUp' | 'guests'>;
}

/** How a guest came up: booted with its job, booted and saved, or restored from a saved state. */

export interface BootedGuest {
  vm: VmProcess;
  tap: string;
  addresses: LinkAddresses;
  report: GuestReport & { seconds: number };
  linkAppliedAt: LinkPlacement;
  start: GuestStart;
  /** vhost-net on the NIC's tap; undefined for a model without a vhost backend. */
  vhost?: VhostMode;
  /** The boot's own files, removed when it stops. */
  files: string[];
}

/**
 * The tap, QEMU started with `argv`, the tap moved into the namespace, host netem. `meanwhile`
 * runs beside the tap's move (a restored guest resumes and takes its job while the host end of
 * its link is set up); both finish, or the guest is stopped, before this returns.
 */
export async function startOnTap(
  ctx: BootContext,
  plan: BootPlan,
  argv: string[],
  files: string[],
  spawnOptions?: SpawnOptions,
  meanwhile?: (vm: VmProcess) => Promise<void>,
): Promise<VmProcess> {
  const { exec } = ctx.deps;
  let started = performance.now();
  await ctx.ledger.create({ before: (d) => d.taps.push(plan.tap) }, () => createTap(plan.tap, ctx.uid, exec));
  let tapSeconds = (performance.now() - started) / 1000;
  const vm = await withConsoleLog(consoleLogOf(ctx, plan.index), spawnOptions, (options) =>
    startVm(ctx.ledger, argv, ctx.deps.spawn, plan.tap, options),
  );
  const hostEnd = async (): Promise<void> => {
    await waitTapAttached(plan.tap, 15_000, () => vm.running, ctx.deps.tapCarrierUp);
    if (!vm.running) return;
    // While the guest boots: this part of the tap's time overlaps the boot's.
    started = performance.now();
    await moveTapIntoNamespace(plan.tap, ctx.netns, plan.addresses, exec);
    if (plan.netem.length > 0) await addHostNetem(ctx.netns, plan.tap, plan.netem, plan.job.iperf3Port, exec);
    tapSeconds += (performance.now() - started) / 1000;
  };
  // Settled both, not raced: a failure of one must not leave the other acting on a stopped guest.
  const outcomes = await Promise.allSettled([hostEnd(), meanwhile?.(vm)]);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) {
    await stopGuest(ctx, { vm, tap: plan.tap, files });
    throw failed.reason;
  }
  ctx.onPhase?.('tap', tapSeconds);
  return vm;
}

/** Ready, then pinned; on any failure the guest is stopped. */
export async function untilReady(
  ctx: BootContext,
  plan: BootPlan,
  vm: VmProcess,
  files: string[],
  start: GuestStart,
  before?: () => Promise<void>,
): Promise<BootedGuest> {
  try {
    await before?.();
    const limits = ctx.image.readyTimeoutMs ?? { kvm: 30_000, tcg: 90_000 };
    const report = await waitGuestReady(vm, limits[ctx.accel]);
    const unreported = unreportedSysctls(plan.setup.profile.sysctls, report);
    if (unreported.length > 0)
      throw new GuestError(
        `the guest did not report applying ${unreported.join(', ')} (a job line went missing)`,
      );
    // After ready, not before: guests booted side by side would otherwise share one core.
    if (ctx.pinning && vm.pid !== undefined) await pinQemu(vm.pid, ctx.pinning, ctx.deps.exec);
    const { tap, addresses, linkAppliedAt } = plan;
    const vhost = vhostFor(plan.setup.nic, ctx.vhostNet === true);
    return { vm, tap, addresses, report, linkAppliedAt, start, files, ...(vhost ? { vhost } : {}) };
  } catch (error) {
    await stopGuest(ctx, { vm, tap: plan.tap, files });
    throw await withConsole(error, consoleLogOf(ctx, plan.index));
  }
}

function consoleLogOf(ctx: BootContext, index: number): string {
  return join(ctx.workDir, `console-${index}.log`);
}

/** A failed boot's error with what the guest console says (its cause, its last lines) appended. */
async function withConsole(error: unknown, consoleLog: string): Promise<unknown> {
  if (!(error instanceof Error)) return error;
  const text = await readConsoleTail(consoleLog);
  const summary = consoleSummary(readConsole(text));
  if (summary === '') return error;
  return new GuestBootError(`${error.message}; ${summary} (${consoleLog})`, { cause: error });
}

/** A boot that failed, with the guest console's account of it. */
class GuestBootError extends RunError {
  override readonly name = 'GuestBootError';
}

/**
 * Starts QEMU (`start`, given the spawn options) with a console log nicgate created at `path` as its
 * descriptor CONSOLE_FD, the descriptors of `spawnOptions` after it; QEMU holds its own copy, so
 * nicgate's is closed once QEMU has started.
 */
export async function withConsoleLog(
  path: string,
  spawnOptions: SpawnOptions | undefined,
  start: (options: SpawnOptions) => VmProcess,
): Promise<VmProcess> {
  const log = await createConsoleLog(path);
  try {
    return start({ ...spawnOptions, fds: [log.fd, ...(spawnOptions?.fds ?? [])] });
  } finally {
    await log.close();
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
export function startVm(
  ledger: Ledger,
  argv: string[],
  spawn: Spawn,
  tap?: string,
  spawnOptions?: SpawnOptions,
): VmProcess {
  ledger.assertOpen();
  const vm = new VmProcess(argv, spawn, spawnOptions);
  const pid = vm.pid;
  if (pid !== undefined) ledger.record((d) => d.vms.push({ pid, argv, ...(tap ? { tap } : {}) }));
  return vm;
}
