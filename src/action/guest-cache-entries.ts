// The complete entries of `<work-dir>/cache`, the only things the guest cache carries between
// runs: each kernel tree the engine finished unpacking (`kernel/<packages>/.complete`), each image
// folder that passes imageFolderProblem, each Debian disk that passes diskFolderProblem (its disk
// and image.json only), each prepared overlay whose record parses and names its size, and each
// saved guest whose record and state are both there. Temporaries (`.<name>.<pid>-<hex>.tmp`), build folders (`linux-<hash>.partial-<pid>`) and
// an unfinished download are never carried, and nothing in the cache folder is removed.
import { createHash } from 'node:crypto';
import { lstat, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { imageFolderNames, imageFolderProblem } from '../guest/linux/image.js';
import { savedGuestRecordSchema } from '../model/saved-guest.js';
import { DISK_FOLDER, diskFolderProblem } from '../guest/debian/build.js';
import { parsePreparedOverlay } from '../model/prepared-overlay.js';

type CacheEntryKind = 'kernel' | 'image' | 'disk' | 'prepared' | 'saved';

export interface CacheEntry {
  kind: CacheEntryKind;
  /** What is carried, relative to the cache folder (`/`-separated): a folder or files. */
  paths: string[];
  /** Its name and the digest that says it is the same entry (for the save key). */
  identity: string;
  /**
   * The inode of the file that marks it complete (`.complete`, `image.json`, the saved record):
   * the engine writes that file anew whenever it rebuilds or re-saves the entry.
   */
  marker: number;
}

/** Tells complete image folders from others (injected so tests need not hash real images). */
export type ImageCheck = (dir: string) => Promise<string | undefined>;

const KERNEL_DONE_MARKER = '.complete';
const SAVED_RECORD = /^([0-9a-f]{32})\.json$/;

async function regularFile(path: string): Promise<{ ino: number; size: number } | undefined> {
  const stat = await lstat(path).catch(() => undefined);
  return stat?.isFile() ? { ino: stat.ino, size: stat.size } : undefined;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

async function kernelEntries(cacheDir: string): Promise<CacheEntry[]> {
  const entries: CacheEntry[] = [];
  for (const name of await readdir(join(cacheDir, 'kernel')).catch(() => [] as string[])) {
    // `download` is where packages wait until they are unpacked: never a finished tree.
    if (name.startsWith('.') || name.includes('.partial-') || name === 'download') continue;
    const dir = join(cacheDir, 'kernel', name);
    if (!(await lstat(dir).catch(() => undefined))?.isDirectory()) continue;
    const done = await regularFile(join(dir, KERNEL_DONE_MARKER));
    if (done)
      entries.push({
        kind: 'kernel',
        paths: [`kernel/${name}`],
        identity: `kernel/${name}`,
        marker: done.ino,
      });
  }
  return entries;
}

async function imageEntries(cacheDir: string, check: ImageCheck): Promise<CacheEntry[]> {
  const entries: CacheEntry[] = [];
  for (const name of await imageFolderNames(cacheDir)) {
    const dir = join(cacheDir, name);
    if ((await check(dir)) !== undefined) continue;
    const meta = await regularFile(join(dir, 'image.json'));
    const text = await readFile(join(dir, 'image.json')).catch(() => undefined);
    if (!meta || !text) continue;
    const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
    entries.push({ kind: 'image', paths: [name], identity: `${name} ${digest}`, marker: meta.ino });
  }
  return entries;
}

const PREPARED_OVERLAY = /^prepared-[0-9a-f]{16}\.qcow2$/;

/** A prepared overlay with its record, when the record parses and names the overlay's size. */
async function preparedEntry(
  cacheDir: string,
  folder: string,
  name: string,
): Promise<CacheEntry | undefined> {
  const overlay = await regularFile(join(cacheDir, folder, name));
  const recordPath = join(cacheDir, folder, `${name}.json`);
  const record = await regularFile(recordPath);
  if (!overlay || !record) return undefined;
  const text = await readFile(recordPath, 'utf8').catch(() => '');
  let parsed;
  try {
    parsed = parsePreparedOverlay(text, recordPath);
  } catch {
    return undefined;
  }
  if (parsed.bytes !== overlay.size) return undefined;
  return {
    kind: 'prepared',
    // Overlay first, record last, as for saved guests.
    paths: [`${folder}/${name}`, `${folder}/${name}.json`],
    identity: `${folder}/${name} ${parsed.sha256}`,
    marker: record.ino,
  };
}

/** Debian disks (disk and image.json, never the stamps) that pass the check, and their prepared overlays. */
async function diskEntries(cacheDir: string, check: ImageCheck): Promise<CacheEntry[]> {
  const entries: CacheEntry[] = [];
  for (const folder of (await readdir(cacheDir).catch(() => [] as string[])).sort()) {
    if (!DISK_FOLDER.test(folder) || (await check(join(cacheDir, folder))) !== undefined) continue;
    const meta = await regularFile(join(cacheDir, folder, 'image.json'));
    const text = await readFile(join(cacheDir, folder, 'image.json')).catch(() => undefined);
    if (!meta || !text) continue;
    const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
    entries.push({
      kind: 'disk',
      paths: [`${folder}/disk.raw`, `${folder}/image.json`],
      identity: `${folder} ${digest}`,
      marker: meta.ino,
    });
    for (const name of (await readdir(join(cacheDir, folder))).sort()) {
      if (!PREPARED_OVERLAY.test(name)) continue;
      const entry = await preparedEntry(cacheDir, folder, name);
      if (entry) entries.push(entry);
    }
  }
  return entries;
}

/** Saved guests whose record parses, names its own key and the state's size (the engine checks the digest). */
async function savedEntries(cacheDir: string): Promise<CacheEntry[]> {
  const dir = join(cacheDir, 'saved');
  const entries: CacheEntry[] = [];
  for (const name of (await readdir(dir).catch(() => [] as string[])).sort()) {
    const key = SAVED_RECORD.exec(name)?.[1];
    if (key === undefined) continue;
    const record = await regularFile(join(dir, name));
    const state = await regularFile(join(dir, `${key}.state`));
    if (!record || !state) continue;
    const parsed = savedGuestRecordSchema.safeParse(await readJson(join(dir, name)));
    if (!parsed.success || parsed.data.key !== key || parsed.data.stateBytes !== state.size) continue;
    entries.push({
      kind: 'saved',
      // State first: adopting them in this order never leaves a record that names no state.
      paths: [`saved/${key}.state`, `saved/${name}`],
      identity: `saved/${key} ${parsed.data.stateSha256}`,
      marker: record.ino,
    });
  }
  return entries;
}

export async function completeEntries(
  cacheDir: string,
  check: ImageCheck = (dir) => imageFolderProblem(dir),
  diskCheck: ImageCheck = (dir) => diskFolderProblem(dir),
): Promise<CacheEntry[]> {
  return [
    ...(await kernelEntries(cacheDir)),
    ...(await imageEntries(cacheDir, check)),
    ...(await diskEntries(cacheDir, diskCheck)),
    ...(await savedEntries(cacheDir)),
  ];
}
