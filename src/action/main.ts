// The Action: inputs -> measure (or merge a matrix's results) -> verdicts against the baseline ->
// report (job summary, sticky PR comment, annotations, outputs) -> gate. The only setFailed.
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { cacheRunIdFrom, runContextFrom, runIdFrom } from './context.js';
import { aggregateResults } from './aggregate.js';
import { findBaseline, recordBaseline } from '../baseline/history.js';
import { verdictsFor } from '../verdicts/compare.js';
import { measure, planFromOptions, stateDirFor } from '../engine/run.js';
import { writeFileAtomic, writeJsonFile } from '../common/atomic-file.js';
import { installHostPackages } from '../host/packages.js';
import { ActionsCacheStore } from '../baseline/cache-store.js';
import { type BaselineFile } from '../model/baseline.js';
import {
  parseActionMode,
  parseAlpha,
  parseBoolean,
  parseBranchGlobs,
  parsePullRequestNumber,
  parseThreshold,
  parseWindow,
  type ActionMode,
} from '../config/decision.js';
import type { RawOptions } from '../config/options.js';
import { Inputs, MEASURE_INPUTS, Outputs, State } from './names.js';
import type { EngineEvent } from '../engine/events.js';
import { describeError, InputError } from '../common/errors.js';
import { pullRequestFromEvent, upsertStickyComment } from '../github/sticky-comment.js';
import { commentMarker, renderReport } from '../report/comment.js';
import { renderVerdictTable } from '../report/verdict-table.js';
import type { ResultsFile } from '../model/results.js';
import type { RunPlan } from '../model/plan.js';
import { describeEvent } from '../report/console.js';
import { renderResultsTable } from '../report/results-table.js';
import { planBaseline, type RunContext } from '../verdicts/branches.js';
import { parseVerdictsJson } from '../model/verdicts.js';
import type { VerdictsFile } from '../model/verdicts.js';
import { scenarioSetHash } from '../baseline/runs.js';

const ACTION_RESULTS_FILE = 'nicgate-results.json';

type EventPayload = Record<string, unknown> & { repository?: { default_branch?: string } };

interface ActionSettings {
  mode: ActionMode;
  plan: RunPlan;
  resultsFiles: string;
  verdictsFile: string;
  prNumber: number | undefined;
  context: RunContext;
  decision: { threshold: number; alpha: number; allowEnvironmentChange: boolean };
  window: number;
  verdictsPath: string;
  reportPath: string;
  failOnRegression: boolean;
  comment: { enabled: boolean; id: string; token: string; author?: string };
  payload: EventPayload | undefined;
}

export function readMeasureInputs(): RawOptions {
  const raw: RawOptions = {};
  for (const name of MEASURE_INPUTS) {
    const value = core.getInput(name);
    if (value !== '') raw[name] = value;
  }
  if (raw['work-dir'] === undefined && process.env.RUNNER_TEMP)
    raw['work-dir'] = join(process.env.RUNNER_TEMP, 'nicgate');
  // The Action's own default (action.yml), also when a runner or test passes no value.
  raw.out ??= ACTION_RESULTS_FILE;
  return raw;
}

function readEventPayload(): EventPayload | undefined {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EventPayload;
  } catch {
    return undefined;
  }
}

/** `<workflow>/<job>`: two workflows (or jobs) posting reports never overwrite each other. */
export function defaultCommentId(env: NodeJS.ProcessEnv): string {
  return `${env.GITHUB_WORKFLOW ?? 'workflow'}/${env.GITHUB_JOB ?? 'job'}`;
}

