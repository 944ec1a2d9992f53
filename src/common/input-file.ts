// The one way nicgate reads a file a user (or a pull request) names: profiles, nicgate.yml,
// results, baselines, verdicts. A path that names a device, a FIFO, a socket, a directory or a file
// under /proc, /sys or /dev is refused before a byte is read (`/dev/zero` as a profile once grew to
// gigabytes; a FIFO blocked forever), and no file is read past its format's size cap.
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from './errors.js';

/** Directories nicgate never reads from or writes into, and `/` itself (checked after realpath). */
const SYSTEM_DIRECTORIES = ['/proc', '/sys', '/dev'] as const;

/**
 * Why nicgate refuses `path` as a place to read or write, or undefined when it may. Checked on the
 * absolute path as written and on its real path (links resolved as far as the path exists), so a
 * link to `/proc/self/environ` is refused like the path itself.
 */
export function systemPathRefusal(
  path: string,
  real: (path: string) => string = realPathOf,
): string | undefined {
  for (const candidate of new Set([resolve(path), real(path)])) {
    if (candidate === '/') return 'is the root directory';
    const under = SYSTEM_DIRECTORIES.find((dir) => candidate === dir || candidate.startsWith(`${dir}/`));
    if (under !== undefined) return `is under ${under}, where nicgate never reads or writes`;
  }
  return undefined;
}

/**
 * The real path of `path`: links resolved for the part that exists, the rest appended as written
 * (a file about to be created, in a directory that is a link).
 */
export function realPathOf(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realPathOf(parent), basename(absolute));
  }
}

function kindOf(stats: Stats): string {
  if (stats.isFile()) return 'regular file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  if (stats.isSocket()) return 'socket';
  return 'special file';
}

/** `1 MiB`, `64 MiB`, `512 KiB`. */
function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

interface InputFileOptions {
  /** The input's name for messages: `--profile`, `results-files`, `nicgate.yml:3`. */
  input: string;
  /** The most bytes this file's format may hold. */
  maxBytes: number;
}

/**
 * Reads a regular file of at most `maxBytes` as UTF-8. The path is checked (`stat`, not under a
 * system directory), then opened without blocking and without becoming a controlling terminal, and
 * the opened descriptor is checked again (`fstat`: a regular file, the same one, not too large) and
 * read to its end, never past the cap (a file that grows while read is refused too).
 *
 * Throws InputError naming `input` for a path nicgate refuses (special file, too large, system
 * directory); a path that does not exist or cannot be opened throws the file system's own error
 * (`ENOENT`, `EACCES`), so each caller says what it expected there.
 */
export function readInputFile(path: string, { input, maxBytes }: InputFileOptions): string {
  const refusal = systemPathRefusal(path);
  if (refusal !== undefined) throw new InputError(input, path, refusal);
  checkStats(statSync(path), path, input, maxBytes);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const stats = fstatSync(fd);
    checkStats(stats, path, input, maxBytes);
    return readAll(fd, path, input, maxBytes, stats.size);
  } finally {
    closeSync(fd);
  }
}

/**
 * The first `bytes` bytes of a regular file of any size (a disk image, whose format its header
 * tells), with the file's size: the same checks as readInputFile, without a cap on the size.
 */
export function readInputFileHead(
  path: string,
  input: string,
  bytes: number,
): { head: Buffer; size: number } {
  const refusal = systemPathRefusal(path);
  if (refusal !== undefined) throw new InputError(input, path, refusal);
  checkStats(statSync(path), path, input, Number.MAX_SAFE_INTEGER);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const stats = fstatSync(fd);
    checkStats(stats, path, input, Number.MAX_SAFE_INTEGER);
    const head = Buffer.alloc(Math.min(bytes, stats.size));
    let length = 0;
    for (let read = -1; length < head.length && read !== 0; length += read)
      read = readSync(fd, head, length, head.length - length, length);
    return { head: head.subarray(0, length), size: stats.size };
  } finally {
    closeSync(fd);
  }
}

function checkStats(stats: Stats, path: string, input: string, maxBytes: number): void {
  const kind = kindOf(stats);
  if (kind !== 'regular file') throw new InputError(input, path, `is a ${kind}, not a regular file`);
  if (stats.size > maxBytes) {
    throw new InputError(
      input,
      path,
      `is ${formatBytes(stats.size)}, more than the ${formatBytes(maxBytes)} this file may hold`,
    );
  }
}

function readAll(fd: number, path: string, input: string, maxBytes: number, size: number): string {
  // Room for one byte more than the cap: filling it means the file grew past the cap while read.
  let buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > maxBytes) {
        throw new InputError(
          input,
          path,
          `grew past the ${formatBytes(maxBytes)} this file may hold while it was read`,
        );
      }
      const bigger = Buffer.alloc(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(bigger);
      buffer = bigger;
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) return buffer.toString('utf8', 0, length);
    length += read;
  }
}
