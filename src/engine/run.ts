// The runs the CLI and the Action start, composed from the engine's parts: a plain run (each
// scenario booted and measured) and the paired gate's run (base and head in interleaved blocks).
// Their lifetime (ledger, teardown once, signals, partial results) is run-owner.ts's.
import { createHash } from 'node:crypto';
import type { GuestImage } from '../guest/os.js';
import type { Environment } from '../model/environment.js';
import type { GuestName } from '../model/guests.js';
import type { RunPlan } from '../model/plan.js';
import type { ResultsFile } from '../model/results.js';
import { QEMU_BINARY } from '../qemu/argv.js';
import { GUEST_CPUS } from './boot-spec.js';
import type { BootContext, BootedGuest } from './boot-vm.js';
import type { EngineDeps } from './deps.js';
import { collectEnvironment } from './environment.js';
import type { EventSink } from './events.js';
import { sampleHostCpu } from './host-cpu.js';
import { runScenarios, type LoopSteps, type LoopWhere } from './loop.js';
import {
  runPairedScenarios,
  type PairedScenario,
  type PairedSettings,
  type PairedSteps,
} from './paired-loop.js';
import { ResultsWriter } from './results-writer.js';
import { ownRun, type ExecuteRunOptions } from './run-owner.js';
import { openSession, sessionSteps, type Session } from './session.js';
import { sideContexts } from './side-contexts.js';

export interface RunOutcome {
  results: ResultsFile;
  /** Keys of the scenarios that failed. */
  failed: string[];
}

export interface PairedRunOutcome {
  base: ResultsFile;
  head: ResultsFile;
  /** Keys of the scenarios that failed on either side. */
  failed: string[];
}

/**
 * The guest fields of the environment: those of the one guest, or for a run of several guests
 * their releases and sources joined and one digest over their content hashes (a change of any
 * guest changes the testbed).
 */
export function guestIdentity(
  images: readonly Pick<GuestImage, 'kernelRelease' | 'kernelSource' | 'contentHash'>[],
): { guestKernel: string; guestKernelSource: string; guestImage: string } {
  const [only] = images;
  if (images.length === 1 && only)
    return {
      guestKernel: only.kernelRelease,
      guestKernelSource: only.kernelSource,
      guestImage: only.contentHash,
    };
  const digest = createHash('sha256');
  for (const image of images) digest.update(`${image.contentHash}\n`);
  return {
    guestKernel: [...new Set(images.map((i) => i.kernelRelease))].join(', '),
    guestKernelSource: images.map((i) => i.kernelSource).join('; '),
    guestImage: digest.digest('hex'),
  };
}

/** The run's environment, once the session knows where the run happens. */
export async function environmentOf(session: Session, deps: EngineDeps): Promise<Environment> {
  return collectEnvironment(
    {
      accelerator: session.accel.accel,
      acceleratorNote: session.accel.note,
      qemuCpu: session.accel.cpu,
      vhostNet: session.vhostNet ? 'on' : 'off',
      qemuBinary: QEMU_BINARY,
      ...guestIdentity(Object.values(session.images)),
      guestCpus: GUEST_CPUS,
      ...(session.boot.pinning ? { pinning: session.boot.pinning.description } : {}),
      ...(deps.probeCpu ? { cpuScore: await deps.probeCpu() } : {}),
    },
    deps.exec,
  );
}

export function loopWhere(session: Session): LoopWhere {
  return { netns: session.boot.netns, accel: session.boot.accel, hostPeer: session.hostPeer };
}

/** Host CPU counters with these guests' QEMU processes counted as nicgate's. */
export const hostCpuOf = (guests: readonly BootedGuest[]) =>
  sampleHostCpu(guests.flatMap((g) => (g.vm.pid === undefined ? [] : [g.vm.pid])));

const failedKeys = (results: ResultsFile): string[] =>
  results.scenarios.filter((s) => s.error).map((s) => s.key);

/** Boots, measures and writes the results file. Throws when the run could not happen at all. */
export async function executeRun(
  plan: RunPlan,
  emit: EventSink,
  options: ExecuteRunOptions = {},
): Promise<RunOutcome> {
  const writer = new ResultsWriter(plan.outPath);
  const [results] = await ownRun(
    plan,
    [writer],
    async (lifetime, deps, sink) => {
      const session = await openSession(plan, lifetime, deps, sink);
      writer.environment = await environmentOf(session, deps);
      const steps: LoopSteps<BootedGuest> = { ...sessionSteps(session, deps), cpu: hostCpuOf };
      await runScenarios(plan, loopWhere(session), steps, sink, writer.outcome);
    },
    emit,
    options,
  );
  return { results: results!, failed: failedKeys(results!) };
}

/**
 * The base side's boot contexts: its own images, and cold when its plan says so (the benchmark
 * pairs cold boots against restored ones this way). Saved guests come from the session.
 */
function sideBoots(base: RunPlan, contexts: Session['contexts']): Session['contexts'] {
  if (base.guestStart !== 'cold') return contexts;
  const cold: Session['contexts'] = {};
  for (const [guest, context] of Object.entries(contexts) as [GuestName, BootContext][]) {
    const copy = { ...context };
    delete copy.saved;
    cold[guest] = copy;
  }
  return cold;
}

/**
 * The paired gate's run: each scenario measured with the base side's inputs and with the head's,
 * in interleaved blocks. The head's results go to `plans.head.outPath`, the base's to
 * `plans.base.outPath`. Both sides share the session; the base gets its own guest image when its
 * kernel differs.
 */
export async function executePairedRun(
  plans: { base: RunPlan; head: RunPlan },
  scenarios: readonly PairedScenario[],
  settings: PairedSettings,
  commits: { base: string; head: string },
  emit: EventSink,
  options: ExecuteRunOptions = {},
): Promise<PairedRunOutcome> {
  const writers = {
    base: new ResultsWriter(plans.base.outPath, { role: 'base', commit: commits.base }),
    head: new ResultsWriter(plans.head.outPath, { role: 'head', commit: commits.head }),
  };
  const [base, head] = await ownRun(
    plans.head,
    [writers.base, writers.head],
    async (lifetime, deps, sink) => {
      // Nothing to measure (every scenario unchanged): no image is prepared, nothing boots.
      const measuring = scenarios.length > 0;
      const session = await openSession(plans.head, lifetime, deps, sink, measuring);
      const environment = await environmentOf(session, deps);
      const baseContexts = sideBoots(
        plans.base,
        await sideContexts(plans.base, plans.head, session, deps, measuring),
      );
      writers.head.environment = environment;
      writers.base.environment = {
        ...environment,
        ...guestIdentity(Object.values(baseContexts).map((context) => context.image)),
      };
      const headSteps = sessionSteps(session, deps);
      const baseSteps = sessionSteps({ ...session, contexts: baseContexts }, deps);
      const steps: PairedSteps<BootedGuest> = {
        // Even indices boot the base side (paired-loop.ts boots base at 2k, head at 2k + 1).
        boot: (index, setup) => (index % 2 === 0 ? baseSteps : headSteps).boot(index, setup),
        stop: headSteps.stop,
        repetition: headSteps.repetition,
        cpu: hostCpuOf,
      };
      await runPairedScenarios(plans, scenarios, loopWhere(session), steps, settings, sink, {
        base: writers.base.outcome.scenarios,
        head: writers.head.outcome.scenarios,
      });
    },
    emit,
    options,
  );
  return { base: base!, head: head!, failed: [...new Set([...failedKeys(base!), ...failedKeys(head!)])] };
}
