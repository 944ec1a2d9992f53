// `nicgate compare` and `nicgate record`: baselines from files or a local directory store.
import { LocalDirectoryStore } from '../baseline/local-store.js';
import {
  parseAlpha,
  parseBoolean,
  parseBranch,
  parseCommit,
  parseRunId,
  parseThreshold,
  parseWindow,
} from '../config/parse-decision.js';
import { hostPaths } from '../config/host-paths.js';
import { checkOutputFile, checkReadableDirectory, checkWorkDirectory } from '../config/paths.js';
import { InputError } from '../common/errors.js';
import { writeJsonFile } from '../common/atomic-file.js';
import type { VerdictsFile } from '../model/verdicts.js';
import { findBaseline, recordBaseline, type FoundBaseline } from '../baseline/history.js';
import { verdictsFor } from '../verdicts/compare.js';
import { readBaselineFile, readResultsFile } from './input-files.js';

export type CompareFlags = Partial<
  Record<
    | 'results'
    | 'baseline'
    | 'baseline-dir'
    | 'branch'
    | 'fallback-branch'
    | 'out'
    | 'threshold'
    | 'alpha'
    | 'allow-environment-change',
    string
  >
>;
export type RecordFlags = Partial<
  Record<'results' | 'baseline-dir' | 'branch' | 'window' | 'run-id' | 'commit', string>
>;

/**
 * `--baseline-dir` for compare: an existing directory, checked before anything is read (a missing
 * one is a typo more often than a branch without baselines, which an empty directory says).
 */
function checkBaselineDirectory(dir: string): void {
  if (hostPaths.kind(dir) === 'missing')
    throw new InputError('--baseline-dir', dir, 'does not exist (nicgate record --baseline-dir creates it)');
  checkReadableDirectory('--baseline-dir', dir, hostPaths);
}

export async function compareCommand(
  flags: CompareFlags,
  warn: (message: string) => void,
): Promise<VerdictsFile> {
  const dir = flags['baseline-dir'];
  if (flags.baseline !== undefined && dir !== undefined)
    throw new InputError('--baseline', flags.baseline, 'and --baseline-dir cannot be used together');
  if (dir !== undefined) checkBaselineDirectory(dir);
  const results = readResultsFile(flags.results);
  if (flags.out !== undefined) checkOutputFile('--out', flags.out, hostPaths);
  const options = {
    threshold: parseThreshold(flags.threshold),
    alpha: parseAlpha(flags.alpha),
    allowEnvironmentChange: parseBoolean(flags['allow-environment-change'], '--allow-environment-change'),
  };
  let found: FoundBaseline | undefined;
  if (flags.baseline !== undefined) {
    const baseline = readBaselineFile(flags.baseline);
    found = { baseline, branch: baseline.branch, location: flags.baseline };
  } else if (dir !== undefined) {
    const branches = [parseBranch(flags.branch)];
    if (flags['fallback-branch'] !== undefined)
      branches.push(parseBranch(flags['fallback-branch'], '--fallback-branch'));
    found = await findBaseline(new LocalDirectoryStore(dir), branches, warn);
    if (!found) warn(`no baseline for ${branches.join(' or ')} in ${dir}: every scenario is new`);
  } else {
    throw new InputError(
      '--baseline',
      '',
      'is required (a baseline or results file), or --baseline-dir with --branch',
    );
  }
  // Two files of one run each are judged by the single-runs rule; a directory of baselines, as the
  // Action judges its stored baseline (numbers only below the history the stored rule needs).
  const verdicts = verdictsFor(results, found, { ...options, singleRuns: flags.baseline !== undefined });
  if (flags.out) await writeJsonFile(flags.out, verdicts);
  return verdicts;
}

export async function recordCommand(
  flags: RecordFlags,
  warn: (message: string) => void,
): Promise<string | undefined> {
  const results = readResultsFile(flags.results);
  if (!flags['baseline-dir'])
    throw new InputError('--baseline-dir', '', 'is required: the directory that keeps baselines');
  checkWorkDirectory('--baseline-dir', flags['baseline-dir'], hostPaths);
  const branch = parseBranch(flags.branch);
  const runId =
    flags['run-id'] !== undefined
      ? parseRunId(flags['run-id'])
      : parseRunId(
          results.environment.timestamp.replace(/[^0-9]/g, ''),
          `${flags.results} (its timestamp, the default run id)`,
        );
  const commit = flags.commit !== undefined ? parseCommit(flags.commit) : results.environment.git?.commit;
  const window = parseWindow(flags.window);
  const recorded = await recordBaseline(
    new LocalDirectoryStore(flags['baseline-dir']),
    branch,
    results,
    { runId, ...(commit ? { commit } : {}) },
    window,
    warn,
  );
  return recorded?.location;
}
