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
import type { BootContext } from './boot.js';
import { HOST_DEPS, type EngineDeps } from './deps.js';
import { collectEnvironment } from './environment.js';
import type { EventSink } from './events.js';
import { openLifetime, type RunLifetime } from './lifetime.js';
import { runScenarios } from './loop.js';
import { ResultsWriter } from './results-writer.js';
import { openSession, sessionSteps } from './session.js';
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
  for (const problem of await lifetime.close())
    emit({
      type: 'warning',
      message: `teardown: ${problem} (the ledger stays in ${lifetime.stateDir}; \`nicgate cleanup\` retries)`,
    });
}

async function savePartial(writer: ResultsWriter, reason: string, emit: EventSink): Promise<void> {
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

/** Session, loop, results: everything between opening the ledger and teardown. */
async function measure(
  plan: RunPlan,
  lifetime: RunLifetime,
  deps: EngineDeps,
  emit: EventSink,
  writer: ResultsWriter,
): Promise<ResultsFile> {
  const session = await openSession(plan, lifetime, deps, emit);
  writer.environment = await collectEnvironment(
    {
      accelerator: session.accel.accel,
      acceleratorNote: session.accel.note,
      qemuBinary: QEMU_BINARY,
      guestKernel: session.image.kernelRelease,
      guestKernelSource: session.image.kernelSource,
    },
    deps.exec,
  );
  const where = { netns: session.boot.netns, accel: session.boot.accel, hostPeer: session.hostPeer };
  await runScenarios(plan, where, sessionSteps(session, deps), emit, writer.outcome);
  return (await writer.finish())!;
}

/** Boots, measures and writes the results file. Throws when the run could not happen at all. */
export async function executeRun(
  plan: RunPlan,
  emit: EventSink,
  options: ExecuteRunOptions = {},
): Promise<RunOutcome> {
  const deps: EngineDeps = { ...HOST_DEPS, ...options.deps };
  const stateDir = options.stateDir ?? stateDirFor();
  const writer = new ResultsWriter(plan.outPath);
  let lifetime: RunLifetime | undefined;
  let stopped: { signal: TerminationSignal; done: Promise<void> } | undefined;
  const stop = async (signal: TerminationSignal): Promise<void> => {
    emit({ type: 'stage', message: `${signal} received, tearing down` });
    await savePartial(writer, `interrupted by ${signal}`, emit);
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
    await deps.preflight(plan, deps.exec);
    const stale = await cleanupStale(stateDir, deps);
    for (const line of stale.cleaned)
      emit({ type: 'warning', message: `removed leftovers of an earlier run: ${line}` });
    for (const warning of stale.warnings) emit({ type: 'warning', message: `cleanup: ${warning}` });
    if (stopped) return await interrupted();
    lifetime = openLifetime(stateDir, deps);
    let results: ResultsFile;
    try {
      results = await measure(plan, lifetime, deps, emit, writer);
    } catch (error) {
      await savePartial(writer, `stopped by an error (${describeError(error).slice(0, 300)})`, emit);
      throw error;
    } finally {
      await closeQuietly(lifetime, emit);
    }
    if (stopped) return await interrupted();
    return { results, failed: results.scenarios.filter((s) => s.error).map((s) => s.key) };
  } catch (error) {
    if (stopped) return await interrupted(error);
    throw error;
  } finally {
    release?.();
  }
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
