// Post step: removes anything a cancelled or crashed run left, and shows the guests' console
// tails. Problems here are warnings; the post step never fails a build.
import * as core from '@actions/core';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { State } from './names.js';
import { describeError } from '../common/errors.js';
import { cleanupStaleRuns } from '../engine/cleanup.js';

async function consoleTails(workDir: string): Promise<void> {
  const files = (await readdir(resolve(workDir)).catch(() => [] as string[])).filter((f) =>
    /^console-\d+\.log$/.test(f),
  );
  for (const file of files.sort()) {
    const text = await readFile(join(resolve(workDir), file), 'utf8').catch(() => '');
    const tail = text.split('\n').slice(-20).join('\n').trim();
    if (tail) core.info(`--- ${file} (last lines of the guest console) ---\n${tail}`);
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
