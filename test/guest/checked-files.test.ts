import { linkSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileStamp, forgetChecked, rememberChecked, stillChecked } from '../../src/guest/checked-files.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-checked-'));
  writeFileSync(join(dir, 'vmlinuz'), 'kernel');
  writeFileSync(join(dir, 'initramfs.cpio'), 'initramfs');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const files = (): Record<string, string> => ({
  vmlinuz: join(dir, 'vmlinuz'),
  'initramfs.cpio': join(dir, 'initramfs.cpio'),
});
const stamps = (): string => join(dir, '.verified.json');
/**
 * Resolves once a file written now gets a later change time than `path` has. The file system's
 * clock ticks coarsely (every few milliseconds): a rewrite within one tick keeps the change time.
 * So this waits for the tick itself, however long the machine takes to get there.
 */
async function pastChangeTimeOf(path: string): Promise<void> {
  const before = statSync(path, { bigint: true }).ctimeNs;
  const probe = join(dir, 'clock-probe');
  for (;;) {
    writeFileSync(probe, '');
    if (statSync(probe, { bigint: true }).ctimeNs > before) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe('checked files', () => {
  it('holds for files unchanged since their check', async () => {
    await rememberChecked(stamps(), files());
    expect(await stillChecked(stamps(), files())).toBe(true);
    expect(JSON.parse(readFileSync(stamps(), 'utf8'))).toMatchObject({ schemaVersion: 1 });
  });

  it('does not hold before any check, or after it is forgotten', async () => {
    expect(await stillChecked(stamps(), files())).toBe(false);
    await rememberChecked(stamps(), files());
    await forgetChecked(stamps());
    expect(await stillChecked(stamps(), files())).toBe(false);
  });

  it('does not hold once a file is rewritten, even with the same size and bytes', async () => {
    await rememberChecked(stamps(), files());
    const checked = statSync(join(dir, 'vmlinuz'), { bigint: true });
    await pastChangeTimeOf(join(dir, 'vmlinuz'));
    writeFileSync(join(dir, 'vmlinuz'), 'kernel');
    const rewritten = statSync(join(dir, 'vmlinuz'), { bigint: true });
    // Only the change time tells the two apart.
    expect([rewritten.ino, rewritten.size]).toEqual([checked.ino, checked.size]);
    expect(rewritten.ctimeNs).toBeGreaterThan(checked.ctimeNs);
    expect(await stillChecked(stamps(), files())).toBe(false);
  });

  it('does not hold for a file replaced by another (a cache entry extracted over it)', async () => {
    await rememberChecked(stamps(), files());
    writeFileSync(join(dir, 'other'), 'KERNEL');
    rmSync(join(dir, 'vmlinuz'));
    linkSync(join(dir, 'other'), join(dir, 'vmlinuz'));
    expect(await stillChecked(stamps(), files())).toBe(false);
  });

  it('does not hold for a file the stamps do not name, nor for a missing file', async () => {
    await rememberChecked(stamps(), { vmlinuz: join(dir, 'vmlinuz') });
    expect(await stillChecked(stamps(), files())).toBe(false);
    await rememberChecked(stamps(), files());
    rmSync(join(dir, 'initramfs.cpio'));
    expect(await stillChecked(stamps(), files())).toBe(false);
  });

  it('does not hold for a stamps file that is torn or of another shape', async () => {
    await rememberChecked(stamps(), files());
    const text = readFileSync(stamps(), 'utf8');
    writeFileSync(stamps(), text.slice(0, text.length >> 1));
    expect(await stillChecked(stamps(), files())).toBe(false);
    writeFileSync(stamps(), JSON.stringify({ schemaVersion: 1, files: {}, run: 'x' }));
    expect(await stillChecked(stamps(), files())).toBe(false);
  });

  it('stamps only regular files', async () => {
    expect(await fileStamp(dir)).toBeUndefined();
    expect(await fileStamp(join(dir, 'missing'))).toBeUndefined();
    expect(await fileStamp(join(dir, 'vmlinuz'))).toMatchObject({ size: '6' });
  });
});
