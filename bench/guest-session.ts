// A session without the measuring loop, for the boot-time figures: the run owner's preflight,
// ledger, guest image, namespace and single teardown, around `body` instead of the loop.
import type { BootContext } from '../src/engine/boot-vm.js';
import type { EngineEvent } from '../src/engine/events.js';
import { ownRun } from '../src/engine/run-owner.js';
import { openSession } from '../src/engine/session.js';
import type { RunPlan } from '../src/model/plan.js';

/** Warnings only: the boot-time part prints its own lines. */
function printWarning(event: EngineEvent): void {
  if (event.type === 'warning') console.error(`warning: ${event.message}`);
}

export async function withGuestSession<T>(
  plan: RunPlan,
  body: (boot: BootContext) => Promise<T>,
): Promise<T> {
  let result: { value: T } | undefined;
  await ownRun(
    plan,
    [],
    async (lifetime, deps, emit) => {
      const session = await openSession(plan, lifetime, deps, emit);
      result = { value: await body(session.boot) };
    },
    printWarning,
    { handleSignals: true },
  );
  return result!.value;
}
