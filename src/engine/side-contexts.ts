// The boot contexts of the paired gate's other side (the base): the session's own, or images of
// its own where its kernel or its images differ from the session's.
import { userImageGuest } from '../guest/image/os.js';
import type { GuestImage } from '../guest/os.js';
import type { GuestName } from '../model/guests.js';
import type { RunPlan } from '../model/plan.js';
import type { BootContext } from './boot-vm.js';
import type { EngineDeps } from './deps.js';
import { cacheDirFor, guestContexts, guestsOf, type Session } from './session.js';

/**
 * The boot contexts for another side's plan (the paired gate's base): the session's own unless
 * that side's kernel or images differ, when each of its guests gets an image of its own (a base
 * image under the head image's name is the base side's guest of that name).
 */
export async function sideContexts(
  side: RunPlan,
  sessionPlan: RunPlan,
  session: Session,
  deps: EngineDeps,
  measuring = true,
): Promise<Record<GuestName, BootContext>> {
  const same = (plan: RunPlan): string => JSON.stringify([plan.kernel, plan.images ?? []]);
  if (same(side) === same(sessionPlan)) return session.contexts;
  const images: Record<GuestName, GuestImage> = {};
  for (const guest of guestsOf(side)) {
    const own = side.images?.find((image) => image.name === guest);
    const os = own ? userImageGuest(own, deps.guests) : deps.guests.guest(guest);
    images[guest] = await os.prepareImage(
      {
        cacheDir: cacheDirFor(side.workDir),
        kernel: side.kernel,
        prepare: session.prepare,
        ...(measuring ? {} : { describeOnly: true }),
      },
      deps.exec,
    );
  }
  return guestContexts(session.boot, images);
}
