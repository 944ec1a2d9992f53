import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStaleTemporaries, writeJsonFile } from '../../src/common/atomic-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-atomic-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A PID no process has: above the kernel's pid_max. */
const DEAD_PID = 999_999_999;

describe('writeJsonFile', () => {
  it('removes the temporaries an interrupted write of the same file left, not others', async () => {
    const stale = join(dir, `.results.json.${DEAD_PID}-0123abcd.tmp`);
    const live = join(dir, `.results.json.${process.pid}-0123abcd.tmp`);
    const otherTarget = join(dir, `.verdicts.json.${DEAD_PID}-0123abcd.tmp`);
    for (const path of [stale, live, otherTarget]) writeFileSync(path, '{"half":');
    await writeJsonFile(join(dir, 'results.json'), { ok: true });
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))).toEqual({ ok: true });
    expect([existsSync(stale), existsSync(live), existsSync(otherTarget)]).toEqual([false, true, true]);
  });
});

describe('removeStaleTemporaries', () => {
  it("removes every dead writer's temporary in a directory, and nothing that is not one", async () => {
    const names = [
      `.a.json.${DEAD_PID}-0123abcd.tmp`,
      `.b.json.${DEAD_PID}-deadbeef.tmp`,
      `.c.json.${process.pid}-0123abcd.tmp`,
      'a.json',
      `a.json.${DEAD_PID}-0123abcd.tmp`,
      '.a.json.tmp',
    ];
    for (const name of names) writeFileSync(join(dir, name), '');
    const removed = await removeStaleTemporaries(dir);
    expect(removed.sort()).toEqual(names.slice(0, 2));
    expect(readdirSync(dir).sort()).toEqual(names.slice(2).sort());
  });

  it('is quiet about a directory that does not exist', async () => {
    expect(await removeStaleTemporaries(join(dir, 'none'))).toEqual([]);
  });
});
