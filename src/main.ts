// The Action: inputs -> the same engine as the CLI -> results, verdicts against the baseline,
// outputs and job summary. The only place that calls setFailed.
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cacheRunIdFrom, runContextFrom, runIdFrom } from './action/context.js';
import { findBaseline, recordBaseline, verdictsFor } from './app/baseline.js';
import { writeJson } from './app/compare-command.js';
import { measure, planFromOptions, stateDirFor } from './app/measure.js';
import { installHostPackages } from './app/setup.js';
import { ActionsCacheStore } from './baseline/cache-store.js';
import { scenarioSetHash } from './baseline/schema.js';
import {
  parseAlpha,
  parseBoolean,
  parseBranchGlobs,
  parseMode,
  parseThreshold,
  parseWindow,
} from './config/decision.js';
import type { RawOptions } from './config/options.js';
import { Inputs, MEASURE_INPUTS, Outputs, State } from './constants.js';
import type { EngineEvent } from './engine/events.js';
import { describeError, InputError } from './errors.js';
import { renderResultsMarkdown } from './report/markdown.js';
import { renderVerdictMarkdown, renderVerdictTable } from './report/verdicts.js';
import type { ResultsFile } from './results/schema.js';
import type { RunPlan } from './types.js';
import { describeEvent } from './ui/console.js';
import { renderResultsTable } from './ui/table.js';
import { planBaseline, type RunContext } from './verdicts/branches.js';
import type { VerdictsFile } from './verdicts/schema.js';

export function readMeasureInputs(): RawOptions {
  const raw: RawOptions = {};
  for (const name of MEASURE_INPUTS) {
    const value = core.getInput(name);
    if (value !== '') raw[name] = value;
  }
  if (raw['work-dir'] === undefined && process.env.RUNNER_TEMP)
    raw['work-dir'] = join(process.env.RUNNER_TEMP, 'nicgate');
  return raw;
}

interface ActionSettings {
  plan: RunPlan;
  context: RunContext;
  decision: { threshold: number; alpha: number; allowEnvironmentChange: boolean };
  window: number;
  verdictsPath: string;
  failOnRegression: boolean;
}

function readEventPayload(): { repository?: { default_branch?: string } } | undefined {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { repository?: { default_branch?: string } };
  } catch {
    return undefined;
  }
}

/** Every input is read and validated before anything boots. */
function readSettings(): ActionSettings {
  const plan = planFromOptions(readMeasureInputs());
  const input = (name: string): string => core.getInput(name);
  return {
    plan,
    context: runContextFrom(
      process.env,
      readEventPayload(),
      parseMode(input(Inputs.mode), Inputs.mode),
      parseBranchGlobs(input(Inputs.baselineBranches), Inputs.baselineBranches),
    ),
    decision: {
      threshold: parseThreshold(input(Inputs.threshold), Inputs.threshold),
      alpha: parseAlpha(input(Inputs.alpha), Inputs.alpha),
      allowEnvironmentChange: parseBoolean(
        input(Inputs.allowEnvironmentChange),
        Inputs.allowEnvironmentChange,
      ),
    },
    window: parseWindow(input(Inputs.baselineWindow), Inputs.baselineWindow),
    verdictsPath: input(Inputs.verdictsOut) || 'nicgate-verdicts.json',
    failOnRegression: parseBoolean(input(Inputs.failOnRegression) || 'true', Inputs.failOnRegression),
  };
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

async function baselineStep(
  settings: ActionSettings,
  results: ResultsFile,
): Promise<VerdictsFile | undefined> {
  const baselinePlan = planBaseline(settings.context);
  const store = new ActionsCacheStore({
    scenarioSetHash: scenarioSetHash(results.scenarios.map((s) => s.key)),
    runId: cacheRunIdFrom(process.env),
    workDir: resolve(settings.plan.workDir),
    log: core.info,
  });
  let verdicts: VerdictsFile | undefined;
  if (baselinePlan.compareWith.length > 0) {
    core.info(`nicgate: comparing with the baseline of ${baselinePlan.compareWith.join(', then ')}`);
    const found = await findBaseline(store, baselinePlan.compareWith, core.warning);
    if (!found)
      core.info(
        `nicgate: no baseline found for ${baselinePlan.compareWith.join(' or ')}; every scenario is new`,
      );
    verdicts = verdictsFor(results, found, settings.decision);
    await writeJson(settings.verdictsPath, verdicts);
  }
  if (baselinePlan.record) {
    const commit = process.env.GITHUB_SHA;
    const location = await recordBaseline(
      store,
      baselinePlan.record,
      results,
      { runId: runIdFrom(process.env), ...(commit ? { commit } : {}) },
      settings.window,
      core.warning,
    );
    if (location)
      core.info(`nicgate: recorded this run in the baseline of ${baselinePlan.record} (${location})`);
  }
  return verdicts;
}

export async function run(): Promise<void> {
  try {
    const settings = readSettings();
    const { plan } = settings;
    core.saveState(State.stateDir, stateDirFor(plan.workDir));
    core.saveState(State.workDir, plan.workDir);
    await core.group('Install host packages', () => installHostPackages(core.info));
    const outcome = await measure(plan, logEvent);
    core.setOutput(Outputs.resultsPath, plan.outPath);
    core.info(renderResultsTable(outcome.results.scenarios));
    core.summary.addRaw(renderResultsMarkdown(outcome.results));

    const verdicts = await baselineStep(settings, outcome.results);
    const regressed = verdicts?.verdicts.filter((v) => v.kind === 'regression').map((v) => v.key) ?? [];
    core.setOutput(Outputs.regressed, String(regressed.length > 0));
    if (verdicts) {
      core.setOutput(Outputs.verdictsPath, settings.verdictsPath);
      core.info(renderVerdictTable(verdicts));
      core.summary.addRaw(`\n${renderVerdictMarkdown(verdicts)}`);
    }
    await core.summary.write();

    const problems: string[] = [];
    if (outcome.failed.length > 0)
      problems.push(`${outcome.failed.length} scenario(s) failed: ${outcome.failed.join(', ')}`);
    if (regressed.length > 0 && settings.failOnRegression)
      problems.push(`throughput regressed: ${regressed.join(', ')}`);
    if (problems.length > 0) core.setFailed(problems.join('; '));
  } catch (error) {
    core.setFailed(actionErrorMessage(error));
  }
}
