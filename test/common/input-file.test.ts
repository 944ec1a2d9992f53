import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/common/errors.js';
import { readInputFile, realPathOf, systemPathRefusal } from '../../src/common/input-file.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nicgate-input-file-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const options = { input: '--profile', maxBytes: 1024 };

function refusal(path: string): InputError {
  try {
    readInputFile(path, options);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`${path} was read`);
}

describe('readInputFile', () => {
  it('reads a regular file, and one through a link', () => {
    writeFileSync(join(dir, 'a.conf'), 'net.core.rmem_max = 1\n');
    symlinkSync(join(dir, 'a.conf'), join(dir, 'link.conf'));
    expect(readInputFile(join(dir, 'a.conf'), options)).toBe('net.core.rmem_max = 1\n');
    expect(readInputFile(join(dir, 'link.conf'), options)).toBe('net.core.rmem_max = 1\n');
  });

  it('refuses a FIFO at once instead of waiting for a writer', () => {
    const fifo = join(dir, 'pipe.conf');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(fifo).message).toBe(`--profile: "${fifo}" is a FIFO (named pipe), not a regular file`);
  });

  it('refuses /dev/zero, and a link to it, without reading it', () => {
    expect(refusal('/dev/zero').message).toBe(
      '--profile: "/dev/zero" is under /dev, where nicgate never reads or writes',
    );
    symlinkSync('/dev/zero', join(dir, 'zero.conf'));
    expect(refusal(join(dir, 'zero.conf')).message).toContain('is under /dev');
  });

  it('refuses files under /proc and /sys, which stat as regular files of size 0', () => {
    symlinkSync('/proc/self/environ', join(dir, 'environ.conf'));
    expect(refusal(join(dir, 'environ.conf')).message).toContain('is under /proc');
    expect(refusal('/proc/self/status').message).toContain('is under /proc');
    expect(refusal('/sys/kernel/hostname').message).toContain('is under /sys');
  });

  it('refuses a directory and a file over the cap, saying the cap', () => {
    mkdirSync(join(dir, 'sub'));
    expect(refusal(join(dir, 'sub')).message).toContain('is a directory, not a regular file');
    writeFileSync(join(dir, 'big.conf'), 'x'.repeat(1025));
    expect(refusal(join(dir, 'big.conf')).message).toBe(
      `--profile: "${join(dir, 'big.conf')}" is 1025 bytes, more than the 1 KiB this file may hold`,
    );
    writeFileSync(join(dir, 'full.conf'), 'x'.repeat(1024));
    expect(readInputFile(join(dir, 'full.conf'), options)).toHaveLength(1024);
  });

  it("leaves a missing file's error to the caller", () => {
    expect(() => readInputFile(join(dir, 'nope.conf'), options)).toThrow(/ENOENT/);
  });
});

describe('systemPathRefusal', () => {
  it('refuses /, /proc, /sys, /dev and what is under them, also through links', () => {
    expect(systemPathRefusal('/')).toBe('is the root directory');
    expect(systemPathRefusal('/dev')).toContain('/dev');
    expect(systemPathRefusal('/sys/x/y')).toContain('/sys');
    symlinkSync('/proc', join(dir, 'p'));
    expect(systemPathRefusal(join(dir, 'p', 'new-file.json'))).toContain('/proc');
    symlinkSync('/', join(dir, 'root'));
    expect(systemPathRefusal(join(dir, 'root'))).toBe('is the root directory');
    expect(systemPathRefusal(join(dir, 'results.json'))).toBeUndefined();
    expect(systemPathRefusal('/device/x')).toBeUndefined();
  });

  it('resolves the part of a path that exists', () => {
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    expect(realPathOf(join(dir, 'link', 'a', 'b.json'))).toBe(join(realPathOf(dir), 'real', 'a', 'b.json'));
  });
});
