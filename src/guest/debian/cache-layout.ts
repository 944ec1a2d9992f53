// What the guest cache carries of the Debian guest: each disk folder that passes
// diskFolderProblem (its disk and image.json, never the stamps) and its complete prepared overlays.
import { join } from 'node:path';
import { imageJsonEntry, sortedNames, type CacheEntry, type CacheLayout } from '../cache-layout.js';
import { preparedEntries, preparedGroups } from '../disk/prepared-cache.js';
import { DISK_FOLDER, diskFolderProblem } from './disk-folder.js';

const DISK_FILES = ['disk.raw', 'image.json'];

export const DEBIAN_DISKS: CacheLayout = {
  entries: async (cacheDir) => {
    const entries: CacheEntry[] = [];
    for (const folder of await sortedNames(cacheDir)) {
      if (!DISK_FOLDER.test(folder) || (await diskFolderProblem(join(cacheDir, folder))) !== undefined)
        continue;
      const disk = await imageJsonEntry(cacheDir, folder, {
        kind: 'disk',
        paths: DISK_FILES.map((name) => `${folder}/${name}`),
      });
      if (!disk) continue;
      entries.push(
        disk,
        ...(await preparedEntries(cacheDir, folder, await sortedNames(join(cacheDir, folder)))),
      );
    }
    return entries;
  },
  stagedGroups: async (stageDir) => {
    const groups: string[][] = [];
    for (const folder of (await sortedNames(stageDir)).filter((name) => DISK_FOLDER.test(name))) {
      const names = await sortedNames(join(stageDir, folder));
      if (DISK_FILES.every((name) => names.includes(name)))
        groups.push(DISK_FILES.map((name) => `${folder}/${name}`));
      groups.push(...preparedGroups(folder, names));
    }
    return groups;
  },
};
