// The Action: inputs -> the same engine as the CLI -> results file, outputs, job summary.
// The only place that calls setFailed.
import * as core from '@actions/core';
import { join } from 'node:path';
import { measure, planFromOptions, stateDirFor } from './app/measure.js';
import { installHostPackages } from './app/setup.js';
import type { RawOptions } from './config/options.js';
import { MEASURE_INPUTS, Outputs, State } from './constants.js';
import type { EngineEvent } from './engine/events.js';
import { describeError, InputError } from './errors.js';
import { renderResultsMarkdown } from './report/markdown.js';
import { describeEvent } from './ui/console.js';
import { renderResultsTable } from './ui/table.js';

export function readInputs(): RawOptions {
  const raw: RawOptions = {};
  for (const name of MEASURE_INPUTS) {
    const value = core.getInput(name);
    if (value !== '') raw[name] = value;
  }
  if (raw['work-dir'] === undefined && process.env.RUNNER_TEMP)
    raw['work-dir'] = join(process.env.RUNNER_TEMP, 'nicgate');
  return raw;
}

/** Error text for an Action user: inputs are named without the CLI's `--`. */
export function actionErrorMessage(error: unknown): string {
  const text = describeError(error);
  return error instanceof InputError ? `input ${text.replace(/^--/, '')}` : text;
}

function logEvent(event: EngineEvent): void {
  const line = describeEvent(event);
  if (line === undefined) return;
  if (event.type === 'warning') core.warning(event.message);
  else core.info(line);
}

export async function run(): Promise<void> {
  try {
    const plan = planFromOptions(readInputs());
    core.saveState(State.stateDir, stateDirFor(plan.workDir));
    core.saveState(State.workDir, plan.workDir);
    await core.group('Install host packages', () => installHostPackages(core.info));
    const outcome = await measure(plan, logEvent);
    core.setOutput(Outputs.resultsPath, plan.outPath);
    core.info(renderResultsTable(outcome.results.scenarios));
    await core.summary.addRaw(renderResultsMarkdown(outcome.results)).write();
    if (outcome.failed.length > 0) {
      core.setFailed(`${outcome.failed.length} scenario(s) failed: ${outcome.failed.join(', ')}`);
    }
  } catch (error) {
    core.setFailed(actionErrorMessage(error));
  }
}
