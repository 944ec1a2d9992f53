// Baseline runs from results files, and the window of runs a baseline keeps. Pure apart from hashing.
import { createHash } from 'node:crypto';
import { BASELINE_WINDOW_DEFAULT } from '../model/defaults.js';
import {
  BASELINE_FORMAT,
  BASELINE_SCHEMA_VERSION,
  baselineFileSchema,
  type BaselineFile,
  type BaselineRun,
  type BaselineScenario,
} from '../model/baseline.js';
import { isRecord, parseJson, validateVersioned } from '../model/read.js';
import {
  scenarioEnvironment,
  validateResults,
  type ResultsFile,
  type ScenarioResult,
} from '../model/results.js';
import { FileFormatError } from '../common/errors.js';

/** The run a results file adds to a baseline: only scenarios that measured something. */
export function baselineRunFromResults(
  results: ResultsFile,
  tag: { runId: string; commit?: string; branch?: string },
): BaselineRun {
  const scenarios: Record<string, BaselineScenario> = {};
  for (const scenario of results.scenarios) {
    // A failed scenario's partial samples would drag the baseline down.
    if (scenario.error !== undefined || scenario.samples.length === 0) continue;
    scenarios[scenario.key] = baselineScenario(scenario, results);
  }
  return {
    runId: tag.runId,
    ...(tag.commit !== undefined ? { commit: tag.commit } : {}),
    ...(tag.branch !== undefined ? { branch: tag.branch } : {}),
    timestamp: results.environment.timestamp,
    environment: results.environment,
    scenarios,
  };
}

function baselineScenario(scenario: ScenarioResult, results: ResultsFile): BaselineScenario {
  const { name, spec, rttMs, lossPct, rateBitsPerSec } = scenario.link;
  // A merged matrix's scenario keeps the environment it was measured in, so later comparisons
  // judge it against that one, not its run's.
  const own = scenarioEnvironment(results, scenario);
  return {
    ...(own === results.environment ? {} : { environment: own }),
    samples: [...scenario.samples],
    nic: scenario.nic,
    direction: scenario.direction,
    profile: {
      name: scenario.profile.name,
      source: scenario.profile.source,
      sysctls: scenario.profile.sysctls.map(({ name, value }) => ({ name, value })),
    },
    link: { name, spec, rttMs, lossPct, rateBitsPerSec },
  };
}

/** The baseline after adding `run`: the last `window` runs, a re-run replacing its earlier attempt. */
export function appendRun(
  existing: BaselineFile | undefined,
  run: BaselineRun,
  branch: string,
  window: number = BASELINE_WINDOW_DEFAULT,
): BaselineFile {
  if (!Number.isInteger(window) || window < 1) {
    throw new RangeError(`baseline window must be a whole number of runs, at least 1; got ${window}`);
  }
  const earlier = (existing?.runs ?? []).filter((old) => old.runId !== run.runId);
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    branch,
    window,
    runs: [...earlier, run].slice(-window),
  };
}

/** A results file used directly as a baseline (`compare --baseline results.json`): one run. */
export function baselineFromResultsFile(results: ResultsFile, source: string): BaselineFile {
  const git = results.environment.git;
  const run = baselineRunFromResults(results, {
    // The file is the only identity such a run has.
    runId: source,
    ...(git?.commit !== undefined ? { commit: git.commit } : {}),
    ...(git?.branch !== undefined ? { branch: git.branch } : {}),
  });
  // An empty branch means the results file does not say which branch it measured.
  return { schemaVersion: BASELINE_SCHEMA_VERSION, branch: git?.branch ?? '', window: 1, runs: [run] };
}

/** Reads either a baseline file or a results file (a one-run baseline). Throws FileFormatError. */
export function parseBaselineOrResults(text: string, source: string): BaselineFile {
  const data = parseJson(text, source);
  if (isRecord(data) && Array.isArray(data['scenarios']) && !('runs' in data)) {
    const results = validateResults(data, source);
    return baselineFromResultsFile(results, source);
  }
  if (isRecord(data) && 'runs' in data)
    return validateVersioned(baselineFileSchema, data, source, BASELINE_FORMAT);
  throw new FileFormatError(
    source,
    'is neither a nicgate baseline (no "runs") nor a results file (no "scenarios" list)',
  );
}

/** Short, stable name of a set of scenario keys (order and repeats do not matter). */
export function scenarioSetHash(keys: string[]): string {
  const unique = [...new Set(keys)].sort();
  // JSON, not a join: no separator character can make two different sets hash alike.
  return createHash('sha256').update(JSON.stringify(unique)).digest('hex').slice(0, 12);
}
