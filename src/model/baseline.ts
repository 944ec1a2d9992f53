// The baseline file: the last few runs of one branch, versioned JSON. Pure apart from hashing.
//
// A baseline keeps whole runs rather than pooled samples so that compare can drop runs measured in
// another environment (KVM vs TCG, another QEMU) and so that a re-run of the same CI run replaces
// its earlier attempt instead of counting twice.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Environment, ResultsFile, ScenarioResult } from './results.js';

export const BASELINE_SCHEMA_VERSION = 1;
export const DEFAULT_BASELINE_WINDOW = 5;

export interface BaselineScenario {
  /** Bits per second, one per repetition. */
  samples: number[];
  nic: string;
  direction: string;
  profile: { name: string; source: string; sysctls: { name: string; value: string }[] };
  link: { name: string; spec: string; rttMs: number; lossPct: number; rateBitsPerSec: number };
}

export interface BaselineRun {
  /** The CI run (or a CLI-chosen id); a later run with the same id replaces this one. */
  runId: string;
  commit?: string;
  branch?: string;
  timestamp: string;
  environment: Environment;
  /** By scenario key. */
  scenarios: Record<string, BaselineScenario>;
}

export interface BaselineFile {
  schemaVersion: typeof BASELINE_SCHEMA_VERSION;
  branch: string;
  /** How many runs are kept. */
  window: number;
  /** Oldest first. */
  runs: BaselineRun[];
}

