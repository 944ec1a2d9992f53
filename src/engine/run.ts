// The run job shared by the CLI and the Action, and the one owner of a run's lifetime:
// preflight -> stale cleanup -> ledger -> session and loop -> results file -> teardown (once, on
// every path). The results are written before teardown, partial when a signal or an error stops
// the run, and a teardown problem is a warning: measured results are never lost to it.
// The real host (HOST_DEPS) is the default here; tests pass fakes.
import { describeError, RunError } from '../common/errors.js';
import type { RunPlan } from '../model/plan.js';
import type { ResultsFile } from '../model/results.js';
import { cleanupStale } from '../net/teardown.js';
import { QEMU_BINARY } from '../qemu/argv.js';
import { GUEST_CPUS, type BootContext, type BootedGuest } from './boot.js';
import { HOST_DEPS, type EngineDeps } from './deps.js';
import { collectEnvironment } from './environment.js';
import { timed, type EventSink } from './events.js';
import { openLifetime, type RunLifetime } from './lifetime.js';
import { runScenarios, type LoopSteps, type LoopWhere } from './loop.js';
import type { Environment } from '../model/environment.js';
import { sampleHostCpu } from './host-cpu.js';
import {
  runPairedScenarios,
  type PairedScenario,
  type PairedSettings,
  type PairedSteps,
} from './paired-loop.js';
import { ResultsWriter } from './results-writer.js';
import { openSession, sessionSteps, sideContexts, type Session } from './session.js';
import type { GuestImage } from '../guest/os.js';
import type { GuestName } from '../model/guests.js';
import { createHash } from 'node:crypto';
import { onTermination, SIGNAL_EXIT_CODES, type SignalSource, type TerminationSignal } from './signals.js';
import { stateDirFor } from './state-dir.js';

export { stateDirFor } from './state-dir.js';

export interface RunOutcome {
  results: ResultsFile;
  /** Keys of the scenarios that failed. */
  failed: string[];
}

export interface ExecuteRunOptions {
  /**
   * On SIGINT, SIGTERM or SIGHUP: save what was measured (partial), tear the run down and exit
   * 130, 143 or 129 (the CLI). The Action leaves cancellation to its post step.
   */
  handleSignals?: boolean;
  /** Fakes for the host, for tests; the real host otherwise. */
  deps?: Partial<EngineDeps>;
  /** Where the ledger goes; stateDirFor() by default. */
  stateDir?: string;
  /** For tests: where signals come from, and what exits. */
  signals?: SignalSource;
  exit?: (code: number) => void;
}

/** The run was stopped by a signal (seen only where `exit` returns, as in tests). */
export class RunInterruptedError extends RunError {
  override readonly name = 'RunInterruptedError';
}

async function closeQuietly(lifetime: RunLifetime, emit: EventSink): Promise<void> {
  for (const problem of await timed(emit, 'teardown', () => lifetime.close()))
    emit({
      type: 'warning',
      message: `teardown: ${problem} (the ledger stays in ${lifetime.stateDir}; \`nicgate cleanup\` retries)`,
    });
}

