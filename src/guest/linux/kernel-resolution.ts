// The distro kernel meta package resolved to concrete packages by `apt-cache depends`, remembered
// with the stamps of the apt state it read (model/kernel-packages.ts), so a run whose package
// lists and preferences are unchanged skips the two calls.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunError } from '../../common/errors.js';
import { writeJsonFile } from '../../common/atomic-file.js';
import { kernelPackages, parseKernelPackages } from '../../model/kernel-packages.js';
import type { FileStamp } from '../../model/file-stamps.js';
import { fileStamp } from '../checked-files.js';
import type { Exec } from '../../proc/exec.js';
import { debDigestsFromShow, kernelPackagesFromDepends } from './kernel-package.js';

/** The concrete kernel packages, image first, and each one's .deb digest in apt's index. */
export interface ResolvedKernelPackages {
  packages: string[];
  /** Package -> SHA256 of its .deb as apt's (signed) index gives it. */
  sha256: Record<string, string>;
}

/** Where the answer is remembered, in the cache directory (never in a cache entry: stamps are local). */
export const KERNEL_PACKAGES_FILE = 'kernel-packages.json';

/** Folders whose files decide what `apt-cache depends` answers (below `root`, `/` on a host). */
const APT_STATE_DIRS = ['var/lib/apt/lists', 'etc/apt/preferences.d', 'etc/apt/sources.list.d'];
const APT_STATE_FILES = ['etc/apt/preferences', 'etc/apt/sources.list', 'etc/os-release'];

/** The apt state files present now, sorted: list files, preferences, sources. */
export async function aptStateFiles(root = '/'): Promise<string[]> {
  const files = APT_STATE_FILES.map((name) => join(root, name));
  for (const dir of APT_STATE_DIRS) {
    const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries)
      if (entry.isFile() && entry.name !== 'lock') files.push(join(root, dir, entry.name));
  }
  return files.sort();
}

/** The stamps of `files` that exist; a file that does not is left out (its absence is part of the state). */
async function stampsOf(files: readonly string[]): Promise<Record<string, FileStamp>> {
  const stamps: Record<string, FileStamp> = {};
  for (const path of files) {
    const stamp = await fileStamp(path);
    if (stamp) stamps[path] = stamp;
  }
  return stamps;
}

function sameStamps(a: Record<string, FileStamp>, b: Record<string, FileStamp>): boolean {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((name) => {
    const x = a[name];
    const y = Object.hasOwn(b, name) ? b[name] : undefined;
    return x && y && x.dev === y.dev && x.ino === y.ino && x.size === y.size && x.ctimeNs === y.ctimeNs;
  });
}

/** The remembered packages for `meta` when the apt state still has the stamps recorded with them. */
async function remembered(
  path: string,
  meta: string,
  stamps: Record<string, FileStamp>,
): Promise<ResolvedKernelPackages | undefined> {
  try {
    const record = parseKernelPackages(await readFile(path, 'utf8'), path);
    if (record.meta !== meta || !sameStamps(record.inputs, stamps)) return undefined;
    if (!record.packages.every((name) => Object.hasOwn(record.sha256, name))) return undefined;
    return { packages: record.packages, sha256: record.sha256 };
  } catch {
    return undefined;
  }
}

/**
 * The concrete packages behind `meta` (image first, then what it depends on: Ubuntu splits modules
 * into further packages) and their .debs' digests in apt's index. Asks apt only when the apt state
 * changed since the last answer (the remembered answer is bound to the stamps of that state, which
 * a planted file cannot know).
 */
export async function resolveKernelPackages(
  meta: string,
  cacheDir: string,
  exec: Exec,
  stateFiles: readonly string[],
): Promise<ResolvedKernelPackages> {
  const memo = join(cacheDir, KERNEL_PACKAGES_FILE);
  const before = await stampsOf(stateFiles);
  const known = await remembered(memo, meta, before);
  if (known) return known;
  const packages = kernelPackagesFromDepends((await exec(['apt-cache', 'depends', meta])).stdout);
  if (packages.length === 0) {
    throw new RunError(
      `apt knows no kernel package behind ${meta}; run \`apt-get update\` (nicgate setup does)`,
    );
  }
  for (const pkg of [...packages]) {
    const more = kernelPackagesFromDepends((await exec(['apt-cache', 'depends', pkg])).stdout);
    for (const name of more) if (!packages.includes(name)) packages.push(name);
  }
  const shown = debDigestsFromShow(
    (await exec(['apt-cache', 'show', '--no-all-versions', ...packages])).stdout,
  );
  const sha256: Record<string, string> = {};
  for (const name of packages) {
    const digest = Object.hasOwn(shown, name) ? shown[name] : undefined;
    if (digest === undefined)
      throw new RunError(
        `apt's index gives no SHA256 for ${name}; run \`apt-get update\` (nicgate setup does)`,
      );
    sha256[name] = digest;
  }
  // Remembered only when apt's state did not move while it was asked (an update running beside).
  if (sameStamps(before, await stampsOf(stateFiles)))
    await writeJsonFile(memo, kernelPackages({ meta, packages, sha256, inputs: before }));
  return { packages, sha256 };
}
