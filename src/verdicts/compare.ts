// Compares a run with a baseline, scenario by scenario. Pure.
import type { BaselineFile, BaselineRun } from '../model/baseline.js';
import type { Sysctl } from '../model/plan.js';
import type { ResultsFile, ScenarioResult } from '../model/results.js';
import { decide } from './rule.js';
import { summarize } from '../stats/summary.js';
import { checkEnvironment } from '../model/environment.js';
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

function verdictFor(
  scenario: ScenarioResult,
  runs: readonly BaselineRun[],
  blockedRuns: Map<BaselineRun, string[]>,
  options: CompareOptions,
): Verdict {
  const { key } = scenario;
  if (scenario.error)
    return { key, kind: 'error', error: scenario.error, reason: `this run failed: ${scenario.error}` };
  const withKey = runs.filter((run) => run.scenarios[key]);
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
  const usable = withKey.filter((run) => options.allowEnvironmentChange || !blockedRuns.has(run));
  if (usable.length === 0) {
    const why = [...new Set(withKey.flatMap((run) => blockedRuns.get(run) ?? []))].join(', ');
    const baselineSamples = withKey.flatMap((run) => run.scenarios[key]!.samples);
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
  const baselineSamples = usable.flatMap((run) => run.scenarios[key]!.samples);
  const verdict = decide(key, scenario.samples, baselineSamples, options);
  const newest = usable[usable.length - 1]!.scenarios[key]!;
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
  const blockedRuns = new Map<BaselineRun, string[]>();
  const notes = new Set<string>();
  for (const run of baseline.runs) {
    const check = checkEnvironment(run.environment, results.environment);
    if (check.blocking.length > 0) blockedRuns.set(run, check.blocking);
    for (const note of [...check.blocking, ...check.notes]) notes.add(note);
  }
  const verdicts: Verdict[] = results.scenarios.map((scenario) =>
    verdictFor(scenario, baseline.runs, blockedRuns, options),
  );
  const current = new Set(results.scenarios.map((s) => s.key));
  const baselineKeys = [...new Set(baseline.runs.flatMap((run) => Object.keys(run.scenarios)))].sort();
  for (const key of baselineKeys.filter((k) => !current.has(k))) {
    const samples = baseline.runs.flatMap((run) => run.scenarios[key]?.samples ?? []);
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
