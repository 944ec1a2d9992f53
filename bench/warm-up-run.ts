// The warm-up study's runs: a plain run whose every boot is followed by one short transfer whose
// result is discarded. The engine has none (engine/loop.ts says why); this composes a plain run as
// engine/run.ts does, with that transfer added to the boot step.
import { GUEST_IPERF3_PORT } from '../src/engine/boot-spec.js';
import type { BootedGuest } from '../src/engine/boot-vm.js';
import type { EventSink } from '../src/engine/events.js';
import { bootGroups } from '../src/engine/groups.js';
import { runScenarios, type LoopGuest, type LoopSteps, type LoopWhere } from '../src/engine/loop.js';
import { ResultsWriter } from '../src/engine/results-writer.js';
import { ownRun, type ExecuteRunOptions } from '../src/engine/run-owner.js';
import { environmentOf, hostCpuOf, loopWhere } from '../src/engine/run.js';
import { openSession, sessionSteps } from '../src/engine/session.js';
import type { RunPlan } from '../src/model/plan.js';
import type { ResultsFile } from '../src/model/results.js';

/**
 * `steps` with a `seconds`-long transfer after each boot, in the direction of the boot group's
 * first scenario, without omit. A failed warm-up stops its guest and fails the boot, so the loop
 * counts it as a guest that did not start.
 */
export function withWarmUp<G extends LoopGuest>(
  steps: LoopSteps<G>,
  plan: RunPlan,
  where: LoopWhere,
  seconds: number,
): LoopSteps<G> {
  const groups = bootGroups(plan.scenarios);
  return {
    ...steps,
    boot: async (index, setup) => {
      const guest = await steps.boot(index, setup);
      try {
        await steps.repetition(
          {
            netns: where.netns,
            server: guest.addresses.guest,
            port: GUEST_IPERF3_PORT,
            direction: groups[index]!.scenarios[0]!.direction,
          },
          { ...plan.measure, durationSec: seconds, omitSec: 0, repetitions: 1 },
          () => undefined,
        );
      } catch (error) {
        await steps.stop(guest);
        throw error;
      }
      return guest;
    },
  };
}

/** executeRun (engine/run.ts) with a warm-up transfer of `seconds` after each boot. */
export async function executeWarmUpRun(
  plan: RunPlan,
  seconds: number,
  emit: EventSink,
  options: ExecuteRunOptions = {},
): Promise<ResultsFile> {
  const writer = new ResultsWriter(plan.outPath);
  const [results] = await ownRun(
    plan,
    [writer],
    async (lifetime, deps, sink) => {
      const session = await openSession(plan, lifetime, deps, sink);
      writer.environment = await environmentOf(session, deps);
      const where = loopWhere(session);
      const steps: LoopSteps<BootedGuest> = { ...sessionSteps(session, deps), cpu: hostCpuOf };
      await runScenarios(plan, where, withWarmUp(steps, plan, where, seconds), sink, writer.outcome);
    },
    emit,
    options,
  );
  return results!;
}
