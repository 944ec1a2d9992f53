// Saved guests in the work directory's cache: `<cache>/saved/<key>.state` (QEMU's migration
// stream of a guest waiting for its job) and `<key>.json` (savedGuestRecordSchema). The key hashes
// every part a state depends on, so a state is only ever restored where it was made.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { removeStaleTemporaries, temporaryPathFor, writeJsonFile } from '../common/atomic-file.js';
import { describeError } from '../common/errors.js';
import {
  fileDigest,
  forgetChecked,
  rememberChecked,
  STAMPS_SUFFIX,
  stillChecked,
} from '../guest/checked-files.js';
import {
  savedGuestRecordSchema,
  type SavedGuestKeyParts,
  type SavedGuestRecord,
} from '../model/saved-guest.js';
import type { Accelerator } from '../model/plan.js';

/** Saved states kept at most (each is the guest's touched memory, ~100 MB): the newest win. */
export const MAX_SAVED_GUESTS = 6;

export interface SavedGuestStore {
  dir: string;
  /** Keys whose state file this process has checked against its record (a digest costs ~0.3 s). */
  checked: Set<string>;
  /** Keys this process is saving now: a second boot of the same key does not save it again. */
  saving: Set<string>;
}

export type SavedGuestLookup =
  | { status: 'found'; key: string; stateFile: string }
  | { status: 'none'; key: string }
  | { status: 'unusable'; key: string; reason: string };

export function savedGuestStore(cacheDir: string): SavedGuestStore {
  return { dir: join(cacheDir, 'saved'), checked: new Set(), saving: new Set() };
}

/** The `hostCpu` part of a key: what of the host's CPU a guest under `accel` depends on. Pure. */
export function hostCpuIdentity(accel: Accelerator, cpuinfo: string): string {
  if (accel === 'tcg') return 'emulated (tcg)';
  const model =
    cpuinfo
      .match(/^model name\s*:\s*(.+)$/m)?.[1]
      ?.trim()
      .slice(0, 120) ?? 'unknown';
  const flags = cpuinfo.match(/^flags\s*:\s*(.+)$/m)?.[1]?.trim() ?? '';
  return `${model}; flags ${createHash('sha256').update(flags).digest('hex').slice(0, 16)}`;
}

/** The key of `parts`: a digest of their canonical JSON (fixed field order). Pure. */
export function savedGuestKey(parts: SavedGuestKeyParts): string {
  const canonical = JSON.stringify(
    Object.keys(parts)
      .sort()
      .map((name) => [name, parts[name as keyof SavedGuestKeyParts]]),
  );
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

export function statePath(store: SavedGuestStore, key: string): string {
  return join(store.dir, `${key}.state`);
}

function recordPath(store: SavedGuestStore, key: string): string {
  return join(store.dir, `${key}.json`);
}

/** The stamps of a state and its record when the state's digest last checked out (guest/checked-files.ts). */
function stampsPath(store: SavedGuestStore, key: string): string {
  return join(store.dir, `${key}${STAMPS_SUFFIX}`);
}

/** What a record must say for its state to be restored for `parts`; undefined when it does. Pure. */
export function recordProblem(
  record: SavedGuestRecord,
  key: string,
  parts: SavedGuestKeyParts,
): string | undefined {
  if (record.key !== key) return `its record names key ${record.key}`;
  for (const name of Object.keys(parts) as (keyof SavedGuestKeyParts)[]) {
    if (record.parts[name] !== parts[name])
      return `it was saved with ${name} ${JSON.stringify(record.parts[name])}, not ${JSON.stringify(parts[name])}`;
  }
  return undefined;
}

/** The saved state for `parts`, if there is one this process may restore. */
export async function findSavedGuest(
  store: SavedGuestStore,
  parts: SavedGuestKeyParts,
): Promise<SavedGuestLookup> {
  const key = savedGuestKey(parts);
  let text: string;
  try {
    text = await readFile(recordPath(store, key), 'utf8');
  } catch {
    return { status: 'none', key };
  }
  let record: SavedGuestRecord;
  try {
    record = savedGuestRecordSchema.parse(JSON.parse(text));
  } catch (error) {
    return {
      status: 'unusable',
      key,
      reason: `its record does not parse (${describeError(error).slice(0, 200)})`,
    };
  }
  const problem = recordProblem(record, key, parts);
  if (problem) return { status: 'unusable', key, reason: problem };
  const stateFile = statePath(store, key);
  const size = await stat(stateFile).then(
    (s) => s.size,
    () => -1,
  );
  if (size !== record.stateBytes)
    return {
      status: 'unusable',
      key,
      reason: `its state file has ${size} bytes, the record says ${record.stateBytes}`,
    };
  const checkedFiles = { state: stateFile, record: recordPath(store, key) };
  if (!store.checked.has(key) && !(await stillChecked(stampsPath(store, key), checkedFiles))) {
    if ((await fileDigest(stateFile)).sha256 !== record.stateSha256)
      return { status: 'unusable', key, reason: 'its state file does not match the digest in its record' };
    await rememberChecked(stampsPath(store, key), checkedFiles);
  }
  store.checked.add(key);
  return { status: 'found', key, stateFile };
}

/** Removes a saved state (one that failed to restore, or does not match its record). */
export async function discardSavedGuest(store: SavedGuestStore, key: string): Promise<void> {
  store.checked.delete(key);
  await forgetChecked(stampsPath(store, key));
  await rm(recordPath(store, key), { force: true });
  await rm(statePath(store, key), { force: true });
}

/** Where a state being saved is written first: renamed into place only once it is complete. */
export async function savingPath(store: SavedGuestStore, key: string): Promise<string> {
  await mkdir(store.dir, { recursive: true });
  await removeStaleTemporaries(store.dir);
  return temporaryPathFor(statePath(store, key));
}

/** Puts a complete state in place with its record (state first: a record never names a missing state). */
export async function commitSavedGuest(
  store: SavedGuestStore,
  parts: SavedGuestKeyParts,
  written: { path: string; bytes: number; sha256: string },
): Promise<void> {
  const key = savedGuestKey(parts);
  const record: SavedGuestRecord = savedGuestRecordSchema.parse({
    key,
    parts,
    stateBytes: written.bytes,
    stateSha256: written.sha256,
    savedAt: new Date().toISOString(),
  });
  await rm(recordPath(store, key), { force: true });
  await rename(written.path, statePath(store, key));
  await writeJsonFile(recordPath(store, key), record);
  await rememberChecked(stampsPath(store, key), {
    state: statePath(store, key),
    record: recordPath(store, key),
  });
  store.checked.add(key);
  await pruneSavedGuests(store, MAX_SAVED_GUESTS);
}

/** Keeps the `keep` newest saved states; older ones (other NICs, images, QEMU versions) are dead weight. */
async function pruneSavedGuests(store: SavedGuestStore, keep: number): Promise<void> {
  const names = (await readdir(store.dir)).filter((name) => /^[0-9a-f]{32}\.json$/.test(name));
  const dated = await Promise.all(
    names.map(async (name) => ({
      key: name.slice(0, 32),
      time: (await stat(join(store.dir, name))).mtimeMs,
    })),
  );
  for (const { key } of dated.sort((a, b) => b.time - a.time).slice(keep)) {
    if (!store.saving.has(key)) await discardSavedGuest(store, key);
  }
}
