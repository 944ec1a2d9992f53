// Prepared overlays in a disk guest's cache folder (`prepared-<recipe>.qcow2` and its record
// `.json`) as the Action's guest cache carries them: only an overlay whose record parses and
// names its size, never one a killed prepare left without a record.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parsePreparedOverlay } from '../../model/prepared-overlay.js';
import { regularFile, type CacheEntry } from '../cache-layout.js';

const PREPARED_OVERLAY = /^prepared-[0-9a-f]{16}\.qcow2$/;

/** `prepared-<first 16 hex digits of the install archive's digest>.qcow2`. */
export function preparedOverlayName(recipe: string): string {
  return `prepared-${recipe}.qcow2`;
}

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

/** The complete prepared overlays among `names`, the files of `<cacheDir>/<folder>`. */
export async function preparedEntries(
  cacheDir: string,
  folder: string,
  names: readonly string[],
): Promise<CacheEntry[]> {
  const entries: CacheEntry[] = [];
  for (const name of names.filter((n) => PREPARED_OVERLAY.test(n))) {
    const entry = await preparedEntry(cacheDir, folder, name);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** The overlays among `names` (a staged folder's files) that came with their records, each with it. */
export function preparedGroups(folder: string, names: readonly string[]): string[][] {
  return names
    .filter((name) => PREPARED_OVERLAY.test(name) && names.includes(`${name}.json`))
    .map((name) => [`${folder}/${name}`, `${folder}/${name}.json`]);
}
