import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskFolderProblem } from '../../../src/guest/debian/disk-folder.js';
import { diskImageMeta } from '../../../src/model/disk-image.js';

let cache: string;
beforeEach(() => (cache = mkdtempSync(join(tmpdir(), 'nicgate-disk-'))));
afterEach(() => rmSync(cache, { recursive: true, force: true }));

const hash = 'c'.repeat(64);

function folder(
  name = `debian-12-${hash.slice(0, 16)}`,
  meta: Partial<Record<string, unknown>> = {},
): string {
  const dir = join(cache, name);
  mkdirSync(dir);
  const disk = Buffer.alloc(4096, 1);
  writeFileSync(join(dir, 'disk.raw'), disk);
  const fields = {
    hash,
    kernelRelease: '6.1.0-57-amd64',
    source: 'linux-image-6.1.0-57-amd64 6.1.192-3; dropbear-bin_2022.83-1+deb12u3_amd64',
    moduleOrder: { e1000: ['e1000.ko'] },
    disk: { bytes: disk.length, sha256: createHash('sha256').update(disk).digest('hex') },
  };
  writeFileSync(join(dir, 'image.json'), JSON.stringify({ ...diskImageMeta(fields), ...meta }));
  return dir;
}

describe('diskFolderProblem', () => {
  it('accepts a folder whose disk matches its image.json, then trusts its stamps', async () => {
    const dir = folder();
    expect(await diskFolderProblem(dir, hash)).toBeUndefined();
    expect(await diskFolderProblem(dir, hash)).toBeUndefined();
  });

  it('refuses a disk changed after it was checked (its stamp moves), and one that never matched', async () => {
    const dir = folder();
    expect(await diskFolderProblem(dir)).toBeUndefined();
    appendFileSync(join(dir, 'disk.raw'), 'x');
    expect(await diskFolderProblem(dir)).toBe(
      'its disk.raw does not match the size and digest in its image.json',
    );
  });

  it('refuses a folder named for another hash, another expected hash, and a file of the wrong shape', async () => {
    expect(await diskFolderProblem(folder(`debian-12-${'d'.repeat(16)}`))).toMatch(/not the folder's/);
    expect(await diskFolderProblem(folder(), 'e'.repeat(64))).toMatch(/not e{64}/);
    const planted = folder(`debian-12-${'c'.repeat(15)}f`, { moduleOrder: { e1000: ['../../etc/passwd'] } });
    expect(await diskFolderProblem(planted)).toMatch(
      /is not a valid disk image metadata file at moduleOrder\.e1000\[0\]/,
    );
  });
});
