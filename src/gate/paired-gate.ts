// The paired gate, shared by `nicgate run --base-ref` and the Action: read the base commit's
// inputs from git, plan the base side, fingerprint both sides, measure the scenarios whose inputs
// differ (base against head, interleaved), and judge them from their pairs. The comparison comes
// first and touches only git and files: a run where no input changed makes nothing ready to boot.
import { resolve } from 'node:path';
import { InputError } from '../common/errors.js';
import type { RawOptions } from '../config/options.js';
import type { ImageProbe } from '../config/image.js';
import { PAIRED_RUN_DEFAULTS, type PairedOptions } from '../config/paired-options.js';
import { checkOutputFile, type PathProbe } from '../config/paths.js';
import type { PairedScenario } from '../engine/paired-loop.js';
import { executePairedRun } from '../engine/run.js';
import { writeUnmeasuredRun } from '../engine/unmeasured-run.js';
import type { ExecuteRunOptions } from '../engine/run-owner.js';
import type { EventSink } from '../engine/events.js';
import type { ScenarioChange } from '../model/input-change.js';
import type { RunPlan } from '../model/plan.js';
import type { ResultsFile } from '../model/results.js';
import type { PairedDesign, VerdictsFile } from '../model/verdicts.js';
import { pairedVerdictsFile } from '../verdicts/paired-file.js';
import { sequentialDesignOf } from '../verdicts/sequential-verdict.js';
import { buildBasePlan } from './base-plan.js';
import {
  changedScenarios,
  fingerprintsOf,
  scenarioInputs,
  type HashPath,
  type ScenarioInputs,
} from './fingerprint.js';
import { pairedDesign, pairedLoopSettings, pairsFor, sequentialLook } from './paired-design.js';
import { openBaseCommit, type BaseReader, type GitExec } from './git-base.js';
import { describeChanges, type ProfileFile } from './input-diff.js';
import { profileFile } from './profile-file.js';

export interface PairedGateDeps {
  git: GitExec;
  /** Where the user's paths are relative to (the work tree). */
  cwd: string;
  hashPath: HashPath;
  paths: PathProbe;
  /** Reads the base side's images (`--base-image`); config/host-paths.ts reads the disk. */
  images?: ImageProbe;
  /** Output files may go into directories that do not exist yet (the Action; see checkOutputFile). */
  createOutputDirectories?: boolean;
  run?: typeof executePairedRun;
  runOptions?: ExecuteRunOptions;
}

export interface PairedGateOutcome {
  verdicts: VerdictsFile;
  base: ResultsFile;
  head: ResultsFile;
  failed: string[];
  /** Inputs absent at the base (config or profile files added by the change). */
  missingAtBase: string[];
}

/**
 * What the head side measures: HEAD's commit when the work tree has no changes to tracked files,
 * else `working tree on <sha>` (uncommitted changes are what a local run measures), or `working
 * tree` outside a commit. The method line names it as it is.
 */
export async function headSide(git: GitExec, cwd: string): Promise<string> {
  const result = await git(['git', 'rev-parse', '--verify', 'HEAD'], { cwd, allowFailure: true }).catch(
    () => undefined,
  );
  const sha = result?.stdout.trim() ?? '';
  if (!/^[0-9a-f]{40,64}$/.test(sha)) return 'working tree';
  const status = await git(['git', 'status', '--porcelain', '--untracked-files=no'], {
    cwd,
    allowFailure: true,
  }).catch(() => undefined);
  if (status === undefined || status.code !== 0) return `working tree on ${sha.slice(0, 12)}`;
  return status.stdout.trim() === '' ? sha : `working tree on ${sha.slice(0, 12)}`;
}

/**
 * The base side's results and the verdicts are written at the end of the job: checked before the
 * base is read or anything boots, as the head's `--out` is, and never the head's own file.
 */
