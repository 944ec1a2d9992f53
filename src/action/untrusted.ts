// Printing text that came from files other jobs wrote (a fork's artifact in `mode: comment`). The
// renderers already strip control characters; on top of that the runner is told to stop reading
// workflow commands around such text, with a token the text cannot know.
import * as core from '@actions/core';
import { randomBytes } from 'node:crypto';
import type { ModeSteps } from './modes.js';

export type LineWriter = (text: string) => void;

/** Whether this mode prints what files say: merged results, or a verdicts file. */
export function readsFiles(steps: ModeSteps): boolean {
  return steps.results === 'merge' || steps.verdicts === 'file';
}

/**
 * `::stop-commands::<token>`, the text, `::<token>::`: the runner takes nothing in between for a
 * command (see "Stopping and starting workflow commands" in GitHub's docs).
 */
export function printUntrusted(text: string, write: LineWriter = core.info): void {
  const token = `nicgate-${randomBytes(16).toString('hex')}`;
  write(`::stop-commands::${token}`);
  write(text);
  write(`::${token}::`);
}

/** core.info, or printUntrusted when the mode reads files. */
export function infoWriter(steps: ModeSteps, write: LineWriter = core.info): LineWriter {
  return readsFiles(steps) ? (text) => printUntrusted(text, write) : write;
}
