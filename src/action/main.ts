// The Action: inputs -> results (measured or merged) -> verdicts -> report (job summary, sticky
// comment, annotations, outputs) -> gate. The only setFailed. Which steps run is MODE_STEPS' call.
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { describeError, InputError } from '../common/errors.js';
import { planFromOptions, stateDirFor } from '../engine/run.js';
import { renderResultsTable } from '../report/results-table.js';
import { renderVerdictTable } from '../report/verdict-table.js';
import { postComment } from './comment-step.js';
import { readSettings, type EventPayload } from './inputs.js';
import { Outputs, State } from './names.js';
import { annotateRegressions, writeReport } from './report-step.js';
import { obtainResults } from './results-step.js';
import { obtainVerdicts } from './verdicts-step.js';

/** Error text for an Action user: inputs are named without the CLI's `--`. */
function actionErrorMessage(error: unknown): string {
  const text = describeError(error);
  return error instanceof InputError ? `input ${text.replace(/^--/, '')}` : text;
}

function readEventPayload(path: string | undefined): EventPayload | undefined {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EventPayload;
  } catch {
    return undefined;
  }
}

export async function run(): Promise<void> {
  try {
    const settings = readSettings({
      getInput: (name) => core.getInput(name),
      env: process.env,
      payload: readEventPayload(process.env.GITHUB_EVENT_PATH),
      buildPlan: planFromOptions,
    });
    if (settings.comment.token) core.setSecret(settings.comment.token);
    core.saveState(State.stateDir, stateDirFor(settings.plan.workDir));
    core.saveState(State.workDir, settings.plan.workDir);

    const { results, failed } = await obtainResults(settings);
    core.setOutput(Outputs.resultsPath, settings.plan.outPath);
    core.info(renderResultsTable(results.scenarios));

    const outcome = await obtainVerdicts(settings, results);
    const regressions = outcome.verdicts?.verdicts.filter((v) => v.kind === 'regression') ?? [];
    core.setOutput(Outputs.regressed, String(regressions.length > 0));
    if (outcome.verdicts) {
      core.setOutput(Outputs.verdictsPath, settings.verdictsPath);
      core.info(renderVerdictTable(outcome.verdicts));
    }
    annotateRegressions(regressions, settings.failOnRegression);

    const report = await writeReport(settings, results, outcome);
    const commentUrl = await postComment(settings, report);
    if (commentUrl) core.setOutput(Outputs.commentUrl, commentUrl);

    const problems: string[] = [];
    if (failed.length > 0) problems.push(`${failed.length} scenario(s) failed: ${failed.join(', ')}`);
    if (regressions.length > 0 && settings.failOnRegression)
      problems.push(`throughput regressed: ${regressions.map((v) => v.key).join(', ')}`);
    if (problems.length > 0) core.setFailed(problems.join('; '));
  } catch (error) {
    core.setFailed(actionErrorMessage(error));
  }
}
