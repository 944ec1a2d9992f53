// The paired gate in the Action: on a pull request (or with `base-ref`), measure the base commit's
// inputs against the pull request's in this job. When the base cannot be read (a shallow checkout,
// inputs nicgate cannot use at the base), say so and fall back to the stored baseline.
import * as core from '@actions/core';
import { writeJsonFile } from '../common/atomic-file.js';
import { describeError, InputError } from '../common/errors.js';
import { hashPath } from '../config/content-hash.js';
import { hostImages, hostPaths } from '../config/host-paths.js';
import type { PairedOptions } from '../config/paired-options.js';
import { BaseCommitMissingError } from '../gate/git-base.js';
import {
  comparePairedInputs,
  measurePairedGate,
  type PairedComparison,
  type PairedGateDeps,
} from '../gate/paired-gate.js';
import type { ResultsFile } from '../model/results.js';
import type { VerdictsFile } from '../model/verdicts.js';
import { runCommand } from '../proc/exec.js';
import type { ActionSettings } from './inputs.js';
import { logEvent } from './results-step.js';

/** The real host; the work tree is where the job runs, as it is when called. */
const gateDeps = (): PairedGateDeps => ({
  git: runCommand,
  cwd: process.cwd(),
  hashPath,
  paths: hostPaths,
  images: hostImages,
  createOutputDirectories: true,
});

export interface PairedResults {
  results: ResultsFile;
  failed: string[];
  verdicts: VerdictsFile;
}

/**
 * Loud, with the fix: against a stored baseline that holds no scenario yet, every scenario would
 * read as new, and a regression would pass unseen.
 */
export function shallowCheckoutHelp(error: BaseCommitMissingError): string {
  return (
    `nicgate: the base could not be measured: commit ${error.value} is not in this checkout and fetching it ` +
    `from origin failed (${describeError(error.cause)}); judging against the stored baseline instead, where ` +
    'a scenario without stored runs reads as new. Check out the whole history: in the workflow, give ' +
    '`actions/checkout` the input `fetch-depth: 0` (`- uses: actions/checkout@v4` then `with:` `fetch-depth: 0`).'
  );
}

/**
 * Reads the base and fingerprints both sides, before any host package, guest cache or guest image:
 * a job where no scenario's inputs changed needs none of them. Undefined when the base cannot be
 * read (the job then judges against the stored baseline). `settings.plan` is the head side's plan,
 * built with the paired defaults (inputs.ts).
 */
export async function comparePaired(
  settings: ActionSettings,
  paired: PairedOptions,
): Promise<PairedComparison | undefined> {
  try {
    return await comparePairedInputs(settings.measureInputs, settings.plan, paired, gateDeps(), logEvent);
  } catch (error) {
    // Only a base that cannot be read falls back; any other failure is reported as one.
    if (!(error instanceof InputError) || error.input !== '--base-ref') throw error;
    if (error instanceof BaseCommitMissingError) {
      core.warning(shallowCheckoutHelp(error));
      return undefined;
    }
    core.warning(
      `nicgate: the base could not be measured (${describeError(error)}); judging against the stored baseline`,
    );
    return undefined;
  }
}

/** Measures what `comparePaired` found changed (host packages and guest cache are main.ts's), writes the verdicts. */
export async function obtainPairedResults(
  settings: ActionSettings,
  paired: PairedOptions,
  comparison: PairedComparison,
): Promise<PairedResults> {
  const outcome = await measurePairedGate(comparison, paired, gateDeps(), logEvent);
  for (const path of outcome.missingAtBase)
    core.info(`nicgate: ${path} does not exist at the base: its scenarios are new`);
  await writeJsonFile(settings.verdictsPath, outcome.verdicts);
  return { results: outcome.head, failed: outcome.failed, verdicts: outcome.verdicts };
}
