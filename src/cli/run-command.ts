// `nicgate run`, `nicgate setup` and `nicgate cleanup`: the commands that work on the host.
import { hostImages, hostPaths, planFromOptions } from '../config/host-paths.js';
import { randomInt } from 'node:crypto';
import { hashPath } from '../config/content-hash.js';
import { PAIRED_RUN_DEFAULTS, parsePairedOptions, type PairedOptions } from '../config/paired-options.js';
import { parseOnError, type GateChoice } from '../config/gate-policy.js';
import { writeJsonFile } from '../common/atomic-file.js';
import { runPairedGate } from '../gate/paired-gate.js';
import { GATE_DEFAULTS, RUN_DEFAULTS } from '../model/defaults.js';
import { runCommand as exec } from '../proc/exec.js';
import { renderVerdictTable } from '../report/verdict-table.js';
import { renderWhyConsole } from '../report/input-differences.js';
import { cleanupStaleRuns } from '../engine/cleanup.js';
import { executeRun } from '../engine/run.js';
import { stateDirFor } from '../engine/state-dir.js';
import { installHostPackages } from '../host/packages.js';
import { EXIT_OK } from '../common/errors.js';
import { consoleSink } from '../report/console.js';
import { renderResultsTable } from '../report/results-table.js';
import { cliGate, gateExitCode } from './gate-exit.js';
import type { Io } from './io.js';

/** `nicgate run --base-ref REF`: base against the working tree, interleaved, judged from pairs. */
async function pairedRunCommand(
  flags: Record<string, string>,
  paired: PairedOptions,
  onError: GateChoice,
  io: Io,
): Promise<number> {
  const head = planFromOptions(flags, { defaults: PAIRED_RUN_DEFAULTS });
  const outcome = await runPairedGate(
    flags,
    head,
    paired,
    {
      git: exec,
      cwd: process.cwd(),
      hashPath,
      paths: hostPaths,
      images: hostImages,
      runOptions: { handleSignals: true },
    },
    consoleSink(io.log),
  );
  for (const path of outcome.missingAtBase)
    io.log(`nicgate: ${path} does not exist at the base: its scenarios are new`);
  io.out(`\n${renderVerdictTable(outcome.verdicts)}\n`);
  const why = renderWhyConsole(outcome.verdicts.verdicts);
  if (why.length > 0) io.out(`${why.join('\n')}\n`);
  if (outcome.head) io.log(`nicgate: results written to ${head.outPath} (head) and ${paired.baseOut} (base)`);
  if (paired.verdictsOut) {
    await writeJsonFile(paired.verdictsOut, outcome.verdicts);
    io.log(`nicgate: verdicts written to ${paired.verdictsOut}`);
  }
  if (outcome.failed.length > 0)
    io.log(`nicgate: ${outcome.failed.length} scenario(s) failed: ${outcome.failed.join(', ')}`);
  const judgement = cliGate(outcome.verdicts.verdicts, outcome.failed, {
    onInconclusive: paired.onInconclusive,
    onError,
  });
  const unjudged = outcome.verdicts.verdicts.filter((v) => v.kind === 'error');
  if (unjudged.length > 0)
    io.log(
      `nicgate: ${unjudged.length} scenario(s) could not be judged (${judgement.problems.unjudged.outcome === 'fail' ? 'failing: --on-error fail' : 'passing: --on-error pass'}): ${unjudged.map((v) => `${v.key}: ${v.reason}`).join('; ')}`,
    );
  return gateExitCode(judgement);
}

export async function runCommand(flags: Record<string, string>, io: Io): Promise<number> {
  const onError = parseOnError(flags['on-error']);
  const paired = parsePairedOptions(flags, flags.out ?? RUN_DEFAULTS.out, () => randomInt(2 ** 31));
  if (paired) return pairedRunCommand(flags, paired, onError, io);
  const plan = planFromOptions(flags);
  io.log(
    `nicgate: ${plan.scenarios.length} scenario(s), ${plan.measure.repetitions} repetition(s) of ${plan.measure.durationSec} s each`,
  );
  // The engine tears down and exits 130/143 on SIGINT/SIGTERM.
  const outcome = await executeRun(plan, consoleSink(io.log), { handleSignals: true });
  io.out(`\n${renderResultsTable(outcome.results.scenarios)}\n`);
  io.log(`nicgate: results written to ${plan.outPath}`);
  if (outcome.failed.length > 0)
    io.log(`nicgate: ${outcome.failed.length} scenario(s) failed: ${outcome.failed.join(', ')}`);
  // No verdicts without --base-ref: only scenarios that failed can fail the command.
  return gateExitCode(cliGate([], outcome.failed, { onInconclusive: GATE_DEFAULTS.onInconclusive, onError }));
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
