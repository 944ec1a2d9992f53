// Whole-file writes that a crash or a concurrent reader never sees half done.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { processRunning } from './process.js';

/** `.<target>.<pid>-<8 hex>.tmp`: the temporary file of a write to `<target>` by process `pid`. */
const TEMPORARY_NAME = /^\.(.+)\.([1-9][0-9]{0,9})-[0-9a-f]{8}\.tmp$/;

/** The name of a temporary file beside `target`, for this process. */
export function temporaryPathFor(target: string): string {
  // Same directory: rename is atomic only within one file system.
  return join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Removes temporary files in `dir` left by writes whose process died before renaming them (a
 * kill between open and rename), for `target` only when given. A live writer's file is kept.
 */
export async function removeStaleTemporaries(
  dir: string,
  target?: string,
  running: (pid: number) => boolean = processRunning,
): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const match = TEMPORARY_NAME.exec(name);
    if (!match || (target !== undefined && match[1] !== target) || running(Number(match[2]))) continue;
    await rm(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Writes `text` to a temporary file beside `path`, flushes it, then renames it over `path`. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await removeStaleTemporaries(dirname(path), basename(path));
  const temporary = temporaryPathFor(path);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** A JSON file (results, verdicts, baselines), written whole or not at all. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
