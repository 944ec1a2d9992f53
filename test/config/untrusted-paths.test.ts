// Paths and files a pull request controls (issue 26, section 4), against the real file system:
// a real git work tree, real links, a real FIFO, /dev/zero. Nothing here boots a guest: every case
// is refused (or planned) by the plan before a run would start.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/common/errors.js';
import { planFromOptions } from '../../src/config/host-paths.js';
import type { RawOptions } from '../../src/config/options.js';
import { makeGitRepo, type GitFixture } from './git-fixture.js';

let repo: GitFixture;
let scratch: string;
beforeEach(() => {
  repo = makeGitRepo();
  scratch = mkdtempSync(join(tmpdir(), 'nicgate-untrusted-'));
  mkdirSync(join(repo.dir, 'ci'));
  writeFileSync(join(repo.dir, 'ci', 'vmlinuz'), 'kernel');
  mkdirSync(join(repo.dir, 'ci', 'modules'));
});
afterEach(() => {
  repo.remove();
  rmSync(scratch, { recursive: true, force: true });
});

const at = (...parts: string[]): string => join(repo.dir, ...parts);
/** Options every case shares: results and scratch space outside the work tree. */
const base = (): RawOptions => ({ out: join(scratch, 'results.json'), 'work-dir': join(scratch, 'work') });

function refusal(options: RawOptions): string {
  try {
    planFromOptions({ ...base(), ...options }, { planOnly: true });
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('accepted');
}

function config(text: string, name = 'ci/nicgate.yml'): string {
  writeFileSync(at(name), text);
  return at(name);
}

describe("a pull request's nicgate.yml", () => {
  it('may not choose where results go', () => {
    const file = config('nic: e1000\nout: /etc/passwd\n');
    expect(refusal({ config: file })).toBe(
      `${file}:2: "out" cannot be set in a config file: a file a pull request can change may not choose where nicgate writes; give --out (the Action input out) instead`,
    );
  });

  it('may not name an image: a host file read whole and handed to QEMU', () => {
    const file = config('image: /etc/shadow\n');
    expect(refusal({ config: file })).toBe(
      `${file}:1: "image" cannot be set in a config file: a file a pull request can change may not choose a host file nicgate reads whole and hands to QEMU; give --image (the Action input image) instead`,
    );
  });

  it('may not choose the work directory', () => {
    const file = config('work-dir: /\n');
    expect(refusal({ config: file })).toContain(`${file}:1: "work-dir" cannot be set in a config file`);
  });

  it('names the kernel and its modules relative to itself', () => {
    const file = config('kernel: vmlinuz\nkernel-modules: modules\n');
    expect(planFromOptions({ ...base(), config: file }, { planOnly: true }).kernel).toEqual({
      image: at('ci', 'vmlinuz'),
      modulesDir: at('ci', 'modules'),
    });
  });

  it('may not name a kernel outside its work tree', () => {
    const file = config('kernel: /etc/hostname\n');
    expect(refusal({ config: file })).toMatch(
      new RegExp(`^${file}:1 \\(kernel\\): "/etc/hostname" lies outside the work tree ${repo.dir}`),
    );
    config('kernel: ../../vmlinuz\n');
    expect(refusal({ config: file })).toContain('lies outside the work tree');
  });

  it('may not reach out of the tree through a committed link', () => {
    symlinkSync('/etc/hostname', at('ci', 'evil-kernel'));
    symlinkSync('/usr/lib', at('ci', 'evil-modules'));
    const file = config('kernel: evil-kernel\n');
    expect(refusal({ config: file })).toContain(`"${at('ci', 'evil-kernel')}" lies outside the work tree`);
    expect(refusal({ config: file })).toContain('(it resolves to /etc/hostname)');
    config('kernel: vmlinuz\nkernel-modules: evil-modules\n');
    expect(refusal({ config: file })).toContain('(kernel-modules)');
  });

  it('may not name a profile file outside its work tree', () => {
    const file = config('profile: stock,/etc/hostname\n');
    expect(refusal({ config: file })).toContain(`${file}:1 (profile): "/etc/hostname" lies outside`);
  });

  it('is refused when it is itself a link out of the work tree', () => {
    const secret = join(repo.dir, '..', `${repo.dir.split('/').pop()}-secret.yml`);
    writeFileSync(secret, 'nic: e1000\n');
    try {
      symlinkSync(secret, at('nicgate.yml'));
      expect(refusal({ config: at('nicgate.yml') })).toContain('--config: ');
      expect(refusal({ config: at('nicgate.yml') })).toContain('lies outside the work tree');
    } finally {
      execFileSync('rm', ['-f', secret]);
    }
  });
});

describe('special files as inputs', () => {
  it('refuses a FIFO as a profile or a config file at once', () => {
    execFileSync('mkfifo', [at('ci', 'pipe.conf')]);
    expect(refusal({ profile: at('ci', 'pipe.conf') })).toBe(
      `--profile: "${at('ci', 'pipe.conf')}" is a FIFO (named pipe), not a regular file`,
    );
    expect(refusal({ config: at('ci', 'pipe.conf') })).toContain('--config: ');
  });

  it('refuses /dev/zero as a profile, and a committed link to it', () => {
    expect(refusal({ profile: '/dev/zero' })).toBe(
      '--profile: "/dev/zero" is under /dev, where nicgate never reads or writes',
    );
    symlinkSync('/dev/zero', at('ci', 'zero.conf'));
    expect(refusal({ profile: at('ci', 'zero.conf') })).toContain('--profile: ');
  });

  it('refuses a profile larger than 1 MiB', () => {
    writeFileSync(at('ci', 'huge.conf'), '# x\n'.repeat(300_000));
    expect(refusal({ profile: at('ci', 'huge.conf') })).toContain(
      'is 1200000 bytes, more than the 1 MiB this file may hold',
    );
  });
});

describe('profile errors', () => {
  it('quote no text of a file that is not a profile', () => {
    const shadow = at('ci', 'shadow.conf');
    writeFileSync(shadow, 'root:$6$salt$topsecrethash:19000:0:99999:7:::\n');
    const message = refusal({ profile: shadow });
    expect(message).toBe(
      `${shadow}:1: a line of 45 characters is not a "name = value" line (its text is not shown)`,
    );
    writeFileSync(shadow, 'net.core.rmem_max = "hunter2"\n');
    expect(refusal({ profile: shadow })).not.toContain('hunter2');
    writeFileSync(shadow, 'api_token sk-live-abcdef = 1\n');
    expect(refusal({ profile: shadow })).not.toContain('sk-live');
  });
});

describe('paths nicgate writes or works in', () => {
  it('refuses /, /proc, /sys and /dev, also through a link', () => {
    expect(refusal({ out: '/proc/self/attr/current' })).toContain(
      '--out: "/proc/self/attr/current" is under /proc',
    );
    expect(refusal({ 'work-dir': '/' })).toBe('--work-dir: "/" is the root directory');
    expect(refusal({ 'work-dir': '/dev/shm/nicgate' })).toContain('is under /dev');
    symlinkSync('/sys/kernel', at('sys'));
    expect(refusal({ out: at('sys', 'results.json') })).toContain('is under /sys');
    expect(refusal({ kernel: '/dev/zero' })).toContain('--kernel: "/dev/zero" is under /dev');
  });
});
