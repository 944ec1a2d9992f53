// The complete entries of `<work-dir>/cache`, the only things the guest cache carries between
// runs: those of each guest's cache layouts (guest/cache-layout.ts: what a guest keeps there and
// how it checks it) and each saved guest whose record and state are both there. Temporaries,
// build folders and unfinished downloads are never carried, and nothing in the cache folder is
// removed.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { regularFile, sortedNames, type CacheEntry, type CacheLayout } from '../guest/cache-layout.js';
import { GUEST_CATALOG } from '../guest/registry.js';
import { savedGuestRecordSchema } from '../model/saved-guest.js';

const SAVED_RECORD = /^([0-9a-f]{32})\.json$/;

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Saved guests whose record parses, names its own key and the state's size (the engine checks the digest). */
async function savedEntries(cacheDir: string): Promise<CacheEntry[]> {
  const dir = join(cacheDir, 'saved');
  const entries: CacheEntry[] = [];
  for (const name of await sortedNames(dir)) {
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

/** The saved guests a restored stage holds, each state with its record. */
export async function savedGroups(stageDir: string): Promise<string[][]> {
  const saved = await sortedNames(join(stageDir, 'saved'));
  return saved
    .filter((name) => /^[0-9a-f]{32}\.state$/.test(name) && saved.includes(name.replace(/state$/, 'json')))
    .map((name) => [`saved/${name}`, `saved/${name.replace(/state$/, 'json')}`]);
}

export async function completeEntries(
  cacheDir: string,
  layouts: readonly CacheLayout[] = GUEST_CATALOG.cacheLayouts,
): Promise<CacheEntry[]> {
  const entries: CacheEntry[] = [];
  for (const layout of layouts) entries.push(...(await layout.entries(cacheDir)));
  return [...entries, ...(await savedEntries(cacheDir))];
}
