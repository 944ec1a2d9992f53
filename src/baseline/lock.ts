// A lock file beside a baseline, so concurrent `nicgate record` calls on one branch take turns:
// each re-reads the baseline under the lock, so no run is lost to another's write.
// O_EXCL creation is atomic on local file systems; a lock whose owner died (or that is older than
// a record could ever take) is stale and is taken over.
import { hostname } from 'node:os';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { RunError } from '../common/errors.js';
import { processRunning } from '../common/process.js';

export interface LockOptions {
  /** How long to wait for another holder before giving up. */
  waitMs?: number;
  /** A lock older than this is stale whoever holds it (a record takes well under a second). */
  staleMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Whether a process of this host is alive; injected for tests. */
  alive?: (pid: number) => boolean;
}

interface LockOwner {
  pid: number;
  host: string;
  since: number;
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    const valid =
      Number.isInteger(owner.pid) && typeof owner.host === 'string' && Number.isFinite(owner.since);
    return valid ? (owner as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `critical` while holding the lock file at `path`; the lock is removed on every path. */
export async function withLock<T>(
  path: string,
  critical: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const {
    waitMs = 30_000,
    staleMs = 120_000,
    now = Date.now,
    sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    alive = processRunning,
  } = options;
  const deadline = now() + waitMs;
  for (;;) {
    const owner: LockOwner = { pid: process.pid, host: hostname(), since: now() };
    try {
      const handle = await open(path, 'wx', 0o644);
      await handle.writeFile(JSON.stringify(owner));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readOwner(path);
    // A lock file not written yet (its owner is between create and write) or torn is judged by age.
    const since =
      holder?.since ??
      (await stat(path).then(
        (s) => s.mtimeMs,
        () => now(),
      ));
    const stale = now() - since > staleMs || (holder?.host === hostname() && !alive(holder.pid));
    if (stale) {
      await rm(path, { force: true });
      continue;
    }
    if (now() >= deadline) {
      const who = holder ? `process ${holder.pid} on ${holder.host}` : 'another process';
      throw new RunError(`${path} is held by ${who}; gave up after ${Math.round(waitMs / 1000)} s`);
    }
    await sleep(25 + Math.floor(Math.random() * 50));
  }
  try {
    return await critical();
  } finally {
    await rm(path, { force: true });
  }
}