function checkPairedOutputs(head: RunPlan, options: PairedOptions, deps: PairedGateDeps): void {
  const createParents = deps.createOutputDirectories ?? false;
  checkOutputFile('--base-out', options.baseOut, deps.paths, { createParents });
  if (resolve(options.baseOut) === resolve(head.outPath))
    throw new InputError('--base-out', options.baseOut, `is the head's results file (--out ${head.outPath})`);
  if (options.verdictsOut === undefined) return;
  checkOutputFile('--verdicts-out', options.verdictsOut, deps.paths, { createParents });
  if ([head.outPath, options.baseOut].some((other) => resolve(other) === resolve(options.verdictsOut!)))
    throw new InputError('--verdicts-out', options.verdictsOut, 'is also a results file of this run');
}

/** The base read and both sides fingerprinted: what a paired run measures, before anything is made ready. */
export interface PairedComparison {
  plans: { base: RunPlan; head: RunPlan };
  changes: ScenarioChange[];
  /** Keys of the scenarios to measure: those whose inputs changed (all with `--always-measure`). */
  measured: Set<string>;
  scenarios: PairedScenario[];
  pairs: number;
  /** Sequential looks or the fixed design, and its cap. */
  design: PairedDesign;
  commits: { base: string; head: string };
  /** Inputs absent at the base (config or profile files added by the change). */
  missingAtBase: string[];
  /** Each side's scenario inputs by key, as fingerprinted: what a changed scenario's differences read. */
  inputs: { base: Map<string, ScenarioInputs>; head: Map<string, ScenarioInputs> };
  /** Where each changed scenario's head profile lives in the repository, with its lines. */
  profileFiles: Map<string, ProfileFile>;
}

/** Where each changed head scenario's profile file lives in the repository (see profileFile). */
function headProfileFiles(
  head: RunPlan,
  changes: readonly ScenarioChange[],
  reader: BaseReader,
  deps: PairedGateDeps,
): Map<string, ProfileFile> {
  const real = deps.paths.real ?? ((path: string) => resolve(path));
  const paths = { cwd: deps.cwd, root: reader.root, real };
  const changed = new Set(changes.filter((c) => c.change === 'changed').map((c) => c.key));
  return new Map(
    head.scenarios.flatMap((scenario) => {
      const file = changed.has(scenario.key) ? profileFile(scenario.profile, paths) : undefined;
      return file === undefined ? [] : [[scenario.key, file] as const];
    }),
  );
}

/**
 * Reads the base commit's inputs, plans the base side and fingerprints both sides. Touches only
 * git and the user's files, so a caller can tell a run with nothing to measure before it installs,
 * restores or builds anything. A base that cannot be read is an InputError naming `--base-ref`.
 */
