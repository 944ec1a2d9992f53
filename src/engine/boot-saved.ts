// The two starts of a saved guest (`--guest-start restore`): booted to the wait for its job and
// saved there once per key (a failed save is a warning), or a new QEMU that loads a saved state,
// resumes and reads its job from the control port.
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '../common/errors.js';
import { GuestError, waitGuestEvent } from '../guest/control.js';
import type { SavedGuestKeyParts } from '../model/saved-guest.js';
import { buildQemuArgv } from '../qemu/argv.js';
import { CONSOLE_FD } from '../qemu/console-file.js';
import { resumeLoadedVm, saveVmState } from '../qemu/migrate.js';
import { QmpClient } from '../qemu/qmp.js';
import type { VmProcess } from '../qemu/vm.js';
import { bootVmSpec, SAVED_GUEST_MAC, type BootPlan } from './boot-spec.js';
import type { GuestStart } from '../model/results.js';
import { startOnTap, untilReady, type BootContext, type BootedGuest } from './boot-vm.js';
import { commitSavedGuest, savedGuestKey, savingPath, type SavedGuestStore } from './saved-guests.js';

const SAVE_TIMEOUT_MS = 60_000;
const RESTORE_TIMEOUT_MS = 20_000;

function monitorPath(ctx: BootContext, index: number): string {
  return join(ctx.scratchDir, `qmp-${index}.sock`);
}

/** Waits for the guest's job on its control port: boots to that point, saves it (once per key), sends the job. */
export async function savingBoot(
  ctx: BootContext,
  plan: BootPlan,
  parts: SavedGuestKeyParts,
): Promise<BootedGuest> {
  const media = await ctx.image.awaitingMedia(plan.setup.nic, join(ctx.scratchDir, `boot-${plan.index}`));
  const qmpSocket = monitorPath(ctx, plan.index);
  const files = [...media.files, qmpSocket];
  const argv = buildQemuArgv({ ...bootVmSpec(plan, ctx, media.boot, SAVED_GUEST_MAC), qmp: qmpSocket });
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
export async function restoreBoot(ctx: BootContext, plan: BootPlan, stateFile: string): Promise<BootedGuest> {
  // The same media the state was saved with: QEMU checks the sizes of what it loaded at start.
  const media = await ctx.image.awaitingMedia(plan.setup.nic, join(ctx.scratchDir, `boot-${plan.index}`));
  const qmpSocket = monitorPath(ctx, plan.index);
  const files = [...media.files, qmpSocket];
  const argv = buildQemuArgv({
    ...bootVmSpec(plan, ctx, media.boot, SAVED_GUEST_MAC),
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
