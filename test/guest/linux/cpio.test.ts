import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCpio, parentDirs, type CpioEntry } from '../../../src/guest/linux/cpio.js';
import { readNewc } from './newc.js';
import { requiredTool } from '../../host/required-tool.js';

const text = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('buildCpio', () => {
  it('writes an empty archive as just the trailer', () => {
    const archive = buildCpio([]);
    const [records, ...rest] = readNewc(archive);
    expect(rest).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records![0]!.name).toBe('TRAILER!!!');
    expect(records![0]!.fields).toMatchObject({ ino: 0, mode: 0, filesize: 0, namesize: 11 });
    // 110 header + 11 name bytes, padded to 124.
    expect(archive).toHaveLength(124);
  });

  it('writes newc headers with file type, permission bits, sizes and a final trailer', () => {
    const archive = buildCpio([
      { kind: 'dir', path: '/bin' },
      { kind: 'file', path: '/bin/busybox', data: text('#!'), mode: 0o755 },
      { kind: 'file', path: 'etc/job', data: text('iperf3 5201\n') },
      { kind: 'dir', path: 'secret', mode: 0o700 },
      { kind: 'symlink', path: '/bin/sh', target: 'busybox' },
    ]);
    const [records] = readNewc(archive);
    expect(records!.map((r) => r.name)).toEqual([
      'bin',
      'bin/busybox',
      'etc/job',
      'secret',
      'bin/sh',
      'TRAILER!!!',
    ]);
    const modes = records!.map((r) => r.fields.mode);
    expect(modes).toEqual([0o040755, 0o100755, 0o100644, 0o040700, 0o120777, 0]);
    const byName = new Map(records!.map((r) => [r.name, r]));
    expect(byName.get('etc/job')!.data.toString()).toBe('iperf3 5201\n');
    expect(byName.get('etc/job')!.fields.filesize).toBe(12);
    expect(byName.get('bin/sh')!.data.toString()).toBe('busybox');
    expect(byName.get('bin')!.fields.filesize).toBe(0);
    for (const record of records!) {
      expect(record.fields.namesize).toBe(Buffer.byteLength(record.name) + 1);
      expect(record.fields).toMatchObject({ uid: 0, gid: 0, mtime: 0, check: 0 });
    }
    // Distinct inode numbers for real entries, so no tool mistakes them for hard links.
    const inodes = records!.slice(0, -1).map((r) => r.fields.ino);
    expect(new Set(inodes).size).toBe(inodes.length);
    expect(inodes.every((ino) => ino > 0)).toBe(true);
  });

  it.each([0, 1, 2, 3, 4, 5, 7, 8, 9])('pads a %d-byte file and its name to 4-byte boundaries', (size) => {
    for (const name of ['a', 'ab', 'abc', 'abcd']) {
      const data = Buffer.alloc(size, 0x41);
      const archive = buildCpio([{ kind: 'file', path: name, data }]);
      expect(archive.length % 4).toBe(0);
      const [records] = readNewc(archive);
      expect(records![0]!.name).toBe(name);
      expect(records![0]!.data.equals(data)).toBe(true);
    }
  });

  it('encodes multi-byte UTF-8 names with their byte length', () => {
    const [records] = readNewc(buildCpio([{ kind: 'file', path: 'é', data: text('x') }]));
    expect(records![0]!.name).toBe('é');
    expect(records![0]!.fields.namesize).toBe(3);
  });

  it('keeps binary data byte for byte', () => {
    const data = Uint8Array.from({ length: 257 }, (_, i) => i % 256);
    const [records] = readNewc(buildCpio([{ kind: 'file', path: 'blob', data }]));
    expect([...records![0]!.data]).toEqual([...data]);
  });

  it.each(['', '/', '//', 'a/../b', '../etc/passwd', '/..', 'a//b', 'a/', 'lib/..'])(
    'rejects the invalid path %j',
    (path) => {
      expect(() => buildCpio([{ kind: 'file', path, data: text('x') }])).toThrow(
        `invalid archive path ${JSON.stringify(path)}`,
      );
      expect(() => buildCpio([{ kind: 'dir', path }])).toThrow('invalid archive path');
    },
  );

  it('rejects an invalid path among valid ones instead of writing a partial archive', () => {
    expect(() =>
      buildCpio([
        { kind: 'file', path: 'ok', data: text('x') },
        { kind: 'symlink', path: 'x/../../y', target: 'ok' },
      ]),
    ).toThrow('invalid archive path "x/../../y"');
  });

  it('strips leading slashes so entries are relative', () => {
    const [records] = readNewc(buildCpio([{ kind: 'file', path: '///init', data: text('x') }]));
    expect(records![0]!.name).toBe('init');
  });

  it('produces archives that can be concatenated, each on a 4-byte boundary', () => {
    const base = buildCpio([
      { kind: 'file', path: 'init', data: text('#!/bin/sh\n'), mode: 0o755 },
      { kind: 'file', path: 'job', data: text('old') },
    ]);
    const overlay = buildCpio([{ kind: 'file', path: 'job', data: text('iperf3 5201\n') }]);
    expect(base.length % 4).toBe(0);
    const archives = readNewc(Buffer.concat([base, overlay]));
    expect(archives).toHaveLength(2);
    // The kernel unpacks in order, so the last `job` wins.
    const files = new Map<string, string>();
    for (const record of archives.flat()) files.set(record.name, record.data.toString());
    expect(files.get('job')).toBe('iperf3 5201\n');
    expect(files.get('init')).toBe('#!/bin/sh\n');
  });
});

