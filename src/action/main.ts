// The Action: inputs -> results (measured or merged) -> verdicts -> report (job summary, sticky
// comment, annotations, outputs) -> gate. The only setFailed. Which steps run is MODE_STEPS' call.
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { describeError, InputError } from '../common/errors.js';
import { hostPaths, planFromOptions } from '../config/host-paths.js';
import type { RawOptions } from '../config/options.js';
import { stateDirFor } from '../engine/state-dir.js';
import type { RunPlan } from '../model/plan.js';
import { consoleText } from '../report/console-text.js';
import { renderResultsTable } from '../report/results-table.js';
import { renderVerdictTable } from '../report/verdict-table.js';
import { postComment } from './comment-step.js';
import { gateFailure } from './gate.js';
import { judgedInconclusive, judgeGate } from '../verdicts/gate-rule.js';
import { readSettings, type EventPayload } from './inputs.js';
import { MODE_STEPS } from './modes.js';
import { Outputs, State } from './names.js';
import {
  annotateErrors,
  annotateImprovements,
  annotateInconclusive,
  annotateRegressions,
  writeReport,
} from './report-step.js';
import { obtainResults } from './results-step.js';
import { infoWriter, readsFiles } from './untrusted.js';
import { obtainVerdicts } from './verdicts-step.js';
import { comparePaired, obtainPairedResults } from './paired-step.js';
import { needsMeasuring } from '../gate/paired-gate.js';
import { measureWithGuestCache } from './guest-cache-step.js';
import { consoleLogPatterns } from './console-logs.js';

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

function buildPlan(raw: RawOptions, defaults?: RawOptions): RunPlan {
  return planFromOptions(raw, { createOutputDirectories: true, ...(defaults ? { defaults } : {}) });
}

export async function run(): Promise<void> {
  // Errors about files other jobs wrote (a path, a field) may carry their line breaks.
  let fromFiles = false;
  try {
    const settings = readSettings({
      getInput: (name) => core.getInput(name),
      env: process.env,
      payload: readEventPayload(process.env.GITHUB_EVENT_PATH),
      buildPlan,
      paths: hostPaths,
    });
    if (settings.comment.token) core.setSecret(settings.comment.token);
    if (settings.guestCacheSecret) core.setSecret(settings.guestCacheSecret);
    core.saveState(State.stateDir, stateDirFor());
    core.saveState(State.workDir, settings.plan.workDir);
    // Set before anything boots, so a failed run's logs can still be uploaded.
    core.setOutput(Outputs.consoleLogs, consoleLogPatterns(settings.plan.workDir));

    // Tables of files (a fork's artifact, in mode comment) are printed with commands stopped.
    fromFiles = readsFiles(MODE_STEPS[settings.mode]);
    const print = infoWriter(MODE_STEPS[settings.mode]);
    // The paired gate reads the base and compares fingerprints first: a job where no scenario's
    // inputs changed installs no host package, restores no guest cache and builds no guest.
    const comparison = settings.paired ? await comparePaired(settings, settings.paired) : undefined;
    const obtain = async () => {
      if (settings.paired && comparison) {
        const paired = await obtainPairedResults(settings, settings.paired, comparison);
        return { paired, ...paired };
      }
      // A paired job whose base could not be read is judged against baselines that plain jobs
      // stored, so it measures as a plain job does: planned again without the paired defaults.
      const plain = settings.paired ? { ...settings, plan: buildPlan(settings.measureInputs) } : settings;
      return { paired: undefined, ...(await obtainResults(plain)) };
    };
    const boots =
      MODE_STEPS[settings.mode].results === 'measure' &&
      (comparison === undefined || needsMeasuring(comparison));
    // Jobs that boot guests restore the guest cache before measuring and save it after.
    const { value: obtained, guestCache } = boots
      ? await measureWithGuestCache(settings, obtain)
      : { value: await obtain(), guestCache: undefined };
    const { paired, results, failed } = obtained;
    core.setOutput(Outputs.resultsPath, settings.plan.outPath);
    print(renderResultsTable(results.scenarios));

    const outcome = paired ? { verdicts: paired.verdicts } : await obtainVerdicts(settings, results);
    const verdictList = outcome.verdicts?.verdicts ?? [];
    const judgement = judgeGate(verdictList, failed, {
      failOnRegression: settings.failOnRegression,
      onInconclusive: settings.paired?.onInconclusive ?? settings.onInconclusive,
      onError: settings.onError,
    });
    const regressions = verdictList.filter((v) => v.kind === 'regression');
    core.setOutput(Outputs.regressed, String(regressions.length > 0));
    if (outcome.verdicts) {
      core.setOutput(Outputs.verdictsPath, settings.verdictsPath);
      print(renderVerdictTable(outcome.verdicts));
    }
    // Annotations point at profile lines only where this job's paired gate resolved the files.
    const located = paired !== undefined;
    annotateRegressions(regressions, judgement.problems.regressed.outcome, located);
    annotateImprovements(
      verdictList.filter((v) => v.kind === 'improvement'),
      located,
    );

    const report = await writeReport(settings, results, outcome, guestCache);
    const commentUrl = await postComment(settings, report, {
      verdictKinds: verdictList.map((verdict) => verdict.kind),
      gateFails: gateFailure(judgement) !== undefined,
    });
    if (commentUrl) core.setOutput(Outputs.commentUrl, commentUrl);

    annotateInconclusive(judgedInconclusive(verdictList), judgement.problems.inconclusive.outcome, located);
    annotateErrors(verdictList, failed, results.scenarios, judgement.problems.unjudged.outcome);
    const failure = gateFailure(judgement);
    if (failure !== undefined) core.setFailed(failure);
  } catch (error) {
    const message = actionErrorMessage(error);
    core.setFailed(fromFiles ? consoleText(message) : message);
  }
}
