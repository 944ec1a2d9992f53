// Where the Action's results come from: measured here, or merged from other jobs' files.
import * as core from '@actions/core';
import { writeJsonFile } from '../common/atomic-file.js';
import type { EngineEvent } from '../engine/events.js';
import { executeRun } from '../engine/run.js';
import type { ResultsFile } from '../model/results.js';
import { describeEvent } from '../report/console.js';
import { consoleText } from '../report/console-text.js';
import { aggregateResults } from './aggregate.js';
import type { ActionSettings } from './inputs.js';
import { MODE_STEPS } from './modes.js';
import { Inputs } from './names.js';
import { printUntrusted } from './untrusted.js';

export interface ObtainedResults {
  results: ResultsFile;
  /** Keys of the scenarios that failed. */
  failed: string[];
}

export function logEvent(event: EngineEvent): void {
  const line = describeEvent(event);
  if (line === undefined) return;
  if (event.type === 'warning') core.warning(event.message);
  else core.info(line);
}

export async function obtainResults(settings: ActionSettings): Promise<ObtainedResults> {
  if (MODE_STEPS[settings.mode].results === 'merge') {
    const merged = await aggregateResults(settings.resultsFiles, Inputs.resultsFiles);
    // File names and environment fields come from other jobs' artifacts: one line each, commands stopped.
    const files = merged.files.map(consoleText).join(', ');
    printUntrusted(`nicgate: merged ${merged.files.length} results file(s): ${files}`);
    for (const note of merged.notes)
      core.warning(consoleText(`matrix jobs ran in different environments: ${note}`));
    await writeJsonFile(settings.plan.outPath, merged.results);
    return {
      results: merged.results,
      failed: merged.results.scenarios.filter((s) => s.error).map((s) => s.key),
    };
  }
  // Host packages are installed by measureWithGuestCache (guest-cache-step.ts) before this.
  return await executeRun(settings.plan, logEvent);
}
