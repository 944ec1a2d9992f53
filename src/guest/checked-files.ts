// Remembering that the files a guest boots from (an image, a saved state) were checked against
// their digests: their stamps (model/file-stamps.ts), written beside them after a check passed and
// compared before the next one.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { fileStamps, parseFileStamps, type FileStamp } from '../model/file-stamps.js';
import { writeJsonFile } from '../common/atomic-file.js';

/**
 * How a stamps file's name ends. Stamps record checks made on this machine's files; they mean
 * nothing elsewhere, so a cache entry leaves them out.
 */
export const STAMPS_SUFFIX = '.verified.json';

/** The size and sha256 of a file, read as a stream (a kernel is ~65 MB, a saved state ~95 MB). */
export async function fileDigest(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** The stamp of `path` now; undefined when it cannot be read. */
export async function fileStamp(path: string): Promise<FileStamp | undefined> {
  try {
    const s = await stat(path, { bigint: true });
    if (!s.isFile()) return undefined;
    return { dev: String(s.dev), ino: String(s.ino), size: String(s.size), ctimeNs: String(s.ctimeNs) };
  } catch {
    return undefined;
  }
}

/** Writes the stamps of `files` (name -> path) to `stampsPath`, after their check passed. */
export async function rememberChecked(stampsPath: string, files: Record<string, string>): Promise<void> {
  const stamps: Record<string, FileStamp> = {};
  for (const [name, path] of Object.entries(files)) {
    const stamp = await fileStamp(path);
    if (!stamp) return;
    stamps[name] = stamp;
  }
  await writeJsonFile(stampsPath, fileStamps(stamps));
}

/**
 * True when `stampsPath` holds a stamp for each of `files` and each file has it still: the check
 * those stamps record holds for the files as they are. Anything else (no file, a torn or planted
 * one, a changed file) is false, and the caller checks again.
 */
export async function stillChecked(stampsPath: string, files: Record<string, string>): Promise<boolean> {
  let recorded;
  try {
    recorded = parseFileStamps(await readFile(stampsPath, 'utf8'), stampsPath).files;
  } catch {
    return false;
  }
  for (const [name, path] of Object.entries(files)) {
    const was = recorded[name];
    const now = await fileStamp(path);
    if (!was || !now) return false;
    if (was.dev !== now.dev || was.ino !== now.ino || was.size !== now.size || was.ctimeNs !== now.ctimeNs)
      return false;
  }
  return true;
}

export async function forgetChecked(stampsPath: string): Promise<void> {
  await rm(stampsPath, { force: true });
}
