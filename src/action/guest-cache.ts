// Restoring and saving `<work-dir>/cache` (what each guest keeps there, and saved guests) through
// the Actions cache. The entry is only a speed-up: the engine checks every image and
// overlay before it uses it and rebuilds what does not check out. Saved guests (QEMU migration
// streams) travel only sealed with the workflow's guest-cache-secret and are adopted only when
// their seal checks out (guest-cache-seal.ts); without it each job saves its own. Nothing here
// fails a run: every problem is a warning and an outcome.
import { rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { describeError } from '../common/errors.js';
import type { CacheEntry } from '../guest/cache-layout.js';
import { completeEntries } from './guest-cache-entries.js';
import { guestCacheSaveKey, type GuestCacheKeys } from './guest-cache-key.js';
import { adoptStaged, stageEntries } from './guest-cache-stage.js';
import { writeSavedGuestSeal } from './guest-cache-seal.js';

/** The part of @actions/cache used here (the real module, or a test's stand-in). */
export interface CacheClient {
  isFeatureAvailable(): boolean;
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[]): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

export interface GuestCacheIo {
  cache: CacheClient;
  warn: (message: string) => void;
  info: (line: string) => void;
  /**
   * Saved guests travel only sealed with the workflow's guest-cache-secret: `secret` lets a restore
   * adopt those whose seal checks out; `seal` lets a save seal and carry this job's own (trusted
   * events only). Without it saved guests neither travel nor are adopted: each job saves its own.
   */
  savedGuests?: { secret: string; seal: boolean };
}

export type RestoreStatus = 'hit' | 'partial' | 'miss' | 'off' | 'failed';

export interface GuestCacheRestore {
  status: RestoreStatus;
  keys?: GuestCacheKeys;
  /** The key of the entry restored ('hit', 'partial'). */
  matchedKey?: string;
  /** Why it is off or failed. */
  message?: string;
  /** The complete entries that came from the cache entry, as they were before the run. */
  restored: CacheEntry[];
}

export type GuestCacheSave =
  { status: 'saved'; key: string } | { status: 'unchanged' | 'off' | 'failed'; message: string };

/** The one path every save and restore names: the cache version hashes it. */
export function guestCacheStage(workDir: string): string {
  return join(resolve(workDir), 'guest-cache');
}

export function guestCacheDir(workDir: string): string {
  return join(resolve(workDir), 'cache');
}

const UNAVAILABLE =
  'the GitHub Actions cache service is not available here (ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL not set)';

export function guestCacheOff(message: string): GuestCacheRestore {
  return { status: 'off', message, restored: [] };
}

export async function restoreGuestCache(
  workDir: string,
  keys: GuestCacheKeys,
  io: GuestCacheIo,
): Promise<GuestCacheRestore> {
  if (!io.cache.isFeatureAvailable()) return { ...guestCacheOff(UNAVAILABLE), keys };
  const stage = guestCacheStage(workDir);
  const cacheDir = guestCacheDir(workDir);
  let matchedKey: string | undefined;
  let adopted: string[];
  try {
    // A stage a killed job left would read as part of this restore.
    await rm(stage, { recursive: true, force: true });
    // The inputs prefix is the primary key and the first restore key: restore keys are matched
    // by prefix for certain (the newest entry wins), the primary key less plainly so.
    matchedKey = await io.cache.restoreCache([stage], keys.inputsPrefix, [keys.inputsPrefix, keys.prefix]);
    adopted =
      matchedKey === undefined ? [] : await adoptStaged(stage, cacheDir, io.warn, io.savedGuests?.secret);
  } catch (error) {
    const message = `restoring the guest cache failed: ${describeError(error)}`;
    io.warn(`nicgate: ${message}; guests are built in this job`);
    return { status: 'failed', keys, message, restored: [] };
  }
  if (matchedKey === undefined) {
    io.info(`nicgate: no guest cache entry for ${keys.inputsPrefix} or ${keys.prefix}`);
    return { status: 'miss', keys, restored: [] };
  }
  const moved = new Set(adopted);
  const restored = (await completeEntries(cacheDir)).filter((entry) =>
    entry.paths.every((path) => moved.has(path)),
  );
  const status = matchedKey.startsWith(keys.inputsPrefix) ? 'hit' : 'partial';
  io.info(`nicgate: guest cache ${status === 'hit' ? 'hit' : 'near match'}: key ${matchedKey}`);
  return { status, keys, matchedKey, restored };
}

/**
 * Saves the complete entries of the cache folder under a key that names them, unless the entry
 * restored already holds exactly these (keys are immutable: saving again would only be refused).
 * Returns the outcome and the complete entries now in the cache folder.
 */
export async function saveGuestCache(
  workDir: string,
  restore: GuestCacheRestore,
  io: GuestCacheIo,
): Promise<{ save: GuestCacheSave; entries: CacheEntry[] }> {
  if (restore.status === 'off' || !restore.keys)
    return { save: { status: 'off', message: restore.message ?? 'off' }, entries: [] };
  const stage = guestCacheStage(workDir);
  const cacheDir = guestCacheDir(workDir);
  let entries: CacheEntry[] = [];
  try {
    entries = await completeEntries(cacheDir);
    // Saved guests travel only sealed; a job that may not seal keeps its own on this runner.
    const sealing = io.savedGuests?.seal === true ? io.savedGuests.secret : undefined;
    const carried = sealing === undefined ? entries.filter((entry) => entry.kind !== 'saved') : entries;
    if (carried.length === 0) return { save: { status: 'unchanged', message: 'nothing to save' }, entries };
    const key = guestCacheSaveKey(
      restore.keys,
      carried.map((entry) => entry.identity),
    );
    if (key === restore.matchedKey)
      return { save: { status: 'unchanged', message: `key ${key} holds these already` }, entries };
    await stageEntries(cacheDir, stage, carried);
    if (sealing !== undefined)
      for (const entry of carried.filter((e) => e.kind === 'saved'))
        await writeSavedGuestSeal(join(stage, 'saved'), basename(entry.paths[0]!, '.state'), sealing);
    // -1: the library already warned why (the key was taken by another job, the service refused).
    const id = await io.cache.saveCache([stage], key);
    if (id === -1) {
      const message = `the cache did not store key ${key} (see the cache warning above)`;
      io.warn(`nicgate: ${message}`);
      return { save: { status: 'failed', message }, entries };
    }
    io.info(`nicgate: guest cache saved as key ${key}`);
    return { save: { status: 'saved', key }, entries };
  } catch (error) {
    const message = `saving the guest cache failed: ${describeError(error)}`;
    io.warn(`nicgate: ${message}`);
    return { save: { status: 'failed', message }, entries };
  } finally {
    // Links only: removing them leaves the cache folder as it was.
    await rm(stage, { recursive: true, force: true }).catch(() => undefined);
  }
}
