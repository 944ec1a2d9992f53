import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { withLock } from '../../src/baseline/lock.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'nicgate-lock-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('withLock', () => {
  it('lets one holder in at a time and removes the lock afterwards', async () => {
    const path = join(dir, 'b.json.lock');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withLock(path, async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(existsSync(path)).toBe(false);
  });

  it('removes the lock when the critical section throws', async () => {
    const path = join(dir, 'b.json.lock');
    await expect(withLock(path, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(path)).toBe(false);
  });

  it('takes over a lock whose owner on this host has died', async () => {
    const path = join(dir, 'b.json.lock');
    await writeFile(path, JSON.stringify({ pid: 999_999_999, host: hostname(), since: Date.now() }));
    expect(await withLock(path, async () => 'mine', { alive: () => false, waitMs: 0 })).toBe('mine');
  });

  it('takes over a lock older than staleMs, even a torn one', async () => {
    const path = join(dir, 'b.json.lock');
    await writeFile(path, '{"pid": 1, "ho');
    const later = Date.now() + 10 * 60_000;
    expect(await withLock(path, async () => 'mine', { now: () => later, waitMs: 0 })).toBe('mine');
  });

  it('gives up naming the holder when a live owner keeps it', async () => {
    const path = join(dir, 'b.json.lock');
    const owner = { pid: process.pid, host: hostname(), since: Date.now() };
    await writeFile(path, JSON.stringify(owner));
    await expect(withLock(path, async () => 'never', { waitMs: 50 })).rejects.toThrow(
      `is held by process ${process.pid} on ${hostname()}`,
    );
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(owner);
  });
});
