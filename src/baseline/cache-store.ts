// Baselines in the GitHub Actions cache: the Action's store.
//
// Entries are immutable and evicted after about a week unused, so each run saves a whole new
// baseline under its own key and a load restores the newest entry by key prefix (cache-keys.ts).
// The library reports its own failures as warnings and answers a failed restore as a miss and a
// failed save as -1; this store turns what it can see into outcomes and never throws.
import * as cache from '@actions/cache';
import { mkdir, rm } from 'node:fs/promises';
import { readInputFile } from '../common/input-file.js';
import { INPUT_FILE_CAPS } from '../model/input-limits.js';
import { dirname, join } from 'node:path';
import { describeError } from '../common/errors.js';
import { writeJsonFile } from '../common/atomic-file.js';
import { baselineRestoreKeys, baselineSaveKey } from './cache-keys.js';
import { parseBaselineJson, type BaselineFile } from '../model/baseline.js';
import { unwritable, type BaselineStore, type LoadOutcome, type SaveOutcome } from './store.js';

export interface ActionsCacheStoreOptions {
  /** scenarioSetHash() of this run's scenario keys. */
  scenarioSetHash: string;
  /** Unique per attempt (e.g. `<run id>-<run attempt>`): a key that exists cannot be saved again. */
  runId: string;
  /**
   * A directory that is the same on every run (e.g. `$RUNNER_TEMP/nicgate`): the cache version
   * hashes the cached path, so a path that moves between runs never restores.
   */
  workDir: string;
  log: (line: string) => void;
}

const UNAVAILABLE =
  'the GitHub Actions cache service is not available here (ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL not set)';

export class ActionsCacheStore implements BaselineStore {
  readonly description = 'GitHub Actions cache';
  /** One fixed path: save and restore must name the same paths to share a cache version. */
  readonly file: string;

  constructor(private readonly options: ActionsCacheStoreOptions) {
    this.file = join(options.workDir, 'baseline-cache', 'baseline.json');
  }

  async load(branch: string): Promise<LoadOutcome> {
    let keys: [string, string];
    try {
      keys = baselineRestoreKeys(branch, this.options.scenarioSetHash);
    } catch (error) {
      return { status: 'unreadable', location: this.description, message: describeError(error) };
    }
    const searched = `${this.description}, keys starting with ${keys[1]}`;
    if (!cache.isFeatureAvailable()) return { status: 'none', location: searched, message: UNAVAILABLE };
    let matched: string | undefined;
    try {
      // A file left by an earlier load or save would read as a restore that never happened.
      await rm(this.file, { force: true });
      await mkdir(dirname(this.file), { recursive: true });
      // The scenario-set prefix is the primary key and, again, the first restore key: restore keys
      // are matched by prefix for certain, the primary key is documented to be but less plainly.
      matched = await cache.restoreCache([this.file], keys[0], keys);
    } catch (error) {
      return {
        status: 'unreadable',
        location: searched,
        message: `restoring failed: ${describeError(error)}`,
      };
    }
    if (matched === undefined) return { status: 'none', location: searched };
    const location = `${this.description} key ${matched}`;
    this.options.log(`baseline restored from ${location}`);
    let text: string;
    try {
      text = readInputFile(this.file, { input: location, maxBytes: INPUT_FILE_CAPS.baseline });
    } catch (error) {
      // tar stores the path relative to the workspace: a workspace that moved puts it elsewhere.
      const why = hasCode(error, 'ENOENT')
        ? `the entry did not restore ${this.file} (saved from another workspace or work directory?)`
        : describeError(error);
      return { status: 'unreadable', location, message: why };
    }
    try {
      return { status: 'found', baseline: parseBaselineJson(text, location), location };
    } catch (error) {
      return { status: 'unreadable', location, message: describeError(error) };
    }
  }

  /**
   * Not atomic, and it cannot be: cache entries are immutable and a restore returns only the newest
   * entry, so two jobs recording the same branch at the same time both start from the same
   * baseline and the later save wins; the other run's samples are missing from every later
   * baseline (its own entry is still saved, it is just never the newest). Serialise baseline jobs
   * (a `concurrency` group per branch, as the README's workflow does) to avoid it.
   */
  async update(branch: string, change: (current: LoadOutcome) => BaselineFile): Promise<SaveOutcome> {
    return await this.save(change(await this.load(branch)));
  }

  async save(baseline: BaselineFile): Promise<SaveOutcome> {
    const invalid = unwritable(baseline);
    if (invalid) return { status: 'skipped', message: invalid };
    if (!cache.isFeatureAvailable()) return { status: 'skipped', message: UNAVAILABLE };
    let key: string;
    try {
      key = baselineSaveKey(baseline.branch, this.options.scenarioSetHash, this.options.runId);
      await mkdir(dirname(this.file), { recursive: true });
      await writeJsonFile(this.file, baseline);
    } catch (error) {
      return {
        status: 'skipped',
        message: `cannot prepare the baseline for the cache: ${describeError(error)}`,
      };
    }
    try {
      const id = await cache.saveCache([this.file], key);
      // -1: the library already warned why (key taken, service refused, upload failed).
      if (id === -1) {
        return {
          status: 'skipped',
          message: `the cache did not store key ${key} (see the cache warning above)`,
        };
      }
      // With the legacy service the library returns the reserved id even when the upload or the
      // commit then failed: ask for the key back before calling it saved.
      const found = await cache.restoreCache([this.file], key, [], { lookupOnly: true });
      if (found !== key) {
        return {
          status: 'skipped',
          message: `the cache does not list key ${key} after saving it (see the cache warning above)`,
        };
      }
    } catch (error) {
      return { status: 'skipped', message: `saving key ${key} failed: ${describeError(error)}` };
    }
    this.options.log(`baseline saved as ${this.description} key ${key}`);
    return { status: 'saved', location: `${this.description} key ${key}` };
  }
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
