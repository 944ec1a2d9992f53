// The disk-image header check, against real images made by qemu-img (never a hand-made header
// only): a planted overlay naming another backing file or an external data file is refused.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkDiskImage,
  DiskImageError,
  diskFormatOf,
  parseQcow2Header,
} from '../../../src/guest/disk/image-header.js';
import { requiredTool } from '../../host/required-tool.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-image-header-'));
  writeFileSync(join(dir, 'disk.raw'), Buffer.alloc(1024 * 1024, 0xab));
  writeFileSync(join(dir, 'secret.txt'), 'root:$y$j9T$not-for-a-guest:19000:0:99999:7:::\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function qemuImg(...args: string[]): void {
  execFileSync(requiredTool('qemu-img'), ['create', '-q', ...args], { cwd: dir, stdio: 'pipe' });
}

const OVERLAY = { format: 'qcow2', backing: { name: 'disk.raw', format: 'raw' } } as const;

describe('the disk-image header', () => {
  it('reads the backing file and its format from an overlay qemu-img made (relative, as prepare makes it)', () => {
    qemuImg('-f', 'qcow2', '-b', 'disk.raw', '-F', 'raw', 'over.qcow2');
    const bytes = readFileSync(join(dir, 'over.qcow2'));
    expect(diskFormatOf(bytes)).toBe('qcow2');
    expect(parseQcow2Header(bytes)).toEqual({
      version: 3,
      backingFile: 'disk.raw',
      backingFormat: 'raw',
      externalDataFile: false,
    });
  });

  it('an image without a backing file names none; a v2 image is read too', () => {
    qemuImg('-f', 'qcow2', 'plain.qcow2', '1M');
    qemuImg('-f', 'qcow2', '-o', 'compat=0.10', 'old.qcow2', '1M');
    expect(parseQcow2Header(readFileSync(join(dir, 'plain.qcow2')))).toEqual({
      version: 3,
      externalDataFile: false,
    });
    expect(parseQcow2Header(readFileSync(join(dir, 'old.qcow2')))).toEqual({
      version: 2,
      externalDataFile: false,
    });
  });

  it('tells qcow2 from raw by the header, not the name', () => {
    qemuImg('-f', 'qcow2', 'looks-raw.raw', '1M');
    expect(diskFormatOf(readFileSync(join(dir, 'looks-raw.raw')))).toBe('qcow2');
    expect(diskFormatOf(readFileSync(join(dir, 'disk.raw')))).toBe('raw');
  });

  it('reads the external data file a qemu-img data_file image names', () => {
    qemuImg('-f', 'qcow2', '-o', 'data_file=data.bin', 'with-data.qcow2', '1M');
    expect(parseQcow2Header(readFileSync(join(dir, 'with-data.qcow2')))).toEqual({
      version: 3,
      externalDataFile: true,
      dataFile: 'data.bin',
    });
  });
});

describe('checkDiskImage', () => {
  it('passes the overlay prepare makes and the raw disk under it', async () => {
    qemuImg('-f', 'qcow2', '-b', 'disk.raw', '-F', 'raw', 'over.qcow2');
    await expect(checkDiskImage(join(dir, 'over.qcow2'), OVERLAY)).resolves.toBeUndefined();
    await expect(checkDiskImage(join(dir, 'disk.raw'), { format: 'raw' })).resolves.toBeUndefined();
  });

  it('refuses a planted overlay whose header names another backing file (a host file)', async () => {
    // -u: the backing file is not opened, as an attacker's qemu-img needs no access to it either.
    qemuImg('-f', 'qcow2', '-u', '-b', join(dir, 'secret.txt'), '-F', 'raw', 'planted.qcow2', '1M');
    const check = checkDiskImage(join(dir, 'planted.qcow2'), OVERLAY);
    await expect(check).rejects.toThrow(DiskImageError);
    await expect(check).rejects.toThrow(
      /planted\.qcow2 names the backing file ".*secret\.txt", not "disk\.raw"; refused/,
    );
  });

  it('refuses a backing format other than the one expected', async () => {
    qemuImg('-f', 'qcow2', '-u', '-b', 'disk.raw', '-F', 'qcow2', 'fmt.qcow2', '1M');
    await expect(checkDiskImage(join(dir, 'fmt.qcow2'), OVERLAY)).rejects.toThrow(
      /backing format "qcow2", not "raw"/,
    );
  });

  it('refuses a backing file where none is expected', async () => {
    qemuImg('-f', 'qcow2', '-b', 'disk.raw', '-F', 'raw', 'over.qcow2');
    await expect(checkDiskImage(join(dir, 'over.qcow2'), { format: 'qcow2' })).rejects.toThrow(
      /names the backing file "disk\.raw", where none is expected/,
    );
  });

  it('refuses an overlay that names an external data file', async () => {
    qemuImg('-f', 'qcow2', '-u', '-b', 'disk.raw', '-F', 'raw', '-o', 'data_file=data.bin', 'd.qcow2', '1M');
    await expect(checkDiskImage(join(dir, 'd.qcow2'), OVERLAY)).rejects.toThrow(
      /d\.qcow2 names an external data file \("data\.bin"\); refused/,
    );
  });

  it('refuses a qcow2 image where raw is expected, and anything else where qcow2 is expected', async () => {
    qemuImg('-f', 'qcow2', 'disk-q.raw', '1M');
    await expect(checkDiskImage(join(dir, 'disk-q.raw'), { format: 'raw' })).rejects.toThrow(
      /disk-q\.raw is a qcow2 image, not raw/,
    );
    await expect(checkDiskImage(join(dir, 'secret.txt'), OVERLAY)).rejects.toThrow(
      /secret\.txt is not a qcow2 image/,
    );
  });

  it('refuses a truncated header, a missing file and a non-file, each as a DiskImageError', async () => {
    qemuImg('-f', 'qcow2', '-b', 'disk.raw', '-F', 'raw', 'over.qcow2');
    writeFileSync(join(dir, 'cut.qcow2'), readFileSync(join(dir, 'over.qcow2')).subarray(0, 90));
    await expect(checkDiskImage(join(dir, 'cut.qcow2'), OVERLAY)).rejects.toThrow(DiskImageError);
    await expect(checkDiskImage(join(dir, 'none.qcow2'), OVERLAY)).rejects.toThrow(DiskImageError);
    await expect(checkDiskImage(dir, OVERLAY)).rejects.toThrow(/is not a regular file/);
  });
});
