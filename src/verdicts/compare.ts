// Compares a run with a stored baseline, scenario by scenario. Pure. Each scenario is judged in its
// own environment (a merged matrix may hold KVM and TCG scenarios) against each baseline run's.
//
// Per scenario: a failed scenario is an error, one the baseline lacks is new; baseline runs measured
// under another accelerator or guest kernel are left out (all of them: inconclusive, unless
// allow-environment-change); the rest that ran on this scenario's testbed (model/testbed.ts), the
// last `window` of them, are its history, judged by the stored rule (stored.ts) with a run as the
// unit; a history of one run, where asked (`compare --baseline FILE`), by the single-runs rule
// (single-runs.ts), repetition against repetition. Runs on another testbed are set aside, and the reason says how many and why.
//
// Counts: baselineCount is runs (of history, or of the baseline where nothing is judged), or the
// one run's repetitions under the single-runs rule; currentCount is this run's samples
// (repetitions), the run whose median is judged.
import { clip } from '../common/format.js';
import type { BaselineFile, BaselineRun, BaselineScenario } from '../model/baseline.js';
import { STORED_DEFAULTS } from '../model/defaults.js';
import { checkEnvironment, type Environment } from '../model/environment.js';
import type { Sysctl } from '../model/plan.js';
import { scenarioEnvironment, type ResultsFile, type ScenarioResult } from '../model/results.js';
import { testbedDifferences } from '../model/testbed.js';
import {
  VERDICTS_SCHEMA_VERSION,
  type DecisionSettings,
  type Verdict,
  type VerdictsFile,
} from '../model/verdicts.js';
import { summarize } from '../stats/summary.js';
import { decideSingleRuns } from './single-runs.js';
import { decideStored } from './stored.js';