/** A file that cannot serve as a baseline: not JSON, an unknown version, or the wrong shape. */
export class BaselineFormatError extends Error {
  override readonly name = 'BaselineFormatError';
  constructor(
    /** Where the text came from: a path or a cache key. */
    readonly source: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${reason}`, options);
  }
}

/** The run a results file adds to a baseline: only scenarios that measured something. */
export function baselineRunFromResults(
  results: ResultsFile,
  tag: { runId: string; commit?: string; branch?: string },
): BaselineRun {
  const scenarios: Record<string, BaselineScenario> = {};
  for (const scenario of results.scenarios) {
    // A failed scenario's partial samples would drag the baseline down.
    if (scenario.error !== undefined || scenario.samples.length === 0) continue;
    scenarios[scenario.key] = baselineScenario(scenario);
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

function baselineScenario(scenario: ScenarioResult): BaselineScenario {
  const { name, spec, rttMs, lossPct, rateBitsPerSec } = scenario.link;
  return {
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
  window: number = DEFAULT_BASELINE_WINDOW,
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

/** Short, stable name of a set of scenario keys (order and repeats do not matter). */
export function scenarioSetHash(keys: string[]): string {
  const unique = [...new Set(keys)].sort();
  // JSON, not a join: no separator character can make two different sets hash alike.
  return createHash('sha256').update(JSON.stringify(unique)).digest('hex').slice(0, 12);
}

// ---- validation ----

const bitsPerSecond = z.number().finite().nonnegative();
const sysctl = z.object({ name: z.string(), value: z.string() });
const profile = z.object({ name: z.string(), source: z.string(), sysctls: z.array(sysctl) });
const link = z.object({
  name: z.string(),
  spec: z.string(),
  rttMs: z.number().nonnegative(),
  lossPct: z.number().nonnegative(),
  rateBitsPerSec: z.number().nonnegative(),
});

// Loose: provenance fields a newer nicgate adds must survive a load and save by this one.
const environment = z.looseObject({
  accelerator: z.enum(['kvm', 'tcg']),
  acceleratorNote: z.string().optional(),
  qemuVersion: z.string(),
  hostCpuModel: z.string(),
  hostKernel: z.string(),
  iperf3Version: z.string(),
  guestKernel: z.string(),
  guestKernelSource: z.string(),
  nicgateVersion: z.string(),
  timestamp: z.string(),
  git: z.object({ commit: z.string().optional(), branch: z.string().optional() }).optional(),
}) satisfies z.ZodType<Environment>;

const baselineScenarioSchema = z.object({
  samples: z.array(bitsPerSecond).min(1),
  nic: z.string(),
  direction: z.string(),
  profile,
  link,
}) satisfies z.ZodType<BaselineScenario>;

const baselineRunSchema = z.object({
  runId: z.string().min(1),
  commit: z.string().optional(),
  branch: z.string().optional(),
  timestamp: z.string(),
  environment,
  scenarios: z.record(z.string(), baselineScenarioSchema),
}) satisfies z.ZodType<BaselineRun>;

const baselineFileSchema = z.object({
  schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
  branch: z.string(),
  window: z.number().int().min(1),
  runs: z.array(baselineRunSchema),
}) satisfies z.ZodType<BaselineFile>;

// Only what a baseline takes from a results file is checked; the rest passes through untouched.
const resultsScenarioSchema = z.looseObject({
  key: z.string().min(1),
  nic: z.string(),
  direction: z.enum(['send', 'receive']),
  profile,
  link: z.looseObject(link.shape),
  samples: z.array(bitsPerSecond),
  error: z.string().optional(),
});

const resultsFileSchema = z.looseObject({
  schemaVersion: z.literal(1),
  environment,
  scenarios: z.array(resultsScenarioSchema),
});

/** Reads a baseline file's text. Throws BaselineFormatError. */
export function parseBaselineJson(text: string, source: string): BaselineFile {
  const data = parseJson(text, source);
  checkVersion(data, source, 'baseline', BASELINE_SCHEMA_VERSION);
  return validate(baselineFileSchema, data, source, 'baseline');
}

/** Reads either a baseline file or a results file (a one-run baseline). Throws BaselineFormatError. */
export function parseBaselineOrResults(text: string, source: string): BaselineFile {
  const data = parseJson(text, source);
  if (isRecord(data) && Array.isArray(data['scenarios']) && !('runs' in data)) {
    checkVersion(data, source, 'results', 1);
    // The schema checked every field a baseline reads; the cast only widens what it let through.
    const results = validate(resultsFileSchema, data, source, 'results') as unknown as ResultsFile;
    return baselineFromResultsFile(results, source);
  }
  if (isRecord(data) && 'runs' in data) {
    checkVersion(data, source, 'baseline', BASELINE_SCHEMA_VERSION);
    return validate(baselineFileSchema, data, source, 'baseline');
  }
  throw new BaselineFormatError(
    source,
    'is neither a nicgate baseline (no "runs") nor a results file (no "scenarios" list)',
  );
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BaselineFormatError(source, 'is not valid JSON', { cause: error });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Checked before the shape so that a file from a newer nicgate says so, rather than listing
// every field that moved.
function checkVersion(data: unknown, source: string, kind: string, supported: number): void {
  const found = isRecord(data) ? data['schemaVersion'] : undefined;
  if (found === supported) return;
  const what = found === undefined ? 'has no schemaVersion' : `has schemaVersion ${JSON.stringify(found)}`;
  throw new BaselineFormatError(
    source,
    `${what}; this nicgate reads ${kind} files of schemaVersion ${supported} only`,
  );
}

function validate<T>(schema: z.ZodType<T>, data: unknown, source: string, kind: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  // The first problem, not ZodError as the cause: its message is every issue as JSON, which
  // describeError would print whole.
  const [first, ...others] = result.error.issues;
  const where = first && first.path.length > 0 ? ` at ${formatPath(first.path)}` : '';
  const more =
    others.length > 0 ? ` (and ${others.length} more ${others.length === 1 ? 'problem' : 'problems'})` : '';
  throw new BaselineFormatError(
    source,
    `is not a valid ${kind} file${where}: ${first?.message ?? 'invalid'}${more}`,
  );
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      const name = String(part);
      // Scenario keys hold slashes and dots: quote them so the path stays readable.
      if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) return `[${JSON.stringify(name)}]`;
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}