export async function comparePairedInputs(
  flags: RawOptions,
  head: RunPlan,
  options: PairedOptions,
  deps: PairedGateDeps,
  emit: EventSink,
): Promise<PairedComparison> {
  checkPairedOutputs(head, options, deps);
  // The base side's own image needs the head's (a head with one is refused when planned).
  if (options.artifacts.image !== undefined && head.images === undefined)
    throw new InputError(
      '--base-image',
      options.artifacts.image,
      "needs --image too: it is the base side's own image",
    );
  const reader = await openBaseCommit(options.baseRef, deps.git, deps.cwd);
  const basePlan = await buildBasePlan(flags, head, {
    base: reader,
    paths: deps.paths,
    ...(deps.images ? { images: deps.images } : {}),
    artifacts: options.artifacts,
    defaults: PAIRED_RUN_DEFAULTS,
  });
  const base: RunPlan = { ...basePlan.plan, outPath: options.baseOut };
  const inputs = { base: scenarioInputs(base, deps.hashPath), head: scenarioInputs(head, deps.hashPath) };
  const changes = changedScenarios(fingerprintsOf(inputs.base), fingerprintsOf(inputs.head));
  const measured = new Set(
    changes
      .filter((c) => c.change === 'changed' || (c.change === 'unchanged' && options.alwaysMeasure))
      .map((c) => c.key),
  );
  const commits = { base: reader.sha, head: await headSide(deps.git, deps.cwd) };
  const scenarios: PairedScenario[] = head.scenarios
    .filter((s) => measured.has(s.key))
    .map((s) => ({ key: s.key, head: s, base: base.scenarios.find((b) => b.key === s.key)! }));
  const pairs = pairsFor(options, scenarios.length, emit);
  const design = pairedDesign(options.sequential, pairs, scenarios.length);
  const each = design.sequential
    ? `at most ${pairs} pairs each, looked at after every pair from ${design.firstLook}`
    : `${pairs} pairs each`;
  emit({
    type: 'stage',
    message: `paired: base ${reader.sha.slice(0, 7)} against head ${/^[0-9a-f]+$/.test(commits.head) ? commits.head.slice(0, 7) : commits.head}; ${scenarios.length} of ${head.scenarios.length} scenario(s) to measure, ${each}`,
  });
  return {
    plans: { base, head },
    changes,
    measured,
    scenarios,
    pairs,
    design,
    commits,
    missingAtBase: basePlan.missing,
    inputs,
    profileFiles: headProfileFiles(head, changes, reader, deps),
  };
}

/** Whether a compared run boots anything: not when every scenario's inputs are unchanged. */
export const needsMeasuring = (comparison: PairedComparison): boolean => comparison.scenarios.length > 0;

/**
 * Measures the compared scenarios (base against head, interleaved) and judges them from their
 * pairs. With nothing to measure it writes both results files and the verdicts straight away.
 */
export async function measurePairedGate(
  comparison: PairedComparison,
  options: PairedOptions,
  deps: Pick<PairedGateDeps, 'run' | 'runOptions'>,
  emit: EventSink,
): Promise<PairedGateOutcome> {
  const { plans, scenarios, pairs, design, commits } = comparison;
  const settings = { threshold: options.threshold, alpha: options.alpha };
  const sequential = sequentialDesignOf(design);
  const look = sequential === undefined ? undefined : sequentialLook(sequential, settings);
  if (!needsMeasuring(comparison))
    emit({ type: 'stage', message: "paired: every scenario's inputs are unchanged; nothing boots" });
  const outcome = needsMeasuring(comparison)
    ? await (deps.run ?? executePairedRun)(
        plans,
        scenarios,
        pairedLoopSettings(pairs, options.seed, undefined, look),
        commits,
        emit,
        deps.runOptions,
      )
    : await writeUnmeasuredRun(plans, commits);
  const verdicts = pairedVerdictsFile({
    changes: describeChanges(
      comparison.changes,
      {
        base: { inputs: comparison.inputs.base, results: outcome.base },
        head: { inputs: comparison.inputs.head, results: outcome.head },
      },
      (key) => comparison.profileFiles.get(key),
    ),
    measured: comparison.measured,
    base: outcome.base,
    head: outcome.head,
    settings,
    commits,
    pairs,
    design,
    seed: options.seed,
    images: (plans.head.images ?? []).map((image) => ({
      name: image.name,
      base: plans.base.images?.find((other) => other.name === image.name)?.contentHash ?? image.contentHash,
      head: image.contentHash,
    })),
  });
  return {
    verdicts,
    base: outcome.base,
    head: outcome.head,
    failed: outcome.failed,
    missingAtBase: comparison.missingAtBase,
  };
}

/** `nicgate run --base-ref`: compare the inputs, then measure what changed. */
export async function runPairedGate(
  flags: RawOptions,
  head: RunPlan,
  options: PairedOptions,
  deps: PairedGateDeps,
  emit: EventSink,
): Promise<PairedGateOutcome> {
  const comparison = await comparePairedInputs(flags, head, options, deps, emit);
  return await measurePairedGate(comparison, options, deps, emit);
}
