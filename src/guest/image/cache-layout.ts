// What the Action's guest cache carries of users' images: each prepared folder
// (`user-images/<image>-<recipe>/`) whose record parses (a Linux image's, or a BSD image's with its
// overlay alone) and whose files have the sizes it names, moved as one folder. The user's image itself is never cached: it is the workflow's own file.
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parsePreparedBsdImageRecord, parsePreparedImageRecord } from '../../model/prepared-image.js';
import { regularFile, sortedNames, type CacheEntry, type CacheLayout } from '../cache-layout.js';
import { PREPARED_FILES } from './prepare.js';
import { PREPARED_RECORD, USER_IMAGES_FOLDER } from './prepared.js';

const PREPARED_FOLDER = /^[0-9a-f]{16}-[0-9a-f]{16}$/;

function readRecord(
  text: string,
  source: string,
):
  | { imageSha256: string; files: Partial<Record<keyof typeof PREPARED_FILES, { bytes: number }>> }
  | undefined {
  for (const parse of [parsePreparedImageRecord, parsePreparedBsdImageRecord]) {
    try {
      return parse(text, source);
    } catch {
      // Not this kind of record.
    }
  }
  return undefined;
}

async function preparedEntry(cacheDir: string, folder: string): Promise<CacheEntry | undefined> {
  const dir = join(cacheDir, USER_IMAGES_FOLDER, folder);
  const recordPath = join(dir, PREPARED_RECORD);
  const marker = await regularFile(recordPath);
  const text = await readFile(recordPath, 'utf8').catch(() => undefined);
  if (!marker || text === undefined) return undefined;
  const record = readRecord(text, recordPath);
  if (record === undefined) return undefined;
  for (const [name, { bytes }] of Object.entries(record.files)) {
    const file = await regularFile(join(dir, PREPARED_FILES[name as keyof typeof PREPARED_FILES]));
    if (file?.size !== bytes) return undefined;
  }
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return {
    kind: 'prepared',
    paths: [`${USER_IMAGES_FOLDER}/${folder}`],
    identity: `${USER_IMAGES_FOLDER}/${folder} ${digest}`,
    marker: marker.ino,
    image: record.imageSha256.slice(0, 16),
  };
}

export const USER_IMAGES: CacheLayout = {
  entries: async (cacheDir) => {
    const entries: CacheEntry[] = [];
    for (const folder of await sortedNames(join(cacheDir, USER_IMAGES_FOLDER))) {
      if (!PREPARED_FOLDER.test(folder)) continue;
      const entry = await preparedEntry(cacheDir, folder);
      if (entry) entries.push(entry);
    }
    return entries;
  },
  stagedGroups: async (stageDir) => {
    const groups: string[][] = [];
    for (const folder of await sortedNames(join(stageDir, USER_IMAGES_FOLDER))) {
      if (!PREPARED_FOLDER.test(folder)) continue;
      const names = await sortedNames(join(stageDir, USER_IMAGES_FOLDER, folder));
      // A Linux image's folder has its kernel and initrd, a BSD image's neither.
      const bootFiles = [PREPARED_FILES.kernel, PREPARED_FILES.initrd].filter((name) => names.includes(name));
      if (names.includes(PREPARED_FILES.overlay) && names.includes(PREPARED_RECORD) && bootFiles.length !== 1)
        groups.push([`${USER_IMAGES_FOLDER}/${folder}`]);
    }
    return groups;
  },
};
