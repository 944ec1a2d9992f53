// The Action's guest cache and users' prepared images: complete folders only, moved whole.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { USER_IMAGES } from '../../../src/guest/image/cache-layout.js';
import { GUEST_CATALOG } from '../../../src/guest/registry.js';
import { preparedBsdImageRecord, preparedImageRecord } from '../../../src/model/prepared-image.js';

let cache: string;
beforeEach(() => (cache = mkdtempSync(join(tmpdir(), 'nicgate-user-images-'))));
afterEach(() => rmSync(cache, { recursive: true, force: true }));

const IMAGE = 'c'.repeat(64);
const FOLDER = `${'c'.repeat(16)}-${'7'.repeat(16)}`;

function prepared(folder: string, files: Record<string, string>): void {
  const dir = join(cache, 'user-images', folder);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const digest = (text: string) => ({ bytes: text.length, sha256: 'd'.repeat(64) });
  const record = preparedImageRecord({
    imageSha256: IMAGE,
    recipe: '7'.repeat(16),
    kernelRelease: '6.1.0-41-cloud-amd64',
    rootArgs: ['root=UUID=1'],
    iperf3: 'image',
    files: { overlay: digest('overlay'), kernel: digest('kernel'), initrd: digest('initrd') },
  });
  writeFileSync(join(dir, 'prepared.json'), JSON.stringify(record));
}

describe('USER_IMAGES', () => {
  it('carries a complete prepared folder as one entry, named by its record', async () => {
    prepared(FOLDER, { 'prepared.qcow2': 'overlay', vmlinuz: 'kernel', initrd: 'initrd' });
    const [entry, ...rest] = await USER_IMAGES.entries(cache);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      kind: 'prepared',
      paths: [`user-images/${FOLDER}`],
      image: IMAGE.slice(0, 16),
    });
    expect(entry!.identity).toMatch(new RegExp(`^user-images/${FOLDER} [0-9a-f]{16}$`));
    expect(await USER_IMAGES.stagedGroups(cache)).toEqual([[`user-images/${FOLDER}`]]);
  });

  it('leaves out a folder with a file missing or of another size, a half-made one, and other names', async () => {
    prepared(FOLDER, { 'prepared.qcow2': 'overlay', vmlinuz: 'kernel' });
    prepared(`${'e'.repeat(16)}-${'7'.repeat(16)}`, {
      'prepared.qcow2': 'overlay!',
      vmlinuz: 'kernel',
      initrd: 'initrd',
    });
    prepared(`${FOLDER}.partial-123`, { 'prepared.qcow2': 'overlay', vmlinuz: 'kernel', initrd: 'initrd' });
    expect(await USER_IMAGES.entries(cache)).toEqual([]);
    expect((await USER_IMAGES.stagedGroups(cache)).map((group) => group[0])).toEqual([
      `user-images/${'e'.repeat(16)}-${'7'.repeat(16)}`,
    ]);
  });

  it("carries a BSD image's folder: its overlay and record, no kernel or initrd", async () => {
    const dir = join(cache, 'user-images', FOLDER);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'prepared.qcow2'), 'overlay');
    const record = preparedBsdImageRecord({
      os: 'freebsd',
      imageSha256: IMAGE,
      recipe: '7'.repeat(16),
      kernelRelease: '14.3-RELEASE',
      iperf3: 'pkg',
      files: { overlay: { bytes: 7, sha256: 'd'.repeat(64) } },
    });
    writeFileSync(join(dir, 'prepared.json'), JSON.stringify(record));
    expect(await USER_IMAGES.entries(cache)).toMatchObject([{ paths: [`user-images/${FOLDER}`] }]);
    expect(await USER_IMAGES.stagedGroups(cache)).toEqual([[`user-images/${FOLDER}`]]);
    writeFileSync(join(dir, 'prepared.qcow2'), 'overlay grown');
    expect(await USER_IMAGES.entries(cache)).toEqual([]);
  });

  it('is among the layouts the Action carries, whatever guests a run names', () => {
    expect(GUEST_CATALOG.cacheLayouts).toContain(USER_IMAGES);
  });
});
