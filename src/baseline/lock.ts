// A lock file beside a baseline, so concurrent `nicgate record` calls on one branch take turns:
// each re-reads the baseline under the lock, so no run is lost to another's write.
// The owner is written to a file of its own first and then hard-linked to the lock's name: link(2)
// is atomic and fails with EEXIST when the lock is held, so a lock file always names its owner and
// a failed write (a full disk) leaves no lock behind. A lock whose owner died, that is older than
// a record could ever take, or whose `since` lies in the future (a clock set wrong) is stale and is
// taken over.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, readFile, rm, stat, writeFile } from 'node:fs/promises';
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

/** Tries once to take the lock at `path` for `owner`: true when taken, false when it is held. */
async function tryTake(path: string, owner: LockOwner): Promise<boolean> {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(owner), { flag: 'wx', mode: 0o644 });
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
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
    if (await tryTake(path, owner)) break;
    const holder = await readOwner(path);
    // A torn lock file (written by an older nicgate, or damaged) is judged by its age.
    const since =
      holder?.since ??
      (await stat(path).then(
        (s) => s.mtimeMs,
        () => now(),
      ));
    const age = now() - since;
    const stale = age > staleMs || age < 0 || (holder?.host === hostname() && !alive(holder.pid));
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
