import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requiredTool } from './required-tool.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-required-tool-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('requiredTool', () => {
  it('gives the path of a tool that is installed', () => {
    writeFileSync(join(dir, 'qemu-img'), '');
    expect(requiredTool('qemu-img', [join(dir, 'none'), dir])).toBe(join(dir, 'qemu-img'));
  });

  it.each([
    ['busybox', 'busybox-static'],
    ['qemu-img', 'qemu-utils'],
    ['unshare', 'util-linux'],
  ])('fails where %s is missing, naming the package %s', (tool, pkg) => {
    expect(() => requiredTool(tool, [dir])).toThrow(
      `this test runs \`${tool}\`, which is not installed: install the package ${pkg} (apt-get install ${pkg}`,
    );
  });

  it('refuses a tool it knows no package for', () => {
    expect(() => requiredTool('nicgate-no-such-tool', [dir])).toThrow('no package is known');
  });
});
