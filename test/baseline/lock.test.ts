import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { withLock } from '../../src/baseline/lock.js';
import { requiredTool } from '../host/required-tool.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'nicgate-lock-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('withLock', () => {
  it('lets one holder in at a time and removes the lock afterwards', async () => {
    const path = join(dir, 'b.json.lock');
    const contenders = 8;
    let inside = 0;
    let most = 0;
    /** Contenders that have tried for the lock: found it held and waited, or got in. */
    const tried = new Set<number>();
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    await Promise.all(
      Array.from({ length: contenders }, (_, contender) =>
        withLock(
          path,
          async () => {
            tried.add(contender);
            inside++;
            most = Math.max(most, inside);
            // Held until every contender has tried, so a lock that let two in would be caught
            // however the machine schedules them.
            while (tried.size < contenders) await turn();
            inside--;
          },
          {
            sleep: async () => {
              tried.add(contender);
              await turn();
            },
          },
        ),
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

describe('withLock hardening (issue 26)', () => {
  it('takes over a lock whose since lies in the future (a clock set wrong), whoever holds it', async () => {
    const path = join(dir, 'b.json.lock');
    const owner = { pid: 1, host: 'another-host', since: Date.now() + 60 * 60_000 };
    await writeFile(path, JSON.stringify(owner));
    expect(await withLock(path, async () => 'mine', { waitMs: 0 })).toBe('mine');
    expect(existsSync(path)).toBe(false);
  });

  it('never shows a lock without its owner: the holder is written before the lock appears', async () => {
    const path = join(dir, 'b.json.lock');
    const seen = await withLock(path, async () => JSON.parse(await readFile(path, 'utf8')) as unknown);
    expect(seen).toEqual({ pid: process.pid, host: hostname(), since: expect.any(Number) as number });
    expect(await readdir(dir)).toEqual([]);
  });

  it('on a full disk leaves no lock behind, so the next record is not locked out', async () => {
    // A real full file system: a 16 KiB tmpfs, filled, in a private mount namespace of a child
    // (in a user namespace of its own, so no root is needed where user namespaces are allowed).
    const script = join(dir, 'lock-on-full-disk.mjs');
    buildSync({
      entryPoints: [join(import.meta.dirname, '../../src/baseline/lock.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: join(dir, 'lock.mjs'),
      logLevel: 'silent',
    });
    await writeFile(
      script,
      [
        "import { withLock } from './lock.mjs';",
        "import { readdirSync } from 'node:fs';",
        'const [full] = process.argv.slice(2);',
        "const first = await withLock(`${full}/b.json.lock`, async () => 'ran').catch((e) => `failed: ${e.code}`);",
        "const left = readdirSync(full).filter((name) => name !== 'filler');",
        'console.log(JSON.stringify({ first, left }));',
      ].join('\n'),
    );
    const full = join(dir, 'full');
    execFileSync('mkdir', [full]);
    const out = execFileSync(requiredTool('unshare'), [
      '--map-root-user',
      '--mount',
      'sh',
      '-c',
      'mount -t tmpfs -o size=16k tmpfs "$1" && (head -c 1000000 /dev/zero > "$1/filler" 2>/dev/null; true) && exec node "$2" "$1"',
      'sh',
      full,
      script,
    ]).toString();
    const result = JSON.parse(out) as { first: string; left: string[] };
    expect(result.first).toBe('failed: ENOSPC');
    expect(result.left).toEqual([]);
  });
});