async function savePartial(
  writers: readonly ResultsWriter[],
  reason: string,
  emit: EventSink,
): Promise<void> {
  for (const writer of writers) {
    const saved = await writer.finish(reason).catch((error: unknown) => {
      emit({ type: 'warning', message: `could not save the partial results: ${describeError(error)}` });
      return undefined;
    });
    if (saved?.partial)
      emit({
        type: 'warning',
        message: `${reason}: the ${saved.scenarios.length} scenario(s) measured so far are in ${writer.outPath}, marked partial`,
      });
  }
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
async function environmentOf(session: Session, deps: EngineDeps): Promise<Environment> {
  return collectEnvironment(
    {
      accelerator: session.accel.accel,
      acceleratorNote: session.accel.note,
      qemuBinary: QEMU_BINARY,
      ...guestIdentity(Object.values(session.images)),
      guestCpus: GUEST_CPUS,
      ...(session.boot.pinning ? { pinning: session.boot.pinning.description } : {}),
      ...(deps.probeCpu ? { cpuScore: await deps.probeCpu() } : {}),
    },
    deps.exec,
  );
}

function loopWhere(session: Session): LoopWhere {
  return { netns: session.boot.netns, accel: session.boot.accel, hostPeer: session.hostPeer };
}

/** What runs between opening the ledger and teardown; it fills the writers as it goes. */
type MeasureBody = (lifetime: RunLifetime, deps: EngineDeps, emit: EventSink) => Promise<void>;

/**
 * The lifetime every run shares: preflight, stale cleanup, ledger, `body`, the results files
 * (partial on an error or a signal), teardown once. Throws when the run could not happen at all.
 */
async function ownRun(
  plan: RunPlan,
  writers: readonly ResultsWriter[],
  body: MeasureBody,
  emit: EventSink,
  options: ExecuteRunOptions,
): Promise<ResultsFile[]> {
  const deps: EngineDeps = { ...HOST_DEPS, ...options.deps };
  const stateDir = options.stateDir ?? stateDirFor();
  let lifetime: RunLifetime | undefined;
  let stopped: { signal: TerminationSignal; done: Promise<void> } | undefined;
  const stop = async (signal: TerminationSignal): Promise<void> => {
    emit({ type: 'stage', message: `${signal} received, tearing down` });
    await savePartial(writers, `interrupted by ${signal}`, emit);
    if (lifetime) await closeQuietly(lifetime, emit);
    (options.exit ?? process.exit)(SIGNAL_EXIT_CODES[signal]);
  };
  const release = options.handleSignals
    ? onTermination((signal) => void (stopped ??= { signal, done: stop(signal) }), options.signals)
    : undefined;
  const interrupted = async (cause?: unknown): Promise<never> => {
    await stopped!.done;
    throw new RunInterruptedError(`interrupted by ${stopped!.signal}`, { cause });
  };
  try {
    const stale = await timed(emit, 'preflight', async () => {
      await deps.preflight(plan, deps.exec);
      return await cleanupStale(stateDir, deps);
    });
    for (const line of stale.cleaned)
      emit({ type: 'warning', message: `removed leftovers of an earlier run: ${line}` });
    for (const warning of stale.warnings) emit({ type: 'warning', message: `cleanup: ${warning}` });
    if (stopped) return await interrupted();
    lifetime = openLifetime(stateDir, deps);
    const files: ResultsFile[] = [];
    try {
      await body(lifetime, deps, emit);
      for (const writer of writers) files.push((await writer.finish())!);
    } catch (error) {
      await savePartial(writers, `stopped by an error (${describeError(error).slice(0, 300)})`, emit);
      throw error;
    } finally {
      await closeQuietly(lifetime, emit);
    }
    if (stopped) return await interrupted();
    return files;
  } catch (error) {
    if (stopped) return await interrupted(error);
    throw error;
  } finally {
    release?.();
  }
}

const failedKeys = (results: ResultsFile): string[] =>
  results.scenarios.filter((s) => s.error).map((s) => s.key);

/** Boots, measures and writes the results file. Throws when the run could not happen at all. */
/** Host CPU counters with these guests' QEMU processes counted as nicgate's. */
const hostCpuOf = (guests: readonly BootedGuest[]) =>
  sampleHostCpu(guests.flatMap((g) => (g.vm.pid === undefined ? [] : [g.vm.pid])));

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

export interface PairedRunOutcome {
  base: ResultsFile;
  head: ResultsFile;
  /** Keys of the scenarios that failed on either side. */
  failed: string[];
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
      const session = await openSession(plans.head, lifetime, deps, sink);
      const environment = await environmentOf(session, deps);
      const baseContexts = sideBoots(plans.base, await sideContexts(plans.base, plans.head, session, deps));
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

/**
 * A session without the measuring loop, for benchmarks of boot time: the same ledger, image,
 * namespace and single teardown as a run, with the accelerator given instead of probed.
 */
export async function withGuestSession<T>(
  plan: RunPlan,
  accel: 'kvm' | 'tcg',
  body: (boot: BootContext) => Promise<T>,
  options: { deps?: Partial<EngineDeps>; stateDir?: string; emit?: EventSink } = {},
): Promise<T> {
  const deps: EngineDeps = { ...HOST_DEPS, ...options.deps };
  const emit = options.emit ?? (() => undefined);
  const lifetime = openLifetime(options.stateDir ?? stateDirFor(), deps);
  try {
    const session = await openSession(plan, lifetime, deps, emit, accel);
    return await body(session.boot);
  } finally {
    await closeQuietly(lifetime, emit);
  }
}
