// Boots one guest on its own tap: tap -> QEMU -> tap into the namespace -> netem -> ready.
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, RunError } from '../common/errors.js';
import { consoleSummary, readConsole } from '../guest/console-log.js';
import { readConsoleTail } from '../guest/console-tail.js';
import { linkShaping, type LinkPlacement } from '../net/link-shaping.js';
import {
  GuestError,
  unreportedSysctls,
  waitGuestEvent,
  waitGuestReady,
  type GuestReport,
} from '../guest/control.js';
import type { BootJob, BootMedia, GuestImage } from '../guest/os.js';
import type { LinkProfile, TuningProfile } from '../model/plan.js';
import { SAVED_GUEST_FORMAT, type SavedGuestKeyParts } from '../model/saved-guest.js';
import { linkAddresses, resourceNames, type LinkAddresses } from '../net/addresses.js';
import { LedgerClosedError, type Ledger } from '../net/ledger.js';
import { addHostNetem, createTap, deleteTap, moveTapIntoNamespace, waitTapAttached } from '../net/netns.js';
import { nicDeviceProps } from '../nic/models.js';
import { BSD_TRAITS } from '../guest/bsd/traits.js';
import { shapesInGuest, type OsFamily } from '../model/os-family.js';
import type { Spawn, SpawnOptions } from '../proc/spawn.js';
import { guestRecord, type GuestName } from '../model/guests.js';
import {
  buildQemuArgv,
  cpuModelFor,
  OVMF_FIRMWARE,
  QEMU_BINARY,
  QEMU_MACHINE,
  type BootSource,
  type VmSpec,
} from '../qemu/argv.js';
import { CONSOLE_FD, createConsoleLog } from '../qemu/console-file.js';
import { resumeLoadedVm, saveVmState } from '../qemu/migrate.js';
import { QmpClient } from '../qemu/qmp.js';
import { VmProcess } from '../qemu/vm.js';
import type { EngineDeps } from './deps.js';
import { pinQemu, type Pinning } from './pinning.js';
import {
  commitSavedGuest,
  discardSavedGuest,
  findSavedGuest,
  savedGuestKey,
  savingPath,
  type SavedGuestStore,
} from './saved-guests.js';

export const GUEST_IPERF3_PORT = 5201;

/** Guest memory: room for 16 MiB socket buffers with several streams. */
const GUEST_MEMORY_MIB = 512;
/** One vCPU: a TCG guest's traffic path is single-threaded anyway, and it leaves a core for the peer. */
export const GUEST_CPUS = 1;

/** Where saved guests are kept, and the parts of their key that come from the host. */
export interface SavedGuests {
  store: SavedGuestStore;
  qemuVersion: string;
  /** hostCpuIdentity() of this host for the run's accelerator. */
  hostCpu: string;
}

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
  /** Saved guests to restore instead of booting (`--guest-start restore`); undefined boots cold. */
  saved?: SavedGuests;
  /** Says what went wrong with a saved guest before booting cold instead. */
  warn?: (message: string) => void;
  /** Told how long the tap took (create, attach, move, shape): the benchmark's breakdown. */
  onPhase?: (phase: 'tap', seconds: number) => void;
  deps: Pick<EngineDeps, 'exec' | 'spawn' | 'tapCarrierUp'>;
}

export interface GuestSetup {
  guest: GuestName;
  nic: string;
  profile: TuningProfile;
  link: LinkProfile;
}

/** How a guest came up: booted with its job, booted and saved, or restored from a saved state. */
export type GuestStart = 'cold' | 'saved' | 'restored';

export interface BootedGuest {
  vm: VmProcess;
  tap: string;
  addresses: LinkAddresses;
  report: GuestReport & { seconds: number };
  linkAppliedAt: LinkPlacement;
  start: GuestStart;
  /** The boot's own files, removed when it stops. */
  files: string[];
}

/** Saved guests all carry the MAC they were saved with; each has a link of its own, so one MAC serves. */
export const SAVED_GUEST_MAC = '52:54:00:00:00:02';
const SAVE_TIMEOUT_MS = 60_000;
const RESTORE_TIMEOUT_MS = 20_000;

/** One boot's resources and what it is asked to do. */
interface BootPlan {
  index: number;
  setup: GuestSetup;
  tap: string;
  addresses: LinkAddresses;
  /** netem words for the host side of the tap; [] where the host does not shape. */
  netem: readonly string[];
  linkAppliedAt: BootedGuest['linkAppliedAt'];
  job: BootJob;
}

function planBoot(ctx: BootContext, index: number, setup: GuestSetup): BootPlan {
  const { tap } = resourceNames(ctx.ledger.data.runId, index);
  const addresses = linkAddresses(index);
  const shaping = linkShaping(setup.link, ctx.hostNetem, shapesInGuest(guestRecord(setup.guest).os));
  const linkAppliedAt = shaping.appliedAt;
  const netem = shaping.host;
  const job: BootJob = {
    nic: setup.nic,
    sysctls: setup.profile.sysctls,
    address: `${addresses.guest}/${addresses.prefixLength}`,
    ...(shaping.guest.length > 0 ? { netem: shaping.guest } : {}),
    iperf3Port: GUEST_IPERF3_PORT,
    // A cold boot's NIC has this MAC (a restored guest keeps the one it was saved with, and its
    // control job names none).
    mac: addresses.guestMac,
  };
  return { index, setup, tap, addresses, netem, linkAppliedAt, job };
}

