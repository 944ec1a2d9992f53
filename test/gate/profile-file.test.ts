import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { realPathOf } from '../../src/common/input-file.js';
import { resolveProfiles } from '../../src/config/profile.js';
import { profileFile } from '../../src/gate/profile-file.js';
import { LINUX } from '../../src/guest/linux/system.js';
import type { TuningProfile } from '../../src/model/plan.js';

const FIXTURE = 'test/fixtures/profiles/long-fat-pipe.conf';

describe('a profile file keeps the line of each sysctl', () => {
  it('reads the lines of a real profile file, comments, blank lines and slash names counted', () => {
    const [profile] = resolveProfiles(FIXTURE, (path) => readFileSync(path, 'utf8'), [LINUX]);
    expect(profile!.lines).toEqual({
      'net.core.rmem_max': 4,
      'net.core.wmem_max': 5,
      'net.ipv4.tcp_rmem': 7,
      'net.ipv4.tcp_wmem': 8,
      'net.ipv4.tcp_congestion_control': 10,
      'net.ipv4.tcp_ecn_fallback': 11,
    });
    // The same lines a reader finds in the file.
    const text = readFileSync(FIXTURE, 'utf8').split('\n');
    for (const [name, line] of Object.entries(profile!.lines!))
      expect(text[line - 1]!.replace(/\//g, '.')).toContain(name);
  });
});

describe('profileFile', () => {
  let root: string;
  let outside: string;
  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'nicgate-repo-')));
    outside = realpathSync(mkdtempSync(join(tmpdir(), 'nicgate-outside-')));
    mkdirSync(join(root, 'profiles', 'lab'), { recursive: true });
    writeFileSync(join(root, 'profiles', 'lab', 'tuned.conf'), 'net.core.rmem_max = 1\n');
    writeFileSync(join(outside, 'tuned.conf'), 'net.core.rmem_max = 1\n');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const profile = (source: string): TuningProfile => ({
    name: 'tuned',
    source,
    sysctls: [{ name: 'net.core.rmem_max', value: '1' }],
    lines: { 'net.core.rmem_max': 1 },
  });
  const at = (cwd: string) => ({ cwd, root, real: realPathOf });

  it('gives the path from the repository root, whatever directory the path was relative to', () => {
    const expected = { path: 'profiles/lab/tuned.conf', lines: { 'net.core.rmem_max': 1 } };
    expect(profileFile(profile('profiles/lab/tuned.conf'), at(root))).toEqual(expected);
    expect(profileFile(profile('lab/tuned.conf'), at(join(root, 'profiles')))).toEqual(expected);
    expect(profileFile(profile('../profiles/lab/./tuned.conf'), at(join(root, 'profiles')))).toEqual(
      expected,
    );
    expect(profileFile(profile(join(root, 'profiles/lab/tuned.conf')), at('/'))).toEqual(expected);
  });

  it('resolves links: a link inside the tree names the file it points at', () => {
    symlinkSync(join(root, 'profiles', 'lab', 'tuned.conf'), join(root, 'tuned.conf'));
    expect(profileFile(profile('tuned.conf'), at(root))?.path).toBe('profiles/lab/tuned.conf');
  });

  it('gives no file outside the work tree, through ".." or a link', () => {
    expect(profileFile(profile(join(outside, 'tuned.conf')), at(root))).toBeUndefined();
    expect(profileFile(profile(relative(root, join(outside, 'tuned.conf'))), at(root))).toBeUndefined();
    symlinkSync(join(outside, 'tuned.conf'), join(root, 'escape.conf'));
    expect(profileFile(profile('escape.conf'), at(root))).toBeUndefined();
  });

  it('gives no file for a built-in profile, the root itself, or a path that cannot be resolved', () => {
    expect(profileFile({ name: 'tuned', source: 'builtin', sysctls: [] }, at(root))).toBeUndefined();
    expect(profileFile(profile('.'), at(root))).toBeUndefined();
    const broken = {
      cwd: root,
      root,
      real: (): string => {
        throw new Error('EACCES: permission denied');
      },
    };
    expect(profileFile(profile('tuned.conf'), broken)).toBeUndefined();
  });
});
