import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONSOLE_TAIL_BYTES, readConsoleTail } from '../../src/guest/console-tail.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'nicgate-console-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('readConsoleTail (issue 26: read only the console log tail)', () => {
  it('reads only the last bytes of a large log, starting at a whole line', async () => {
    const path = join(dir, 'console-0.log');
    const early = 'early boot line é\n'.repeat(400_000); // about 7 MB
    await writeFile(path, `${early}Kernel panic - not syncing: the end\nlast line\n`);
    const text = await readConsoleTail(path);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(CONSOLE_TAIL_BYTES);
    expect(text.startsWith('early boot line é\n')).toBe(true);
    expect(text.endsWith('Kernel panic - not syncing: the end\nlast line\n')).toBe(true);
  });

  it('reads a small log whole, and nothing from a missing file, a link or a FIFO', async () => {
    const path = join(dir, 'console-1.log');
    await writeFile(path, 'a\nb\n');
    expect(await readConsoleTail(path)).toBe('a\nb\n');
    expect(await readConsoleTail(join(dir, 'missing.log'))).toBe('');
    await symlink(path, join(dir, 'link.log'));
    expect(await readConsoleTail(join(dir, 'link.log'))).toBe('');
    execFileSync('mkfifo', [join(dir, 'fifo.log')]);
    expect(await readConsoleTail(join(dir, 'fifo.log'))).toBe('');
  });
});
