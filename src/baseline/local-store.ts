// Baselines as files in a directory, one per branch: the CLI's store.
import { mkdir, rename } from 'node:fs/promises';
import { readInputFile } from '../common/input-file.js';
import { INPUT_FILE_CAPS } from '../model/input-limits.js';
import { join } from 'node:path';
import { describeError } from '../common/errors.js';
import { writeJsonFile } from '../common/atomic-file.js';
import { parseBaselineJson, type BaselineFile } from '../model/baseline.js';
import { withLock } from './lock.js';
import {
  branchFileName,
  unwritable,
  type BaselineStore,
  type LoadOutcome,
  type SaveOutcome,
} from './store.js';

export class LocalDirectoryStore implements BaselineStore {
  readonly description: string;

  constructor(
    readonly dir: string,
    /** The clock used to name the kept copy of an unreadable file. */
    private readonly now: () => Date = () => new Date(),
  ) {
    this.description = `directory ${dir}`;
  }

  /** `<dir>/<encoded branch>.json`. */
  pathFor(branch: string): string {
    return join(this.dir, `${branchFileName(branch)}.json`);
  }

  async load(branch: string): Promise<LoadOutcome> {
    let path: string;
    try {
      path = this.pathFor(branch);
    } catch (error) {
      return { status: 'unreadable', location: this.dir, message: describeError(error) };
    }
    let text: string;
    try {
      // A FIFO, a device or a file over the cap is unreadable, not waited on.
      text = readInputFile(path, { input: path, maxBytes: INPUT_FILE_CAPS.baseline });
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { status: 'none', location: path };
      return { status: 'unreadable', location: path, message: describeError(error) };
    }
    try {
      return { status: 'found', baseline: parseBaselineJson(text, path), location: path };
    } catch (error) {
      return { status: 'unreadable', location: path, message: describeError(error) };
    }
  }

  async update(branch: string, change: (current: LoadOutcome) => BaselineFile): Promise<SaveOutcome> {
    try {
      await mkdir(this.dir, { recursive: true });
      return await withLock(
        `${this.pathFor(branch)}.lock`,
        async () => await this.save(change(await this.load(branch))),
      );
    } catch (error) {
      return {
        status: 'skipped',
        message: `cannot update the baseline in ${this.dir}: ${describeError(error)}`,
      };
    }
  }

  async save(baseline: BaselineFile): Promise<SaveOutcome> {
    const invalid = unwritable(baseline);
    if (invalid) return { status: 'skipped', message: invalid };
    try {
      const path = this.pathFor(baseline.branch);
      await mkdir(this.dir, { recursive: true });
      // A file this nicgate cannot read may be corrupt or from a newer version: keep it, never
      // overwrite it silently.
      const previous = await this.load(baseline.branch);
      let kept: string | undefined;
      if (previous.status === 'unreadable') {
        kept = join(this.dir, `${branchFileName(baseline.branch)}.corrupt-${fileStamp(this.now())}.json`);
        await rename(path, kept);
      }
      await writeJsonFile(path, baseline);
      return {
        status: 'saved',
        location: kept ? `${path} (the unreadable file that was there is kept as ${kept})` : path,
      };
    } catch (error) {
      return {
        status: 'skipped',
        message: `cannot write the baseline in ${this.dir}: ${describeError(error)}`,
      };
    }
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** 2025-01-31T12:00:00.123Z -> 20250131T120000123Z: sortable, no characters file systems dislike. */
function fileStamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}
