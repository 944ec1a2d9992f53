// Pinned downloads: a publisher's file fetched into the cache and kept only when its SHA-256 is
// the pinned one. The bytes go to a temporary name and are renamed into place after the digest
// matched, so a cut connection, an HTTP error or a stall leaves nothing cached; a cached file is
// hashed again before each use. Decompression (xz, gzip) runs the host's tool through the
// injected executor on a verified file, and the result is kept with its own digest beside it.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunError } from '../../common/errors.js';
import type { Exec, StartTimer } from '../../proc/exec.js';

/** A file to fetch, and the digest it must have. */
export interface PinnedFile {
  url: string;
  /** Lower-case hex SHA-256 of the file as served. */
  sha256: string;
  /** Its name in the cache directory. */
  fileName: string;
}

export interface DownloadDeps {
  fetch: typeof fetch;
  /** The clock of the time limits (proc/exec.ts systemTimer; tests decide when they run out). */
  startTimer: StartTimer;
}

/** How long a download may go without a byte, and in all. */
export interface DownloadLimits {
  idleMs: number;
  totalMs: number;
}

const DEFAULT_LIMITS: DownloadLimits = { idleMs: 60_000, totalMs: 60 * 60_000 };

export class DownloadError extends RunError {
  override readonly name: string = 'DownloadError';
  constructor(
    readonly url: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`downloading ${url}: ${reason}; nothing was cached`, options);
  }
}

export class ChecksumMismatchError extends DownloadError {
  override readonly name = 'ChecksumMismatchError';
  constructor(
    url: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(url, `its SHA-256 is ${actual}, not the pinned ${expected} (the file was removed)`);
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function exists(path: string): Promise<boolean> {
  return await stat(path).then(
    () => true,
    () => false,
  );
}

function temporaryName(path: string): string {
  return `${path}.partial-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/** Fetches `url` into `target`, hashing as it writes; throws DownloadError on any shortfall. */
async function fetchInto(
  url: string,
  target: string,
  deps: DownloadDeps,
  limits: DownloadLimits,
): Promise<string> {
  const controller = new AbortController();
  let stalled: string | undefined;
  const stop = (why: string) => () => {
    stalled = why;
    controller.abort();
  };
  const timer = (ms: number, why: string) => deps.startTimer(ms, stop(why), { unref: true });
  const idle = `no data came for ${limits.idleMs / 1000} s`;
  const cancelTotal = timer(limits.totalMs, `it took longer than ${limits.totalMs / 1000} s`);
  let cancelIdle = timer(limits.idleMs, idle);
  const file = await open(target, 'wx', 0o644);
  try {
    const response = await deps.fetch(url, { signal: controller.signal, redirect: 'follow' });
    if (!response.ok || response.body === null)
      throw new DownloadError(url, `the server answered HTTP ${response.status}`);
    const hash = createHash('sha256');
    let received = 0;
    for await (const chunk of response.body) {
      cancelIdle();
      cancelIdle = timer(limits.idleMs, idle);
      hash.update(chunk);
      received += chunk.byteLength;
      await file.write(chunk);
    }
    const length = response.headers.get('content-length');
    if (length !== null && Number(length) !== received)
      throw new DownloadError(url, `the server sent ${received} of ${length} bytes`);
    return hash.digest('hex');
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    const reason = stalled ?? (error instanceof Error ? error.message : String(error));
    throw new DownloadError(url, `the transfer failed: ${reason}`, { cause: error });
  } finally {
    cancelIdle();
    cancelTotal();
    await file.close();
  }
}

/**
 * The path of `file` in `cacheDir`, downloaded unless a cached copy has the pinned digest (a copy
 * with another digest is removed and fetched again). ChecksumMismatchError when the server's
 * bytes differ from the pin; DownloadError for a failed transfer. Nothing partial is ever left.
 */
export async function downloadPinned(
  file: PinnedFile,
  cacheDir: string,
  deps: DownloadDeps,
  limits: DownloadLimits = DEFAULT_LIMITS,
): Promise<string> {
  if (!SHA256_HEX.test(file.sha256)) throw new RunError(`not a SHA-256 pin: ${JSON.stringify(file.sha256)}`);
  if (!FILE_NAME.test(file.fileName))
    throw new RunError(`not a cache file name: ${JSON.stringify(file.fileName)}`);
  const path = join(cacheDir, file.fileName);
  if (await exists(path)) {
    if ((await sha256OfFile(path)) === file.sha256) return path;
    await rm(path, { force: true });
  }
  await mkdir(cacheDir, { recursive: true });
  const partial = temporaryName(path);
  try {
    const actual = await fetchInto(file.url, partial, deps, limits);
    if (actual !== file.sha256) throw new ChecksumMismatchError(file.url, file.sha256, actual);
    await rename(partial, path);
    return path;
  } finally {
    await rm(partial, { force: true });
  }
}

/** The host tools that unpack a publisher's compressed image, by the compressed file's suffix. */
const DECOMPRESSORS: Readonly<Record<string, readonly string[]>> = {
  '.xz': ['xz', '--decompress', '--force'],
  '.gz': ['gzip', '--decompress', '--force'],
};

/**
 * The decompressed image beside a verified compressed one (`x.raw.xz` -> `x.raw`), made with the
 * host's xz or gzip unless a copy whose digest matches the one recorded at `x.raw.sha256` is
 * there. Made under a temporary name and renamed into place, its digest recorded last.
 */
export async function decompressVerified(compressed: string, exec: Exec): Promise<string> {
  const suffix = Object.keys(DECOMPRESSORS).find((known) => compressed.endsWith(known));
  if (suffix === undefined) throw new RunError(`no decompressor for ${compressed}`);
  const image = compressed.slice(0, -suffix.length);
  const digestFile = `${image}.sha256`;
  const recorded = await readFile(digestFile, 'utf8').then(
    (text) => text.trim(),
    () => undefined,
  );
  if (recorded !== undefined && (await exists(image)) && (await sha256OfFile(image)) === recorded)
    return image;
  await rm(digestFile, { force: true });
  const partial = temporaryName(image);
  try {
    // The tool replaces its input by its output: give it a second name of the verified file.
    await link(compressed, `${partial}${suffix}`);
    await exec([...DECOMPRESSORS[suffix]!, `${partial}${suffix}`], { timeoutMs: 30 * 60_000 });
    const digest = await sha256OfFile(partial);
    await rename(partial, image);
    await writeFile(digestFile, `${digest}\n`);
    return image;
  } finally {
    await rm(partial, { force: true });
    await rm(`${partial}${suffix}`, { force: true });
  }
}
