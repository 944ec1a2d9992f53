// What the guest cache carries of the Linux guests: the distro kernel trees the engine finished
// unpacking (`kernel/<packages>/.complete`; the Debian disk is built from them too) and the
// initramfs image folders that pass imageFolderProblem (`linux-<hash>`).
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  imageJsonEntry,
  regularFile,
  sortedNames,
  type CacheEntry,
  type CacheLayout,
} from '../cache-layout.js';
import { imageFolderNames, imageFolderProblem, IMAGE_FOLDER } from './image.js';
import { KERNEL_DONE_MARKER } from './kernel.js';

/** A folder name in `kernel/` that never is an unpacked tree: `download` holds packages until unpacked. */
const notATree = (name: string): boolean => name.startsWith('.') || name === 'download';

export const KERNEL_TREES: CacheLayout = {
  entries: async (cacheDir) => {
    const entries: CacheEntry[] = [];
    for (const name of await sortedNames(join(cacheDir, 'kernel'))) {
      if (notATree(name) || name.includes('.partial-')) continue;
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
  },
  stagedGroups: async (stageDir) =>
    (await sortedNames(join(stageDir, 'kernel')))
      .filter((name) => !notATree(name))
      .map((name) => [`kernel/${name}`]),
};

export const INITRAMFS_IMAGES: CacheLayout = {
  entries: async (cacheDir) => {
    const entries: CacheEntry[] = [];
    for (const name of await imageFolderNames(cacheDir)) {
      if ((await imageFolderProblem(join(cacheDir, name))) !== undefined) continue;
      const image = IMAGE_FOLDER.exec(name)?.[1];
      const entry = await imageJsonEntry(cacheDir, name, {
        kind: 'image',
        paths: [name],
        ...(image ? { image } : {}),
      });
      if (entry) entries.push(entry);
    }
    return entries;
  },
  stagedGroups: async (stageDir) => (await imageFolderNames(stageDir)).map((name) => [name]),
};
