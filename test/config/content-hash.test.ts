import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunError } from '../../src/common/errors.js';
import { hashPath } from '../../src/config/content-hash.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-hash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `files` (relative path -> content) under a new folder of the temp directory. */
function tree(name: string, files: Record<string, string>): string {
  const root = join(dir, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('hashPath', () => {
  it("hashes a file's bytes as sha256sum does, whatever its path", () => {
    const bytes = Buffer.from([0, 1, 2, 255, 10]);
    writeFileSync(join(dir, 'a'), bytes);
    writeFileSync(join(dir, 'b'), bytes);
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(hashPath(join(dir, 'a'))).toBe(expected);
    expect(hashPath(join(dir, 'b'))).toBe(expected);
  });

  it('reads a file larger than one chunk whole', () => {
    const bytes = Buffer.alloc((1 << 20) * 2 + 7, 7);
    writeFileSync(join(dir, 'big'), bytes);
    expect(hashPath(join(dir, 'big'))).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('hashes equal trees alike and tells content, names and links apart', () => {
    const files = { 'kernel/net/virtio_net.ko': 'V', 'modules.dep': 'D', 'empty/.keep': '' };
    const first = hashPath(tree('one', files));
    expect(hashPath(tree('two', files))).toBe(first);
    expect(hashPath(tree('content', { ...files, 'modules.dep': 'D2' }))).not.toBe(first);
    const renamed = tree('renamed', {
      'kernel/net/virtio-net.ko': 'V',
      'modules.dep': 'D',
      'empty/.keep': '',
    });
    expect(hashPath(renamed)).not.toBe(first);
    const linked = tree('linked', files);
    symlinkSync('modules.dep', join(linked, 'alias'));
    expect(hashPath(linked)).not.toBe(first);
  });

  it('follows a link given as the path itself', () => {
    writeFileSync(join(dir, 'bzImage-6.1'), 'K');
    symlinkSync('bzImage-6.1', join(dir, 'bzImage'));
    expect(hashPath(join(dir, 'bzImage'))).toBe(hashPath(join(dir, 'bzImage-6.1')));
  });

  it('throws a RunError naming a path it cannot read', () => {
    const missing = join(dir, 'nope');
    const error = (() => {
      try {
        return hashPath(missing);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toContain(missing);
    expect((error as Error).cause).toBeDefined();
  });
});