/** Every input is read and validated before anything boots. */
function readSettings(): ActionSettings {
  const input = (name: string): string => core.getInput(name);
  const mode = parseActionMode(input(Inputs.mode), Inputs.mode);
  const payload = readEventPayload();
  const baselineMode = mode === 'auto' || mode === 'compare' || mode === 'record' ? mode : 'auto';
  const token = input(Inputs.githubToken);
  if (token) core.setSecret(token);
  const author = input(Inputs.commentAuthor);
  return {
    mode,
    plan: planFromOptions(readMeasureInputs()),
    resultsFiles: input(Inputs.resultsFiles),
    verdictsFile: input(Inputs.verdictsFile),
    prNumber: parsePullRequestNumber(input(Inputs.prNumber), Inputs.prNumber),
    context: runContextFrom(
      process.env,
      payload,
      baselineMode,
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
    reportPath: input(Inputs.reportOut) || 'nicgate-report.md',
    failOnRegression: parseBoolean(input(Inputs.failOnRegression) || 'true', Inputs.failOnRegression),
    comment: {
      enabled: parseBoolean(input(Inputs.commentOnPr) || 'true', Inputs.commentOnPr),
      id: input(Inputs.commentId) || defaultCommentId(process.env),
      token,
      ...(author ? { author } : {}),
    },
    payload,
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

async function obtainResults(settings: ActionSettings): Promise<{ results: ResultsFile; failed: string[] }> {
  if (settings.mode === 'aggregate' || settings.mode === 'comment') {
    const merged = await aggregateResults(settings.resultsFiles, Inputs.resultsFiles);
    core.info(`nicgate: merged ${merged.files.length} results file(s): ${merged.files.join(', ')}`);
    for (const note of merged.notes) core.warning(`matrix jobs ran in different environments: ${note}`);
    await writeJsonFile(settings.plan.outPath, merged.results);
    return {
      results: merged.results,
      failed: merged.results.scenarios.filter((s) => s.error).map((s) => s.key),
    };
  }
  await core.group('Install host packages', () => installHostPackages(core.info));
  return await measure(settings.plan, logEvent);
}

async function baselineStep(
  settings: ActionSettings,
  results: ResultsFile,
): Promise<{ verdicts?: VerdictsFile; baseline?: BaselineFile }> {
  if (settings.mode === 'comment') {
    // The fork-safe step: the verdicts come from the pull request's own run, as a file.
    if (!settings.verdictsFile) return {};
    return {
      verdicts: parseVerdictsJson(await readFile(settings.verdictsFile, 'utf8'), settings.verdictsFile),
    };
  }
  if (settings.mode === 'measure') return {};
  const baselinePlan = planBaseline(settings.context);
  const store = new ActionsCacheStore({
    scenarioSetHash: scenarioSetHash(results.scenarios.map((s) => s.key)),
    runId: cacheRunIdFrom(process.env),
    workDir: resolve(settings.plan.workDir),
    log: core.info,
  });
  const outcome: { verdicts?: VerdictsFile; baseline?: BaselineFile } = {};
  if (baselinePlan.compareWith.length > 0) {
    core.info(`nicgate: comparing with the baseline of ${baselinePlan.compareWith.join(', then ')}`);
    const found = await findBaseline(store, baselinePlan.compareWith, core.warning);
    if (!found)
      core.info(
        `nicgate: no baseline found for ${baselinePlan.compareWith.join(' or ')}; every scenario is new`,
      );
    outcome.verdicts = verdictsFor(results, found, settings.decision);
    if (found) outcome.baseline = found.baseline;
    await writeJsonFile(settings.verdictsPath, outcome.verdicts);
  }
  if (baselinePlan.record) {
    const commit = process.env.GITHUB_SHA;
    const tag = { runId: runIdFrom(process.env), ...(commit ? { commit } : {}) };
    const location = await recordBaseline(
      store,
      baselinePlan.record,
      results,
      tag,
      settings.window,
      core.warning,
    );
    if (location)
      core.info(`nicgate: recorded this run in the baseline of ${baselinePlan.record} (${location})`);
  }
  return outcome;
}

const FORK_HELP =
  'the token cannot comment on this pull request (a pull request from a fork gets a read-only token). ' +
  'The report is in the job summary. To comment on fork pull requests, run nicgate with `comment-on-pr: false` ' +
  'and upload the results as an artifact, then post the comment from a separate workflow triggered by ' +
  '`workflow_run` (see "Pull requests from forks" in the nicgate README).';

async function commentStep(settings: ActionSettings, body: string): Promise<string | undefined> {
  // A matrix job (`measure`) leaves the comment to the job that aggregates the matrix.
  if (!settings.comment.enabled || settings.mode === 'measure') return undefined;
  const pr = pullRequestFor(settings);
  if (!pr) return undefined;
  if (!settings.comment.token) {
    core.warning('no github-token: the pull request gets no comment; the report is in the job summary');
    return undefined;
  }
  try {
    const outcome = await upsertStickyComment({
      token: settings.comment.token,
      apiUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com',
      owner: pr.owner,
      repo: pr.repo,
      issueNumber: pr.number,
      marker: commentMarker(settings.comment.id),
      body,
      ...(settings.comment.author ? { commentAuthor: settings.comment.author } : {}),
      log: { info: core.info, warning: core.warning },
    });
    if (outcome.status === 'forbidden') {
      core.warning(`nicgate: ${FORK_HELP} (GitHub said: ${outcome.message})`);
      return undefined;
    }
    core.info(`nicgate: ${outcome.status} the pull request comment ${outcome.url}`);
    return outcome.url;
  } catch (error) {
    // A report that cannot be posted is not a reason to fail the gate; the summary has it.
    core.warning(`nicgate: could not comment on the pull request: ${describeError(error)}`);
    return undefined;
  }
}

/** The pull request of the event, or the one `pr-number` names in this repository. */
function pullRequestFor(
  settings: ActionSettings,
): { owner: string; repo: string; number: number } | undefined {
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  if (settings.prNumber !== undefined && owner && repo) return { owner, repo, number: settings.prNumber };
  return pullRequestFromEvent(process.env.GITHUB_EVENT_NAME ?? '', settings.payload);
}

function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.GITHUB_SERVER_URL || !env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined;
  return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
}

export async function run(): Promise<void> {
  try {
    const settings = readSettings();
    core.saveState(State.stateDir, stateDirFor(settings.plan.workDir));
    core.saveState(State.workDir, settings.plan.workDir);
    const { results, failed } = await obtainResults(settings);
    core.setOutput(Outputs.resultsPath, settings.plan.outPath);
    core.info(renderResultsTable(results.scenarios));

    const { verdicts, baseline } = await baselineStep(settings, results);
    const regressions = verdicts?.verdicts.filter((v) => v.kind === 'regression') ?? [];
    core.setOutput(Outputs.regressed, String(regressions.length > 0));
    if (verdicts) {
      core.setOutput(Outputs.verdictsPath, settings.verdictsPath);
      core.info(renderVerdictTable(verdicts));
    }
    for (const verdict of regressions) {
      const annotate = settings.failOnRegression ? core.error : core.warning;
      annotate(`${verdict.key}: ${verdict.reason}`, {
        title: `nicgate: throughput regressed (${verdict.key})`,
      });
    }

    const url = runUrl(process.env);
    const newestBaseline = baseline?.runs[baseline.runs.length - 1];
    const reportInput = {
      marker: commentMarker(settings.comment.id),
      results,
      ...(verdicts ? { verdicts } : {}),
      ...(newestBaseline ? { baselineEnvironment: newestBaseline.environment } : {}),
      ...(url ? { runUrl: url, summaryUrl: url } : {}),
      ...(process.env.GITHUB_SHA ? { commit: process.env.GITHUB_SHA } : {}),
    };
    const report = renderReport(reportInput);
    await writeFileAtomic(settings.reportPath, report);
    core.setOutput(Outputs.reportPath, settings.reportPath);
    // The summary has room for the whole report (1 MiB); only the comment is capped.
    await core.summary.addRaw(renderReport(reportInput, { maxLength: 1_000_000 })).write();
    const commentUrl = await commentStep(settings, report);
    if (commentUrl) core.setOutput(Outputs.commentUrl, commentUrl);

    const problems: string[] = [];
    if (failed.length > 0) problems.push(`${failed.length} scenario(s) failed: ${failed.join(', ')}`);
    if (regressions.length > 0 && settings.failOnRegression) {
      problems.push(`throughput regressed: ${regressions.map((v) => v.key).join(', ')}`);
    }
    if (problems.length > 0) core.setFailed(problems.join('; '));
  } catch (error) {
    core.setFailed(actionErrorMessage(error));
  }
}
