// A built Debian disk and its folder in the cache, `<cache>/debian-12-<hash>`: the disk, its
// image.json and its prepared overlays. A folder is never trusted for being there: it is reused
// (and carried by the Action's guest cache) only while its files match its image.json.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseDiskImageMeta } from '../../model/disk-image.js';
import { fileDigest, rememberChecked, STAMPS_SUFFIX, stillChecked } from '../checked-files.js';

export interface DebianDisk {
  diskPath: string;
  hash: string;
  kernelRelease: string;
  source: string;
  moduleOrder: Record<string, string[]>;
}

/** `debian-12-<first 16 hex digits of the content hash>`: one disk's folder in the cache. */
export const DISK_FOLDER = /^debian-12-([0-9a-f]{16})$/;

export function diskFolderName(hash: string): string {
  return `debian-12-${hash.slice(0, 16)}`;
}

/** Why the disk folder `dir` must not be reused (undefined when it may), as for the Linux image. */
export async function diskFolderProblem(dir: string, hash?: string): Promise<string | undefined> {
  const source = join(dir, 'image.json');
  let meta;
  try {
    meta = parseDiskImageMeta(await readFile(source, 'utf8'), source);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const named = DISK_FOLDER.exec(basename(dir))?.[1];
  if (named === undefined || !meta.hash.startsWith(named))
    return `its image.json names content hash ${meta.hash}, not the folder's`;
  if (hash !== undefined && meta.hash !== hash)
    return `its image.json names content hash ${meta.hash}, not ${hash}`;
  const files = { 'disk.raw': join(dir, 'disk.raw'), 'image.json': source };
  const stamps = join(dir, STAMPS_SUFFIX);
  if (await stillChecked(stamps, files)) return undefined;
  const digest = await fileDigest(files['disk.raw']).catch(() => undefined);
  if (!digest || digest.bytes !== meta.disk.bytes || digest.sha256 !== meta.disk.sha256)
    return 'its disk.raw does not match the size and digest in its image.json';
  await rememberChecked(stamps, files);
  return undefined;
}
