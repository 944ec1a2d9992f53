// The run job shared by the CLI and the Action, and the one owner of a run's lifetime:
// preflight -> stale cleanup -> ledger -> session and loop -> teardown (once, on every path)
// -> provenance -> results file. The real host (HOST_DEPS) is the default here; tests pass fakes.
import { join, resolve } from 'node:path';
import { writeJsonFile } from '../common/atomic-file.js';
import { preflight } from '../host/preflight.js';
import type { RunPlan } from '../model/plan.js';
import { RESULTS_SCHEMA_VERSION, type ResultsFile } from '../model/results.js';
import type { Ledger } from '../net/ledger.js';
import { cleanupStale } from '../net/teardown.js';
import { QEMU_BINARY } from '../qemu/argv.js';
import type { BootContext } from './boot.js';
import { HOST_DEPS, type EngineDeps } from './deps.js';
import { collectEnvironment } from './environment.js';
import type { EventSink } from './events.js';
import { openLifetime, type RunLifetime } from './lifetime.js';
import { runScenarios, type LoopOutcome } from './loop.js';
import { openSession, sessionSteps, type Session } from './session.js';
import { onTermination, SIGNAL_EXIT_CODES } from './signals.js';

export function stateDirFor(workDir: string): string {
  return join(resolve(workDir), 'state');
}

export interface RunOutcome {
  results: ResultsFile;
  /** Keys of the scenarios that failed. */
  failed: string[];
}

export interface ExecuteRunOptions {
  /**
   * On SIGINT or SIGTERM, tear the run down and exit 130 or 143 (the CLI). The Action leaves
   * cancellation to its post step.
   */
  handleSignals?: boolean;
  /** Fakes for the host, for tests; the real host otherwise. */
  deps?: Partial<EngineDeps>;
}

/** Boots, measures and writes the results file. Throws when the run could not happen at all. */
export async function executeRun(
  plan: RunPlan,
  emit: EventSink,
  options: ExecuteRunOptions = {},
): Promise<RunOutcome> {
  const deps: EngineDeps = { ...HOST_DEPS, ...options.deps };
  let lifetime: RunLifetime | undefined;
  const release = options.handleSignals
    ? onTermination((signal) => {
        emit({ type: 'stage', message: `${signal} received, tearing down` });
        const exit = (): never => process.exit(SIGNAL_EXIT_CODES[signal]);
        if (!lifetime) exit();
        void lifetime!.close().finally(exit);
      })
    : undefined;
  try {
    await preflight(plan, deps.exec);
    const stateDir = stateDirFor(plan.workDir);
    for (const line of await cleanupStale(stateDir, deps))
      emit({ type: 'warning', message: `removed leftovers of an earlier run: ${line}` });
    lifetime = openLifetime(stateDir, deps);
    let measured: { session: Session; loop: LoopOutcome };
    try {
      measured = await measureAll(plan, lifetime.ledger, deps, emit);
    } finally {
      await lifetime.close();
    }
    const { session, loop } = measured;
    const results: ResultsFile = {
      schemaVersion: RESULTS_SCHEMA_VERSION,
      environment: await collectEnvironment(
        {
          accelerator: session.accel.accel,
          acceleratorNote: session.accel.note,
          qemuBinary: QEMU_BINARY,
          guestKernel: loop.guestKernel ?? session.image.kernelRelease,
          guestKernelSource: session.image.kernelSource,
        },
        deps.exec,
      ),
      scenarios: loop.scenarios,
    };
    await writeJsonFile(plan.outPath, results);
    return { results, failed: results.scenarios.filter((s) => s.error).map((s) => s.key) };
  } finally {
    release?.();
  }
}

async function measureAll(
  plan: RunPlan,
  ledger: Ledger,
  deps: EngineDeps,
  emit: EventSink,
): Promise<{ session: Session; loop: LoopOutcome }> {
  const session = await openSession(plan, ledger, deps, emit);
  const where = { netns: session.boot.netns, accel: session.boot.accel };
  const loop = await runScenarios(plan, where, sessionSteps(session, deps), emit);
  return { session, loop };
}

/**
 * A session without the measuring loop, for benchmarks of boot time: the same ledger, image,
 * namespace and single teardown as a run, with the accelerator given instead of probed.
 */
export async function withGuestSession<T>(
  plan: RunPlan,
  accel: 'kvm' | 'tcg',
  body: (boot: BootContext) => Promise<T>,
  options: { deps?: Partial<EngineDeps> } = {},
): Promise<T> {
  const deps: EngineDeps = { ...HOST_DEPS, ...options.deps };
  const lifetime = openLifetime(stateDirFor(plan.workDir), deps);
  try {
    const session = await openSession(plan, lifetime.ledger, deps, () => undefined, accel);
    return await body(session.boot);
  } finally {
    await lifetime.close();
  }
}
