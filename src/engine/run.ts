// The `run` job shared by the CLI and the Action: plan -> preflight -> engine -> results file.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildPlan } from '../config/plan.js';
import type { RawOptions } from '../config/options.js';
import type { EventSink } from './events.js';
import { runPlan } from './loop.js';
import { writeJsonFile } from '../common/atomic-file.js';
import { Ledger } from '../net/ledger.js';
import { cleanupStale, teardown } from '../net/teardown.js';
import type { ResultsFile } from '../model/results.js';
import type { RunPlan } from '../model/plan.js';
import { preflight } from '../host/preflight.js';

export function planFromOptions(raw: RawOptions): RunPlan {
  return buildPlan(raw, { readFile: (path) => readFileSync(path, 'utf8'), exists: existsSync });
}

export function stateDirFor(workDir: string): string {
  return join(resolve(workDir), 'state');
}

export interface MeasureOutcome {
  results: ResultsFile;
  failed: string[];
}

/**
 * Runs the plan. `onLedger` hands the caller the run's ledger so a signal handler can tear the
 * run down while it is in flight.
 */
export async function measure(
  plan: RunPlan,
  emit: EventSink,
  onLedger?: (ledger: Ledger) => void,
): Promise<MeasureOutcome> {
  await preflight(plan);
  const stateDir = stateDirFor(plan.workDir);
  for (const line of await cleanupStale(stateDir))
    emit({ type: 'warning', message: `removed leftovers of an earlier run: ${line}` });
  const ledger = new Ledger(stateDir, randomBytes(3).toString('hex'));
  onLedger?.(ledger);
  try {
    const results = await runPlan(plan, ledger, emit);
    await writeJsonFile(plan.outPath, results);
    return { results, failed: results.scenarios.filter((s) => s.error).map((s) => s.key) };
  } finally {
    await teardown(ledger.data);
    ledger.remove();
  }
}