/** What a saved state of this guest depends on. */
export function savedGuestParts(
  ctx: BootContext,
  nic: string,
  host: Pick<SavedGuests, 'qemuVersion' | 'hostCpu'>,
): SavedGuestKeyParts {
  return {
    format: SAVED_GUEST_FORMAT,
    image: ctx.image.contentHash,
    nic,
    memoryMiB: GUEST_MEMORY_MIB,
    cpus: GUEST_CPUS,
    qemuVersion: host.qemuVersion,
    accel: ctx.accel,
    machine: QEMU_MACHINE,
    cpuModel: cpuModelFor(ctx.accel),
    hostCpu: host.hostCpu,
  };
}

/**
 * Boots one guest: restored from its saved state where there is one, else booted and (with
 * saved guests on) saved as it waits for its job, else booted with its job. A saved state that
 * cannot be used is removed, with a warning, and the guest boots cold.
 */
export async function bootGuest(ctx: BootContext, index: number, setup: GuestSetup): Promise<BootedGuest> {
  const plan = planBoot(ctx, index, setup);
  if (!ctx.saved) return await coldBoot(ctx, plan);
  const parts = savedGuestParts(ctx, setup.nic, ctx.saved);
  const { store } = ctx.saved;
  const found = await findSavedGuest(store, parts);
  if (found.status === 'found') {
    try {
      return await restoreBoot(ctx, plan, found.stateFile);
    } catch (error) {
      if (error instanceof LedgerClosedError) throw error;
      ctx.warn?.(
        `saved guest ${found.key} did not restore (${describeError(error)}); booting cold and saving it again`,
      );
      await discardSavedGuest(store, found.key);
    }
  } else if (found.status === 'unusable') {
    ctx.warn?.(`saved guest ${found.key} is not used: ${found.reason}; booting cold and saving it again`);
    await discardSavedGuest(store, found.key);
  }
  return await savingBoot(ctx, plan, parts);
}

/**
 * The tap, QEMU started with `argv`, the tap moved into the namespace, host netem. `meanwhile`
 * runs beside the tap's move (a restored guest resumes and takes its job while the host end of
 * its link is set up); both finish, or the guest is stopped, before this returns.
 */
