// Post step: removes anything a cancelled or crashed run left, and shows the guests' console
// tails. Problems here are warnings; the post step never fails a build.
import * as core from '@actions/core';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { State } from './names.js';
import { describeError } from '../common/errors.js';
import { cleanupStaleRuns } from '../engine/cleanup.js';
import { consoleText } from '../report/console-text.js';
import { CONSOLE_LOG } from './console-logs.js';
import { printUntrusted } from './untrusted.js';

/**
 * The guest's console is the guest's text (a pull request's kernel or image writes it): each line
 * is cleaned of control characters and printed with workflow commands stopped around it.
 */
async function consoleTails(workDir: string): Promise<void> {
  const files = (await readdir(resolve(workDir)).catch(() => [] as string[])).filter((f) =>
    CONSOLE_LOG.test(f),
  );
  for (const file of files.sort()) {
    const text = await readFile(join(resolve(workDir), file), 'utf8').catch(() => '');
    const tail = text.split('\n').slice(-20).map(consoleText).join('\n').trim();
    if (tail) {
      core.info(`--- ${file} (last lines of the guest console) ---`);
      printUntrusted(tail);
    }
  }
}

export async function post(): Promise<void> {
  try {
    const stateDir = core.getState(State.stateDir);
    if (stateDir) {
      const warn = (message: string): void => core.warning(`nicgate post: ${message}`);
      for (const line of await cleanupStaleRuns(stateDir, true, undefined, warn))
        core.warning(`nicgate post: cleaned up ${line}`);
    }
    const workDir = core.getState(State.workDir);
    if (workDir) await consoleTails(workDir);
  } catch (error) {
    core.warning(`nicgate post step: ${describeError(error)}`);
  }
}