export interface CompareOptions extends DecisionSettings {
  /** Compare across a different accelerator or guest kernel as if nothing changed. */
  allowEnvironmentChange: boolean;
  /** Describes where the baseline came from, for the report. */
  source: string;
  /** Runs of history the stored rule needs before it judges (default STORED_DEFAULTS.minHistory). */
  minHistory?: number;
  /**
   * Judge a history of one run by the single-runs rule (`nicgate compare --baseline FILE`: two
   * files of one run each). Otherwise one run gives numbers only, as any history too short does.
   */
  singleRuns?: boolean;
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

/** The median of the run's samples for `key` (the run must have an entry for it). */
function runMedian(run: BaselineRun, key: string): number {
  return summarize(entryOf(run, key)!.samples).median;
}

/** The median of run medians, and how many runs, for verdicts that only show the baseline. */
function runsSummary(
  runs: readonly BaselineRun[],
  key: string,
): { baselineMedian: number; baselineCount: number } {
  return {
    baselineMedian: summarize(runs.map((run) => runMedian(run, key))).median,
    baselineCount: runs.length,
  };
}

/** At most this many distinct differences are named when runs are set aside. */
const NAMED_DIFFERENCES = 3;
/** The reason's limit in the verdicts schema. */
const REASON_LIMIT = 2000;

/** `3 runs on another testbed (host CPU A → B) set aside`. */
function setAsideNote(differences: readonly string[][]): string {
  const distinct = [...new Set(differences.flat())];
  const named = distinct.slice(0, NAMED_DIFFERENCES).map((difference) => clip(difference, 200));
  const more = distinct.length - named.length;
  const list = `${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
  const count = differences.length;
  return `${count} run${count === 1 ? '' : 's'} on another testbed (${list}) set aside`;
}

function verdictFor(
  scenario: ScenarioResult,
  environment: Environment,
  baseline: BaselineFile,
  judge: EnvironmentJudge,
  options: CompareOptions,
): Verdict {
  const { key } = scenario;
  const basis = 'stored-baseline' as const;
  if (scenario.error)
    return { key, kind: 'error', error: scenario.error, reason: `this run failed: ${scenario.error}`, basis };
  const withKey = baseline.runs.filter((run) => entryOf(run, key) !== undefined);
  const currentMedian = scenario.samples.length > 0 ? summarize(scenario.samples).median : undefined;
  if (withKey.length === 0) {
    return {
      key,
      kind: 'new',
      currentCount: scenario.samples.length,
      ...(currentMedian === undefined ? {} : { currentMedian }),
      reason: 'no baseline for this scenario yet',
      basis,
    };
  }
  const blocking = (run: BaselineRun): string[] => judge(measuredIn(run, key), environment);
  const usable = withKey.filter((run) => options.allowEnvironmentChange || blocking(run).length === 0);
  if (usable.length === 0) {
    const why = [...new Set(withKey.flatMap(blocking))].join(', ');
    return {
      key,
      kind: 'inconclusive',
      reason: clip(
        `baseline measured in another environment (${why}); pass allow-environment-change to compare anyway`,
        REASON_LIMIT,
      ),
      ...runsSummary(withKey, key),
      currentCount: scenario.samples.length,
      ...(currentMedian === undefined ? {} : { currentMedian }),
      basis,
    };
  }
  if (currentMedian === undefined) {
    const error = 'there are no current samples';
    return { key, kind: 'error', error, reason: `cannot compare: ${error}`, basis };
  }

  // The history: the usable runs on this scenario's testbed, the last `window` of them.
  const allow = { allowEnvironmentChange: options.allowEnvironmentChange };
  const differences = new Map(
    withKey.map((run) => {
      const measured = measuredIn(run, key);
      const testbed = testbedDifferences(measured, environment, allow);
      // A blocked run on the same testbed (the guest kernel changed under one image hash).
      return [run, testbed.length > 0 || usable.includes(run) ? testbed : blocking(run)];
    }),
  );
  const onTestbed = usable.filter((run) => differences.get(run)!.length === 0);
  const history = baseline.window >= 1 ? onTestbed.slice(-baseline.window) : onTestbed;
  const setAside = withKey.filter((run) => differences.get(run)!.length > 0);

  const minHistory = options.minHistory ?? STORED_DEFAULTS.minHistory;
  const outsideCpu = scenario.outsideCpu === undefined ? {} : { outsideCpu: scenario.outsideCpu };
  // One run of history has no run-to-run spread: the single-runs rule calls only a clear change.
  const only = options.singleRuns && history.length === 1 ? history[0]! : undefined;
  const verdict = only
    ? decideSingleRuns(
        { key, baseline: entryOf(only, key)!.samples, current: scenario.samples, ...outsideCpu },
        { threshold: options.threshold, minHistory, outsideCpuCores: STORED_DEFAULTS.outsideCpuCores },
      )
    : decideStored(
        {
          key,
          current: {
            median: currentMedian,
            count: scenario.samples.length,
            ...probeOf(environment),
            ...outsideCpu,
          },
          history: history.map((run) => ({ median: runMedian(run, key), ...probeOf(measuredIn(run, key)) })),
        },
        { threshold: options.threshold, alpha: options.alpha, minHistory },
      );

  const notes: string[] = [];
  if (setAside.length > 0) notes.push(setAsideNote(setAside.map((run) => differences.get(run)!)));
  const judged = verdict.kind === 'regression' || verdict.kind === 'improvement';
  if (!judged && history.length < minHistory && baseline.window >= 1 && baseline.window < minHistory)
    notes.push(
      `the baseline keeps at most ${baseline.window} run${baseline.window === 1 ? '' : 's'}, fewer than the ${minHistory} needed`,
    );
  const newest = (history.length > 0 ? history : usable).at(-1)!;
  if (!sameSysctls(entryOf(newest, key)!.profile.sysctls, scenario.profile.sysctls))
    notes.push(`profile ${scenario.profile.name} changed since the baseline`);
  if (notes.length === 0) return verdict;
  return { ...verdict, reason: clip([verdict.reason, ...notes].join('; '), REASON_LIMIT) };
}

function probeOf(environment: Environment): { probe?: number } {
  const score = environment.hostProbe?.cpuScore;
  return score === undefined ? {} : { probe: score };
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
    return verdictFor(scenario, environment, baseline, judge, options);
  });
  const current = new Set(results.scenarios.map((s) => s.key));
  const baselineKeys = [...new Set(baseline.runs.flatMap((run) => Object.keys(run.scenarios)))].sort();
  for (const key of baselineKeys.filter((k) => !current.has(k))) {
    const runs = baseline.runs.filter((run) => entryOf(run, key) !== undefined);
    verdicts.push({
      key,
      kind: 'missing',
      ...runsSummary(runs, key),
      reason: 'in the baseline, not in this run',
      basis: 'stored-baseline',
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
