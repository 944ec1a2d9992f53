// Where the Action's verdicts come from: the stored baseline (compare and/or record), or the
// verdicts file of the pull request's own run (the fork-safe comment step).
import * as core from '@actions/core';
import { resolve } from 'node:path';
import { writeJsonFile } from '../common/atomic-file.js';
import { InputError } from '../common/errors.js';
import { readInputFile } from '../common/input-file.js';
import { INPUT_FILE_CAPS } from '../model/input-limits.js';
import { ActionsCacheStore } from '../baseline/cache-store.js';
import { findBaseline, recordBaseline } from '../baseline/history.js';
import { scenarioSetHash } from '../baseline/runs.js';
import type { BaselineFile } from '../model/baseline.js';
import type { ResultsFile } from '../model/results.js';
import { parseVerdictsJson, type VerdictsFile } from '../model/verdicts.js';
import { planBaseline } from '../verdicts/branches.js';
import { verdictsFor } from '../verdicts/compare.js';
import { cacheRunIdFrom, runIdFrom } from './context.js';
import type { ActionSettings } from './inputs.js';
import { MODE_STEPS } from './modes.js';
import { Inputs } from './names.js';

export interface VerdictsOutcome {
  verdicts?: VerdictsFile;
  baseline?: BaselineFile;
  /** The baseline this run was recorded into, as saved: the job summary draws its trend. */
  recorded?: BaselineFile;
}

export async function obtainVerdicts(
  settings: ActionSettings,
  results: ResultsFile,
): Promise<VerdictsOutcome> {
  const source = MODE_STEPS[settings.mode].verdicts;
  if (source === 'none') return {};
  if (source === 'file') {
    if (!settings.verdictsFile) return {};
    const text = readVerdictsFile(settings.verdictsFile);
    return { verdicts: parseVerdictsJson(text, settings.verdictsFile) };
  }
  return await baselineVerdicts(settings, results);
}

/** The `verdicts-file` input: a regular file within its cap (see readInputFile). */
function readVerdictsFile(path: string): string {
  try {
    return readInputFile(path, { input: Inputs.verdictsFile, maxBytes: INPUT_FILE_CAPS.verdicts });
  } catch (cause) {
    if (cause instanceof InputError) throw cause;
    throw new InputError(Inputs.verdictsFile, path, 'cannot be read', { cause });
  }
}

async function baselineVerdicts(settings: ActionSettings, results: ResultsFile): Promise<VerdictsOutcome> {
  const baselinePlan = planBaseline(settings.context);
  const store = new ActionsCacheStore({
    scenarioSetHash: scenarioSetHash(results.scenarios.map((s) => s.key)),
    runId: cacheRunIdFrom(process.env),
    workDir: resolve(settings.plan.workDir),
    log: core.info,
  });
  const outcome: VerdictsOutcome = {};
  if (baselinePlan.compareWith.length > 0) {
    const branches = baselinePlan.compareWith;
    core.info(`nicgate: comparing with the baseline of ${branches.join(', then ')}`);
    const found = await findBaseline(store, branches, core.warning);
    if (!found) core.info(`nicgate: no baseline found for ${branches.join(' or ')}; every scenario is new`);
    outcome.verdicts = verdictsFor(results, found, settings.decision);
    if (found) outcome.baseline = found.baseline;
    await writeJsonFile(settings.verdictsPath, outcome.verdicts);
  }
  if (baselinePlan.record) {
    const recorded = await record(settings, results, store, baselinePlan.record);
    if (recorded) outcome.recorded = recorded;
  }
  return outcome;
}

async function record(
  settings: ActionSettings,
  results: ResultsFile,
  store: ActionsCacheStore,
  branch: string,
): Promise<BaselineFile | undefined> {
  const commit = process.env.GITHUB_SHA;
  const tag = { runId: runIdFrom(process.env), ...(commit ? { commit } : {}) };
  const recorded = await recordBaseline(store, branch, results, tag, settings.window, core.warning);
  if (!recorded) return undefined;
  core.info(`nicgate: recorded this run in the baseline of ${branch} (${recorded.location})`);
  return recorded.baseline;
}
