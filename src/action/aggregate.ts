// `mode: aggregate`: the results files of a matrix's jobs, found by glob and merged into one.
import * as glob from '@actions/glob';
import { InputError } from '../common/errors.js';
import { readInputFile } from '../common/input-file.js';
import { INPUT_FILE_CAPS } from '../model/input-limits.js';
import { parseResultsJson } from '../model/results.js';
import { mergeResults, type MergeOutcome } from '../results/merge.js';

/** `patterns`: newline- or comma-separated paths or globs (as actions/upload-artifact takes them). */
export async function aggregateResults(
  patterns: string,
  input = 'results-files',
): Promise<MergeOutcome & { files: string[] }> {
  const lines = patterns
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length === 0)
    throw new InputError(input, patterns, 'names no results files (mode: aggregate needs them)');
  const globber = await glob.create(lines.join('\n'), { matchDirectories: false });
  const files = (await globber.glob()).sort();
  if (files.length === 0) throw new InputError(input, patterns, 'matched no files');
  const merged = mergeResults(
    files.map((source) => ({
      source,
      results: parseResultsJson(readInputFile(source, { input, maxBytes: INPUT_FILE_CAPS.results }), source),
    })),
  );
  return { ...merged, files };
}
