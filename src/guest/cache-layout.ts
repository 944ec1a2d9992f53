// What the Action's guest cache carries of a guest: each guest names the layouts of the folders
// it keeps in `<work-dir>/cache` (GuestOs.cacheLayouts), and the Action saves and restores their
// complete entries without knowing any of their names. A layout counts only what the engine
// would use as it is: temporaries, build folders and unfinished downloads are never entries.
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `saved`: a saved guest, which the Action takes from the engine's store itself. */
export type CacheEntryKind = 'kernel' | 'image' | 'disk' | 'prepared' | 'saved';

export interface CacheEntry {
  kind: CacheEntryKind;
  /** What is carried, relative to the cache folder (`/`-separated): a folder, or files of one folder. */
  paths: string[];
  /** Its name and the digest that says it is the same entry (for the save key). */
  identity: string;
  /**
   * The inode of the file that marks it complete (`.complete`, `image.json`, the saved record):
   * the engine writes that file anew whenever it rebuilds or re-saves the entry.
   */
  marker: number;
  /** For an `image` entry: the first 16 hex digits of the content hash of the guest image it holds. */
  image?: string;
}

export interface CacheLayout {
  /** Its complete entries in `cacheDir`, each checked as the engine checks it before use. */
  entries(cacheDir: string): Promise<CacheEntry[]>;
  /**
   * What of it a restored stage may hold, in groups moved together: a folder alone, or files of one
   * folder (the file that marks them complete last).
   */
  stagedGroups(stageDir: string): Promise<string[][]>;
}

/** A regular file's inode and size; undefined for anything else or nothing. */
export async function regularFile(path: string): Promise<{ ino: number; size: number } | undefined> {
  const stat = await lstat(path).catch(() => undefined);
  return stat?.isFile() ? { ino: stat.ino, size: stat.size } : undefined;
}

/** The names in `dir`, sorted; none where it cannot be read. */
export async function sortedNames(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}

/** An entry marked complete by `<folder>/image.json`, identified by that file's digest. */
export async function imageJsonEntry(
  cacheDir: string,
  folder: string,
  entry: Pick<CacheEntry, 'kind' | 'paths' | 'image'>,
): Promise<CacheEntry | undefined> {
  const meta = await regularFile(join(cacheDir, folder, 'image.json'));
  const text = await readFile(join(cacheDir, folder, 'image.json')).catch(() => undefined);
  if (!meta || !text) return undefined;
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return { ...entry, identity: `${folder} ${digest}`, marker: meta.ino };
}
