// `mode: aggregate`: the results files of a matrix's jobs, found by glob and merged into one.
import * as glob from '@actions/glob';
import { readFileSync } from 'node:fs';
import { InputError } from '../common/errors.js';
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
    files.map((source) => ({ source, results: parseResultsJson(readFileSync(source, 'utf8'), source) })),
  );
  return { ...merged, files };
}
