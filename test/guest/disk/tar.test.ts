import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTar } from '../../../src/guest/disk/tar.js';
import { requiredTool } from '../../host/required-tool.js';

describe('buildTar', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nicgate-tar-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const files = [
    { path: 'job', data: Buffer.from('address 198.18.0.2/30\niperf3 5201\n') },
    { path: 'steps/tuned', data: Buffer.alloc(513, 7), mode: 0o600 },
    { path: 'empty', data: Buffer.alloc(0) },
  ];

  it('is read back byte for byte by GNU tar and busybox tar', () => {
    const archive = buildTar(files);
    expect(archive.length % 512).toBe(0);
    writeFileSync(join(dir, 'job.tar'), archive);
    expect(execFileSync('tar', ['-tvf', join(dir, 'job.tar')], { encoding: 'utf8' })).toMatch(
      /^-rw-r--r-- root\/root\s+34 1970-01-01 00:00 job\n-rw------- root\/root\s+513 .* steps\/tuned\n-rw-r--r-- root\/root\s+0 .* empty\n$/,
    );
    execFileSync(requiredTool('busybox'), ['tar', '-xf', join(dir, 'job.tar'), '-C', dir]);
    for (const file of files) expect(readFileSync(join(dir, file.path))).toEqual(file.data);
    expect(statSync(join(dir, 'steps/tuned')).mode & 0o777).toBe(0o600);
  });

  it('gives equal archives for equal jobs (no clock inside)', () => {
    expect(buildTar(files).equals(buildTar(files))).toBe(true);
  });

  it.each(['', '/etc/passwd', '../job', 'a/../../b', 'x'.repeat(101), 'a\nb'])(
    'refuses the path %j',
    (path) => {
      expect(() => buildTar([{ path, data: Buffer.alloc(1) }])).toThrow('tar path');
    },
  );
});
