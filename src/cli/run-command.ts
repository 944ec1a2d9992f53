// `nicgate run`, `nicgate setup` and `nicgate cleanup`: the commands that work on the host.
import { planFromOptions } from '../config/host-paths.js';
import type { RawOptions } from '../config/options.js';
import { cleanupStaleRuns } from '../engine/cleanup.js';
import { executeRun, stateDirFor } from '../engine/run.js';
import { installHostPackages } from '../host/packages.js';
import { EXIT_FAILURE, EXIT_OK } from '../common/errors.js';
import { consoleSink } from '../report/console.js';
import { renderResultsTable } from '../report/results-table.js';
import type { Io } from './io.js';

export async function runCommand(flags: RawOptions, io: Io): Promise<number> {
  const plan = planFromOptions(flags);
  io.log(
    `nicgate: ${plan.scenarios.length} scenario(s), ${plan.measure.repetitions} repetition(s) of ${plan.measure.durationSec} s each`,
  );
  // The engine tears down and exits 130/143 on SIGINT/SIGTERM.
  const outcome = await executeRun(plan, consoleSink(io.log), { handleSignals: true });
  io.out(`\n${renderResultsTable(outcome.results.scenarios)}\n`);
  io.log(`nicgate: results written to ${plan.outPath}`);
  if (outcome.failed.length === 0) return EXIT_OK;
  io.log(`nicgate: ${outcome.failed.length} scenario(s) failed: ${outcome.failed.join(', ')}`);
  return EXIT_FAILURE;
}

export async function setupCommand(io: Io): Promise<number> {
  const installed = await installHostPackages(io.log);
  io.log(installed.length ? `installed: ${installed.join(' ')}` : 'nicgate: host packages already present');
  return EXIT_OK;
}

export async function cleanupCommand(io: Io): Promise<number> {
  const stateDir = stateDirFor();
  const cleaned = await cleanupStaleRuns(stateDir, false, undefined, (m) => io.log(`warning: ${m}`));
  io.log(`nicgate: state directory ${stateDir}`);
  io.log(cleaned.length ? cleaned.join('\n') : 'nicgate: nothing to clean up');
  return EXIT_OK;
}
