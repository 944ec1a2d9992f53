// Compares a run with a baseline, scenario by scenario. Pure. Each scenario is judged in its own
// environment (a merged matrix may hold KVM and TCG scenarios) against each baseline run's.
import type { BaselineFile, BaselineRun, BaselineScenario } from '../model/baseline.js';
import type { Sysctl } from '../model/plan.js';
import { scenarioEnvironment, type ResultsFile, type ScenarioResult } from '../model/results.js';
import { decide } from './rule.js';
import { summarize } from '../stats/summary.js';
import { checkEnvironment, type Environment } from '../model/environment.js';
import {
  VERDICTS_SCHEMA_VERSION,
  type DecisionSettings,
  type Verdict,
  type VerdictsFile,
} from '../model/verdicts.js';

export interface CompareOptions extends DecisionSettings {
  /** Compare across a different accelerator or guest kernel as if nothing changed. */
  allowEnvironmentChange: boolean;
  /** Describes where the baseline came from, for the report. */
  source: string;
}

function sameSysctls(a: readonly Sysctl[], b: readonly Sysctl[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The run's own entry for `key`: never an inherited property such as `constructor` or `toString`. */
function entryOf(run: BaselineRun, key: string): BaselineScenario | undefined {
  return Object.hasOwn(run.scenarios, key) ? run.scenarios[key] : undefined;
}

/** Blocking differences between a baseline entry's environment and the scenario's; all are noted. */
type EnvironmentJudge = (before: Environment, now: Environment) => string[];

function environmentJudge(notes: Set<string>): EnvironmentJudge {
  const checked = new Map<Environment, Map<Environment, string[]>>();
  return (before, now) => {
    const byEnvironment = checked.get(before) ?? new Map<Environment, string[]>();
    checked.set(before, byEnvironment);
    let blocking = byEnvironment.get(now);
    if (blocking === undefined) {
      const check = checkEnvironment(before, now);
      for (const note of [...check.blocking, ...check.notes]) notes.add(note);
      blocking = check.blocking;
      byEnvironment.set(now, blocking);
    }
    return blocking;
  };
}

/** Where a baseline run measured `key`: the entry's own environment (a merged matrix), else the run's. */
function measuredIn(run: BaselineRun, key: string): Environment {
  return entryOf(run, key)?.environment ?? run.environment;
}

function verdictFor(
  scenario: ScenarioResult,
  environment: Environment,
  runs: readonly BaselineRun[],
  judge: EnvironmentJudge,
  options: CompareOptions,
): Verdict {
  const { key } = scenario;
  if (scenario.error)
    return { key, kind: 'error', error: scenario.error, reason: `this run failed: ${scenario.error}` };
  const withKey = runs.filter((run) => entryOf(run, key) !== undefined);
  if (withKey.length === 0) {
    const currentMedian = scenario.samples.length > 0 ? summarize(scenario.samples).median : undefined;
    return {
      key,
      kind: 'new',
      currentCount: scenario.samples.length,
      ...(currentMedian === undefined ? {} : { currentMedian }),
      reason: 'no baseline for this scenario yet',
    };
  }
  const blocked = (run: BaselineRun): boolean => judge(measuredIn(run, key), environment).length > 0;
  const usable = withKey.filter((run) => options.allowEnvironmentChange || !blocked(run));
  if (usable.length === 0) {
    const why = [...new Set(withKey.flatMap((run) => judge(measuredIn(run, key), environment)))].join(', ');
    const baselineSamples = withKey.flatMap((run) => entryOf(run, key)!.samples);
    return {
      key,
      kind: 'inconclusive',
      reason: `baseline measured in another environment (${why}); pass allow-environment-change to compare anyway`,
      baselineMedian: summarize(baselineSamples).median,
      baselineCount: baselineSamples.length,
      currentCount: scenario.samples.length,
      ...(scenario.summary ? { currentMedian: scenario.summary.median } : {}),
    };
  }
  const baselineSamples = usable.flatMap((run) => entryOf(run, key)!.samples);
  const verdict = decide(key, scenario.samples, baselineSamples, options);
  const newest = entryOf(usable[usable.length - 1]!, key)!;
  if (!sameSysctls(newest.profile.sysctls, scenario.profile.sysctls)) {
    return {
      ...verdict,
      reason: `${verdict.reason}; profile ${scenario.profile.name} changed since the baseline`,
    };
  }
  return verdict;
}

export function compareWithBaseline(
  results: ResultsFile,
  baseline: BaselineFile,
  options: CompareOptions,
): VerdictsFile {
  const notes = new Set<string>();
  const judge = environmentJudge(notes);
  // Notes say how each baseline run differs from where the scenarios ran (the file's, with none).
  if (results.scenarios.length === 0)
    for (const run of baseline.runs) judge(run.environment, results.environment);
  const verdicts: Verdict[] = results.scenarios.map((scenario) => {
    const environment = scenarioEnvironment(results, scenario);
    for (const run of baseline.runs) judge(measuredIn(run, scenario.key), environment);
    return verdictFor(scenario, environment, baseline.runs, judge, options);
  });
  const current = new Set(results.scenarios.map((s) => s.key));
  const baselineKeys = [...new Set(baseline.runs.flatMap((run) => Object.keys(run.scenarios)))].sort();
  for (const key of baselineKeys.filter((k) => !current.has(k))) {
    const samples = baseline.runs.flatMap((run) => entryOf(run, key)?.samples ?? []);
    verdicts.push({
      key,
      kind: 'missing',
      baselineMedian: summarize(samples).median,
      baselineCount: samples.length,
      reason: 'in the baseline, not in this run',
    });
  }
  return {
    schemaVersion: VERDICTS_SCHEMA_VERSION,
    settings: {
      threshold: options.threshold,
      alpha: options.alpha,
      allowEnvironmentChange: options.allowEnvironmentChange,
    },
    baseline: {
      source: options.source,
      branch: baseline.branch,
      runs: baseline.runs.map((run) => ({
        runId: run.runId,
        timestamp: run.timestamp,
        ...(run.commit ? { commit: run.commit } : {}),
      })),
    },
    environmentNotes: [...notes],
    verdicts,
    regressed: verdicts.some((v) => v.kind === 'regression'),
  };
}

/** The verdicts when there is no baseline at all: every scenario is new (or failed). */
export function verdictsWithoutBaseline(results: ResultsFile, options: CompareOptions): VerdictsFile {
  return compareWithBaseline(results, { schemaVersion: 1, branch: '', window: 0, runs: [] }, options);
}

/** Against the baseline found, or, when none was, every scenario new. */
export function verdictsFor(
  results: ResultsFile,
  found: { baseline: BaselineFile; location: string } | undefined,
  options: Omit<CompareOptions, 'source'>,
): VerdictsFile {
  return found
    ? compareWithBaseline(results, found.baseline, { ...options, source: found.location })
    : verdictsWithoutBaseline(results, { ...options, source: 'none found' });
}
