// The files the command line reads (results, baselines, verdicts): each read within its cap and
// checked against its schema, every problem said as an error of the flag that named the file.
import { FileFormatError, InputError } from '../common/errors.js';
import { readInputFile } from '../common/input-file.js';
import { parseBaselineOrResults } from '../baseline/runs.js';
import type { BaselineFile } from '../model/baseline.js';
import { INPUT_FILE_CAPS } from '../model/input-limits.js';
import { parseResultsJson, type ResultsFile } from '../model/results.js';
import { parseVerdictsJson, type VerdictsFile } from '../model/verdicts.js';

/** A regular file within its cap (see readInputFile). */
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

export function readResultsFile(path: string | undefined, input = '--results'): ResultsFile {
  if (!path) throw new InputError(input, '', 'is required: the results file of a run');
  return parsedFrom(input, path, () =>
    parseResultsJson(readText(path, input, INPUT_FILE_CAPS.results), path),
  );
}

/** A baseline file, or a results file read as a baseline of one run. */
export function readBaselineFile(path: string, input = '--baseline'): BaselineFile {
  return parsedFrom(input, path, () =>
    parseBaselineOrResults(readText(path, input, INPUT_FILE_CAPS.baseline), path),
  );
}

export function readVerdictsFile(path: string, input = '--verdicts'): VerdictsFile {
  return parsedFrom(input, path, () =>
    parseVerdictsJson(readText(path, input, INPUT_FILE_CAPS.verdicts), path),
  );
}
