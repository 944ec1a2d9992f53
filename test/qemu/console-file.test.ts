// The console log nicgate creates for QEMU: a link planted where it goes is replaced, never
// followed, and what it pointed to is left as it was. Real files and real symlinks.
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunError } from '../../src/common/errors.js';
import { createConsoleLog } from '../../src/qemu/console-file.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nicgate-console-file-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('createConsoleLog', () => {
  it('replaces a link planted at the path: its target keeps its contents, the log is a new file', async () => {
    const victim = join(dir, 'shadow');
    writeFileSync(victim, 'root:secret\n');
    const log = join(dir, 'console-0.log');
    symlinkSync(victim, log);
    const handle = await createConsoleLog(log);
    try {
      writeSync(handle.fd, 'guest console\n');
    } finally {
      await handle.close();
    }
    expect(readFileSync(victim, 'utf8')).toBe('root:secret\n');
    expect(lstatSync(log).isFile()).toBe(true);
    expect(readFileSync(log, 'utf8')).toBe('guest console\n');
  });

  it('replaces a dangling link and an old log alike', async () => {
    const dangling = join(dir, 'probe-console.log');
    symlinkSync(join(dir, 'created-by-root'), dangling);
    await (await createConsoleLog(dangling)).close();
    expect(lstatSync(dangling).isFile()).toBe(true);
    expect(() => lstatSync(join(dir, 'created-by-root'))).toThrow();

    const old = join(dir, 'console-1.log');
    writeFileSync(old, 'an earlier run\n');
    await (await createConsoleLog(old)).close();
    expect(readFileSync(old, 'utf8')).toBe('');
  });

  it('fails with a RunError naming the path when it cannot create the file', async () => {
    const taken = join(dir, 'console-2.log');
    mkdirSync(taken);
    await expect(createConsoleLog(taken)).rejects.toThrow(RunError);
    await expect(createConsoleLog(taken)).rejects.toThrow(`cannot create the guest console log ${taken}`);
  });
});
