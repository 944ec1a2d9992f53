// The one owner of a run's lifetime, shared by every kind of run: preflight -> stale cleanup ->
// ledger -> the run's body -> results files -> teardown (once, on every path). The results are
// written before teardown, partial when a signal or an error stops the run, and a teardown
// problem is a warning: measured results are never lost to it.
// The real host (HOST_DEPS) is the default here; tests pass fakes.
import { describeError, RunError } from '../common/errors.js';
import type { RunPlan } from '../model/plan.js';
import type { ResultsFile } from '../model/results.js';
import { cleanupStale } from '../net/teardown.js';
import { HOST_DEPS, type EngineDeps } from './deps.js';
import { withImageGuests } from '../guest/image/os.js';
import { timed, type EventSink } from './events.js';
import { openLifetime, type RunLifetime } from './lifetime.js';
import type { ResultsWriter } from './results-writer.js';
import { onTermination, SIGNAL_EXIT_CODES, type SignalSource, type TerminationSignal } from './signals.js';
import { stateDirFor } from './state-dir.js';

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

/** What runs between opening the ledger and teardown; it fills the writers as it goes. */
export type MeasureBody = (lifetime: RunLifetime, deps: EngineDeps, emit: EventSink) => Promise<void>;

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
 * The lifetime every run shares: preflight, stale cleanup, ledger, `body`, the results files
 * (partial on an error or a signal), teardown once. Resolves one file per writer, in their order.
 * Throws when the run could not happen at all.
 */
export async function ownRun(
  plan: RunPlan,
  writers: readonly ResultsWriter[],
  body: MeasureBody,
  emit: EventSink,
  options: ExecuteRunOptions,
): Promise<ResultsFile[]> {
  const given: EngineDeps = { ...HOST_DEPS, ...options.deps };
  // The plan's own images (`--image`) are guests of this run alone.
  const deps: EngineDeps = { ...given, guests: withImageGuests(given.guests, plan.images ?? []) };
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
