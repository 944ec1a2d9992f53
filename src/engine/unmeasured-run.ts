// The paired gate's run when every scenario's inputs are unchanged: both results files, with no
// scenario in them, written without touching the host. No preflight, no ledger, no guest image,
// no accelerator probe, no QEMU: nothing would be measured, so nothing is made ready to measure.
import type { RunPlan } from '../model/plan.js';
import { runCommand, type Exec } from '../proc/exec.js';
import { unmeasuredEnvironment } from './environment.js';
import { ResultsWriter } from './results-writer.js';
import type { PairedRunOutcome } from './run.js';

export async function writeUnmeasuredRun(
  plans: { base: RunPlan; head: RunPlan },
  commits: { base: string; head: string },
  exec: Exec = runCommand,
): Promise<PairedRunOutcome> {
  const environment = await unmeasuredEnvironment(plans.head.accel, exec);
  const writers = {
    base: new ResultsWriter(plans.base.outPath, { role: 'base', commit: commits.base }),
    head: new ResultsWriter(plans.head.outPath, { role: 'head', commit: commits.head }),
  };
  writers.base.environment = environment;
  writers.head.environment = environment;
  const base = (await writers.base.finish())!;
  const head = (await writers.head.finish())!;
  return { base, head, failed: [] };
}
