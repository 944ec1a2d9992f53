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
import { FileFormatError, InputError } from '../common/errors.js';
import { readInputFile } from '../common/input-file.js';
import { INPUT_FILE_CAPS } from '../model/input-limits.js';
import { writeJsonFile } from '../common/atomic-file.js';
import type { ResultsFile } from '../model/results.js';
import { parseResultsJson } from '../model/results.js';
import type { VerdictsFile } from '../model/verdicts.js';
import { findBaseline, recordBaseline, type FoundBaseline } from '../baseline/history.js';
import { verdictsFor } from '../verdicts/compare.js';
import { parseBaselineOrResults } from '../baseline/runs.js';

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

/** A results or baseline file: a regular file within its cap (see readInputFile). */
function readText(path: string, input: string, maxBytes: number): string {
  try {
    return readInputFile(path, { input, maxBytes });
  } catch (cause) {
    if (cause instanceof InputError) throw cause;
    throw new InputError(input, path, 'cannot be read', { cause });
  }
}

/** `parse`'s result; a FileFormatError about the file at `path` is said as an error of `input`. */
function parsedFrom<T>(input: string, path: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    // Said once: the FileFormatError's own text would repeat the path and the reason.
    if (error instanceof FileFormatError && error.source === path)
      throw new InputError(input, path, error.reason, { cause: error.cause });
    throw error;
  }
}

function readResultsFile(path: string | undefined, input = '--results'): ResultsFile {
  if (!path) throw new InputError(input, '', 'is required: the results file of a run');
  return parsedFrom(input, path, () =>
    parseResultsJson(readText(path, input, INPUT_FILE_CAPS.results), path),
  );
}

export async function compareCommand(
  flags: CompareFlags,
  warn: (message: string) => void,
): Promise<VerdictsFile> {
  const results = readResultsFile(flags.results);
  if (flags.out !== undefined) checkOutputFile('--out', flags.out, hostPaths);
  const options = {
    threshold: parseThreshold(flags.threshold),
    alpha: parseAlpha(flags.alpha),
    allowEnvironmentChange: parseBoolean(flags['allow-environment-change'], '--allow-environment-change'),
  };
  let found: FoundBaseline | undefined;
  if (flags.baseline !== undefined) {
    if (flags['baseline-dir'] !== undefined)
      throw new InputError('--baseline', flags.baseline, 'and --baseline-dir cannot be used together');
    const path = flags.baseline;
    const baseline = parsedFrom('--baseline', path, () =>
      parseBaselineOrResults(readText(path, '--baseline', INPUT_FILE_CAPS.baseline), path),
    );
    found = { baseline, branch: baseline.branch, location: flags.baseline };
  } else if (flags['baseline-dir'] !== undefined) {
    if (hostPaths.kind(flags['baseline-dir']) !== 'missing')
      checkReadableDirectory('--baseline-dir', flags['baseline-dir'], hostPaths);
    const branches = [parseBranch(flags.branch)];
    if (flags['fallback-branch'] !== undefined)
      branches.push(parseBranch(flags['fallback-branch'], '--fallback-branch'));
    found = await findBaseline(new LocalDirectoryStore(flags['baseline-dir']), branches, warn);
    if (!found)
      warn(`no baseline for ${branches.join(' or ')} in ${flags['baseline-dir']}: every scenario is new`);
  } else {
    throw new InputError(
      '--baseline',
      '',
      'is required (a baseline or results file), or --baseline-dir with --branch',
    );
  }
  const verdicts = verdictsFor(results, found, options);
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
  return await recordBaseline(
    new LocalDirectoryStore(flags['baseline-dir']),
    branch,
    results,
    { runId, ...(commit ? { commit } : {}) },
    window,
    warn,
  );
}