async function startOnTap(
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
async function untilReady(
  ctx: BootContext,
  plan: BootPlan,
  vm: VmProcess,
  files: string[],
  start: GuestStart,
  before?: () => Promise<void>,
): Promise<BootedGuest> {
  try {
    await before?.();
    const report = await waitGuestReady(vm, ctx.accel === 'kvm' ? 30_000 : 90_000);
    const unreported = unreportedSysctls(plan.setup.profile.sysctls, report);
    if (unreported.length > 0)
      throw new GuestError(
        `the guest did not report applying ${unreported.join(', ')} (a job line went missing)`,
      );
    // After ready, not before: guests booted side by side would otherwise share one core.
    if (ctx.pinning && vm.pid !== undefined) await pinQemu(vm.pid, ctx.pinning, ctx.deps.exec);
    const { tap, addresses, linkAppliedAt } = plan;
    return { vm, tap, addresses, report, linkAppliedAt, start, files };
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
async function withConsoleLog(
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

/** The QEMU of a measurement boot: memory, vCPUs, the boot source, the console, the NIC under test. */
export function guestVmSpec(
  accel: 'kvm' | 'tcg',
  boot: BootSource,
  nic: { model: string; tap: string; mac: string },
  os: OsFamily = 'linux',
): VmSpec {
  const machine = os === 'linux' ? undefined : BSD_TRAITS[os];
  return {
    binary: QEMU_BINARY,
    accel,
    memoryMiB: GUEST_MEMORY_MIB,
    cpus: GUEST_CPUS,
    boot,
    consoleFd: CONSOLE_FD,
    nic: { ...nic, props: nicDeviceProps(os, nic.model) },
    ...(machine?.firmware === 'uefi' ? { firmware: OVMF_FIRMWARE } : {}),
    ...(machine && machine.cpuFeaturesOff.length > 0 ? { cpuFeaturesOff: machine.cpuFeaturesOff } : {}),
  };
}

function vmSpec(ctx: BootContext, plan: BootPlan, media: BootMedia, mac: string): VmSpec {
  return guestVmSpec(
    ctx.accel,
    media.boot,
    { model: plan.setup.nic, tap: plan.tap, mac },
    guestRecord(plan.setup.guest).os,
  );
}

/** Booted with its job in the initrd: the path without saved guests. */
async function coldBoot(ctx: BootContext, plan: BootPlan): Promise<BootedGuest> {
  const media = await ctx.image.bootMedia(plan.job, join(ctx.scratchDir, `boot-${plan.index}`));
  const argv = buildQemuArgv(vmSpec(ctx, plan, media, plan.addresses.guestMac));
  const vm = await startOnTap(ctx, plan, argv, media.files);
  return await untilReady(ctx, plan, vm, media.files, 'cold');
}

function monitorPath(ctx: BootContext, index: number): string {
  return join(ctx.scratchDir, `qmp-${index}.sock`);
}

/** Waits for the guest's job on its control port: boots to that point, saves it (once per key), sends the job. */
async function savingBoot(ctx: BootContext, plan: BootPlan, parts: SavedGuestKeyParts): Promise<BootedGuest> {
  const media = await ctx.image.awaitingMedia(plan.setup.nic, join(ctx.scratchDir, `boot-${plan.index}`));
  const qmpSocket = monitorPath(ctx, plan.index);
  const files = [...media.files, qmpSocket];
  const argv = buildQemuArgv({ ...vmSpec(ctx, plan, media, SAVED_GUEST_MAC), qmp: qmpSocket });
  const vm = await startOnTap(ctx, plan, argv, files);
  const store = ctx.saved!.store;
  const key = savedGuestKey(parts);
  let start: GuestStart = 'cold';
  const guest = await untilReady(ctx, plan, vm, files, 'cold', async () => {
    const event = await waitGuestEvent(vm, (e) => e.type === 'awaiting' || e.type === 'error', 90_000);
    if (event.type === 'error') throw new GuestError(`guest reported: ${event.message}`);
    if (!store.saving.has(key)) {
      store.saving.add(key);
      try {
        if (await saveGuest(ctx, vm, { qmpSocket, index: plan.index, store, parts, key })) start = 'saved';
      } finally {
        store.saving.delete(key);
      }
    }
    vm.send(ctx.image.controlJob(plan.job));
  });
  return { ...guest, start };
}

/** QEMU's monitor; when QEMU has ended instead, the error says why it ended (its stderr), not the socket's. */
async function connectMonitor(vm: VmProcess, path: string, timeoutMs: number): Promise<QmpClient> {
  try {
    return await QmpClient.connect(path, timeoutMs, () => vm.running);
  } catch (error) {
    if (!vm.running) throw vm.exitError('before its monitor answered');
    throw error;
  }
}

/**
 * Saves a waiting guest and resumes it; true when saved. A failed save is a warning: the guest is
 * still usable.
 */
async function saveGuest(
  ctx: BootContext,
  vm: VmProcess,
  save: { qmpSocket: string; index: number; store: SavedGuestStore; parts: SavedGuestKeyParts; key: string },
): Promise<boolean> {
  const qmp = await connectMonitor(vm, save.qmpSocket, 10_000);
  const target = await savingPath(save.store, save.key);
  try {
    const written = await saveVmState(
      qmp,
      { socket: join(ctx.scratchDir, `save-${save.index}.sock`), target },
      SAVE_TIMEOUT_MS,
    );
    await commitSavedGuest(save.store, save.parts, written);
    return true;
  } catch (error) {
    await rm(target, { force: true });
    if (!vm.running) throw error;
    ctx.warn?.(`the guest could not be saved (${describeError(error)}); later boots start cold`);
    return false;
  } finally {
    if (vm.running) await qmp.execute('cont').catch(() => undefined);
    qmp.close();
  }
}

/** A new QEMU loads the saved state, resumes, and reads its job from the control port. */
async function restoreBoot(ctx: BootContext, plan: BootPlan, stateFile: string): Promise<BootedGuest> {
  // The same media the state was saved with: QEMU checks the sizes of what it loaded at start.
  const media = await ctx.image.awaitingMedia(plan.setup.nic, join(ctx.scratchDir, `boot-${plan.index}`));
  const qmpSocket = monitorPath(ctx, plan.index);
  const files = [...media.files, qmpSocket];
  const argv = buildQemuArgv({
    ...vmSpec(ctx, plan, media, SAVED_GUEST_MAC),
    qmp: qmpSocket,
    incomingFd: INCOMING_FD,
  });
  const state = await open(stateFile, 'r');
  const resume = async (vm: VmProcess): Promise<void> => {
    const qmp = await connectMonitor(vm, qmpSocket, RESTORE_TIMEOUT_MS);
    try {
      await resumeLoadedVm(qmp, RESTORE_TIMEOUT_MS);
    } finally {
      qmp.close();
    }
    vm.send(ctx.image.controlJob(plan.job));
  };
  let vm: VmProcess;
  try {
    vm = await startOnTap(ctx, plan, argv, files, { fds: [state.fd] }, resume);
  } finally {
    await state.close();
  }
  return await untilReady(ctx, plan, vm, files, 'restored');
}

/** The state file becomes QEMU's descriptor 4 (after stdin, stdout, stderr and the console log). */
const INCOMING_FD = CONSOLE_FD + 1;

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
function startVm(
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
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    await vm.stop(1000);
    for (const file of media.files) await rm(file, { force: true });
    host.ledger.forget((d) => (d.vms = d.vms.filter((recorded) => recorded.pid !== vm.pid)));
  }
}
