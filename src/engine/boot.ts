// Boots one guest on its own tap (boot-vm.ts) from the pure boot spec (boot-spec.ts): cold, with
// its job in the boot media, or with saved guests on, restored from its saved state or booted to
// the wait for its job and saved (boot-saved.ts).
import { join } from 'node:path';
import { describeError } from '../common/errors.js';
import { resourceNames } from '../net/addresses.js';
import { LedgerClosedError } from '../net/ledger.js';
import { buildQemuArgv } from '../qemu/argv.js';
import { restoreBoot, savingBoot } from './boot-saved.js';
import { bootVmSpec, planBoot, savedGuestParts, type BootPlan, type GuestSetup } from './boot-spec.js';
import { startOnTap, untilReady, type BootContext, type BootedGuest } from './boot-vm.js';
import { discardSavedGuest, findSavedGuest } from './saved-guests.js';

/**
 * Boots one guest: restored from its saved state where there is one, else booted and (with
 * saved guests on) saved as it waits for its job, else booted with its job. A saved state that
 * cannot be used is removed, with a warning, and the guest boots cold.
 */
export async function bootGuest(ctx: BootContext, index: number, setup: GuestSetup): Promise<BootedGuest> {
  const os = ctx.deps.guests.guest(setup.guest).os;
  const { tap } = resourceNames(ctx.ledger.data.runId, index);
  const plan = planBoot({ index, setup, os, tap }, ctx.hostNetem);
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

/** Booted with its job in the initrd: the path without saved guests. */
async function coldBoot(ctx: BootContext, plan: BootPlan): Promise<BootedGuest> {
  const media = await ctx.image.bootMedia(plan.job, join(ctx.scratchDir, `boot-${plan.index}`));
  const argv = buildQemuArgv(bootVmSpec(plan, ctx, media.boot, plan.addresses.guestMac));
  const vm = await startOnTap(ctx, plan, argv, media.files);
  return await untilReady(ctx, plan, vm, media.files, 'cold');
}