describe('buildCpio with the system cpio tool', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nicgate-cpio-test-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function extract(archive: Buffer, unconditional = false): void {
    execFileSync(
      requiredTool('cpio'),
      [unconditional ? '-idvu' : '-idv', '--no-absolute-filenames', '--quiet'],
      {
        cwd: dir,
        input: archive,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
  }

  function list(archive: Buffer): string[] {
    return execFileSync(requiredTool('cpio'), ['-it', '--quiet'], {
      input: archive,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
      .toString('utf8')
      .split('\n')
      .filter(Boolean);
  }

  const entries: CpioEntry[] = [
    ...parentDirs(['/bin/busybox', '/usr/lib/x86_64-linux-gnu/libc.so.6', '/modules/e1000.ko']),
    { kind: 'file', path: '/init', data: text('#!/bin/busybox sh\necho hi\n'), mode: 0o755 },
    { kind: 'file', path: '/bin/busybox', data: Buffer.alloc(1001, 7), mode: 0o755 },
    { kind: 'file', path: '/usr/lib/x86_64-linux-gnu/libc.so.6', data: text('elf') },
    { kind: 'file', path: '/modules/e1000.ko', data: text('') },
    { kind: 'symlink', path: '/bin/sh', target: 'busybox' },
    { kind: 'dir', path: '/private', mode: 0o700 },
  ];

  it('lists every entry in order', () => {
    expect(list(buildCpio(entries))).toEqual([
      'bin',
      'modules',
      'usr',
      'usr/lib',
      'usr/lib/x86_64-linux-gnu',
      'init',
      'bin/busybox',
      'usr/lib/x86_64-linux-gnu/libc.so.6',
      'modules/e1000.ko',
      'bin/sh',
      'private',
    ]);
  });

  it('extracts files, directories, symlinks, contents and modes', () => {
    extract(buildCpio(entries));
    expect(readFileSync(join(dir, 'init'), 'utf8')).toBe('#!/bin/busybox sh\necho hi\n');
    expect(lstatSync(join(dir, 'init')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(dir, 'bin/busybox')).equals(Buffer.alloc(1001, 7))).toBe(true);
    expect(readFileSync(join(dir, 'usr/lib/x86_64-linux-gnu/libc.so.6'), 'utf8')).toBe('elf');
    expect(lstatSync(join(dir, 'usr/lib/x86_64-linux-gnu/libc.so.6')).mode & 0o777).toBe(0o644);
    expect(readFileSync(join(dir, 'modules/e1000.ko'))).toHaveLength(0);
    const link = lstatSync(join(dir, 'bin/sh'));
    expect(link.isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'bin/sh'))).toBe('busybox');
    expect(readFileSync(join(dir, 'bin/sh')).equals(Buffer.alloc(1001, 7))).toBe(true);
    expect(lstatSync(join(dir, 'usr/lib')).isDirectory()).toBe(true);
    expect(lstatSync(join(dir, 'private')).isDirectory()).toBe(true);
    expect(lstatSync(join(dir, 'private')).mode & 0o777).toBe(0o700);
  });

  it('lays a second archive over the first: replaced and added files', () => {
    const base = buildCpio([
      { kind: 'file', path: '/init', data: text('init') },
      { kind: 'file', path: '/job', data: text('module old.ko\n') },
    ]);
    const overlay = buildCpio([
      { kind: 'file', path: '/job', data: text('iperf3 5201\n'), mode: 0o600 },
      { kind: 'file', path: '/extra', data: text('new') },
    ]);
    // GNU cpio stops at the first trailer, so each part is unpacked in turn, the overlay
    // unconditionally, which is what the kernel does with a concatenated initramfs.
    const combined = Buffer.concat([base, overlay]);
    extract(combined.subarray(0, base.length));
    expect(readFileSync(join(dir, 'job'), 'utf8')).toBe('module old.ko\n');
    extract(combined.subarray(base.length), true);
    expect(readFileSync(join(dir, 'init'), 'utf8')).toBe('init');
    expect(readFileSync(join(dir, 'job'), 'utf8')).toBe('iperf3 5201\n');
    expect(lstatSync(join(dir, 'job')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'extra'), 'utf8')).toBe('new');
  });
});

describe('parentDirs', () => {
  it('lists every parent once, shallowest first', () => {
    expect(parentDirs(['/usr/lib/x/libc.so.6', '/bin/busybox', 'usr/lib/y/libm.so.6', '/init'])).toEqual([
      { kind: 'dir', path: 'bin' },
      { kind: 'dir', path: 'usr' },
      { kind: 'dir', path: 'usr/lib' },
      { kind: 'dir', path: 'usr/lib/x' },
      { kind: 'dir', path: 'usr/lib/y' },
    ]);
  });

  it('returns nothing for top-level files', () => {
    expect(parentDirs(['/init', 'job'])).toEqual([]);
  });

  it('puts a directory before everything inside it when used as archive order', () => {
    const dirs = parentDirs(['a/b/c/d', 'z/y', 'a/x']).map((entry) => entry.path);
    expect(dirs).toEqual(['a', 'z', 'a/b', 'a/b/c']);
    const beforeItsParent = dirs.filter((path, i) => {
      const parent = path.split('/').slice(0, -1).join('/');
      return parent !== '' && !dirs.slice(0, i).includes(parent);
    });
    expect(beforeItsParent).toEqual([]);
  });

  it('rejects paths that climb out of the archive', () => {
    expect(() => parentDirs(['/lib/../../etc/shadow'])).toThrow('invalid archive path');
  });
});
