// The folder the guest cache entry is made of and restored into (`<work-dir>/guest-cache`).
//
// The Actions cache archives whole folders (tar recurses into every directory it is given) and
// ties an entry to the exact list of paths it was saved with, so a save cannot leave out one
// temporary file of `<work-dir>/cache` and still restore with the same fixed path. Instead the
// complete entries are hard-linked (no copy: same file system) into this folder, which is saved;
// a restore extracts into it and moves into `<work-dir>/cache` whatever is not there already.
import { copyFile, link, lstat, mkdir, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { STAMPS_SUFFIX } from '../guest/checked-files.js';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { CacheEntry, CacheLayout } from '../guest/cache-layout.js';
import { GUEST_CATALOG } from '../guest/registry.js';
import { savedGroups } from './guest-cache-entries.js';
import { savedGuestSealProblem } from './guest-cache-seal.js';

/** A link inside an entry is kept only when it stays inside it (never `/etc/...`, never `../..`). */
function staysInside(root: string, linkPath: string, target: string): boolean {
  if (isAbsolute(target)) return false;
  const resolved = resolve(dirname(linkPath), target);
  return resolved === root || resolved.startsWith(root + sep);
}

/** Mirrors `from` at `to`: files hard-linked (copied where that fails), links kept if they stay inside. */
async function linkTree(root: string, from: string, to: string): Promise<void> {
  const stat = await lstat(from);
  if (stat.isDirectory()) {
    await mkdir(to, { recursive: true });
    for (const name of await readdir(from))
      if (!name.endsWith(STAMPS_SUFFIX)) await linkTree(root, join(from, name), join(to, name));
  } else if (stat.isFile()) {
    await link(from, to).catch(() => copyFile(from, to));
  } else if (stat.isSymbolicLink()) {
    const target = await readlink(from);
    if (staysInside(root, from, target)) await symlink(target, to);
  }
}

/** Fills `stageDir` (emptied first) with `entries` of `cacheDir`. */
export async function stageEntries(
  cacheDir: string,
  stageDir: string,
  entries: readonly CacheEntry[],
): Promise<void> {
  await rm(stageDir, { recursive: true, force: true });
  await mkdir(stageDir, { recursive: true });
  for (const entry of entries) {
    for (const path of entry.paths) {
      const root = join(cacheDir, entry.paths.length === 1 ? path : dirname(path));
      await mkdir(dirname(join(stageDir, path)), { recursive: true });
      await linkTree(root, join(cacheDir, path), join(stageDir, path));
    }
  }
}

/** Why a restored tree must not be moved into the cache (a device, a link out of it), if it must not. */
async function treeProblem(root: string, path: string): Promise<string | undefined> {
  const stat = await lstat(path);
  if (stat.isDirectory()) {
    for (const name of await readdir(path)) {
      const problem = await treeProblem(root, join(path, name));
      if (problem) return problem;
    }
    return undefined;
  }
  if (stat.isFile()) return undefined;
  if (stat.isSymbolicLink() && staysInside(root, path, await readlink(path))) return undefined;
  return `${path} is ${stat.isSymbolicLink() ? 'a link out of its entry' : 'not a file or folder'}`;
}

/** What a restored stage may hold, in groups moved together (a saved guest: state, then record). */
async function stagedGroups(stageDir: string, layouts: readonly CacheLayout[]): Promise<string[][]> {
  const groups: string[][] = [];
  for (const layout of layouts) groups.push(...(await layout.stagedGroups(stageDir)));
  return [...groups, ...(await savedGroups(stageDir))];
}

const exists = (path: string): Promise<boolean> =>
  lstat(path).then(
    () => true,
    () => false,
  );

/**
 * Why a staged saved guest must not be adopted: without the secret none is; with it, only one
 * whose seal checks out (guest-cache-seal.ts), before its state reaches the cache folder.
 */
async function savedGuestProblem(
  stageDir: string,
  statePath: string,
  secret: string | undefined,
): Promise<string | undefined> {
  if (secret === undefined)
    return 'saved guests are adopted from the cache only with guest-cache-secret (each sealed with it); this job saves its own';
  return await savedGuestSealProblem(join(stageDir, 'saved'), basename(statePath).slice(0, 32), secret);
}

/**
 * Moves what a restore put in `stageDir` into `cacheDir`, leaving alone everything the cache
 * already holds (this runner's own files win), then empties the stage. Returns the paths moved.
 * A saved guest is moved only when `savedGuestSecret` is given and its seal checks out with it.
 */
export async function adoptStaged(
  stageDir: string,
  cacheDir: string,
  warn: (message: string) => void,
  savedGuestSecret?: string,
  layouts: readonly CacheLayout[] = GUEST_CATALOG.cacheLayouts,
): Promise<string[]> {
  const adopted: string[] = [];
  try {
    for (const group of await stagedGroups(stageDir, layouts)) {
      if ((await Promise.all(group.map((path) => exists(join(cacheDir, path))))).some(Boolean)) continue;
      const problems = await Promise.all(
        group.map((path) => {
          const from = join(stageDir, path);
          // A folder alone is its own root; files of one folder have that folder as theirs.
          return treeProblem(group.length === 1 ? from : dirname(from), from);
        }),
      );
      const problem =
        problems.find((p) => p !== undefined) ??
        (group[0]!.startsWith('saved/')
          ? await savedGuestProblem(stageDir, group[0]!, savedGuestSecret)
          : undefined);
      if (problem) {
        warn(`nicgate: the guest cache entry's ${group[0]} is not used: ${problem}`);
        continue;
      }
      for (const path of group) {
        await mkdir(dirname(join(cacheDir, path)), { recursive: true });
        await rename(join(stageDir, path), join(cacheDir, path));
        adopted.push(path);
      }
    }
  } finally {
    await rm(stageDir, { recursive: true, force: true });
  }
  return adopted;
}
