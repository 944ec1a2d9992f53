// The distro kernel tree in the cache: used only while the .debs it keeps have the digests apt's
// index gives, and each file read from it matches those packages' md5sums and stays inside it.
// A real .deb (dpkg-deb -b), real trees, real symlinks; apt's answers are scripted (no network).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { moduleEntries } from '../../../src/guest/linux/image.js';
import { distroKernel, KernelTreeError, readKernelFile } from '../../../src/guest/linux/kernel.js';
import { runCommand } from '../../../src/proc/exec.js';
import { fakeExec } from '../../proc/fakes.js';
import { requiredTool } from '../../host/required-tool.js';

/** The host's /etc/os-release as distroKernel reads it: a Debian host, whatever this one is. */
const onDebian = async (): Promise<string> => 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';

const RELEASE = '6.1.0-test-amd64';
const PACKAGE = `linux-image-${RELEASE}`;
const MODULES = {
  'kernel/drivers/net/ethernet/intel/e1000/e1000.ko': 'e1000 module',
  'kernel/net/ipv4/tcp_bbr.ko': 'tcp_bbr module',
};
const KERNEL = 'the genuine kernel image';

let root: string;
let deb: string;
let cacheDir: string;
let treeDir: string;

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const md5 = (data: string): string => createHash('md5').update(data).digest('hex');

/** A kernel .deb as Debian builds it: vmlinuz, modules, DEBIAN/md5sums. */
function buildDeb(dir: string): string {
  const pkg = join(dir, 'pkg');
  const files: Record<string, string> = {
    [`boot/vmlinuz-${RELEASE}`]: KERNEL,
    ...Object.fromEntries(
      Object.entries(MODULES).map(([path, text]) => [`lib/modules/${RELEASE}/${path}`, text]),
    ),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(pkg, path, '..'), { recursive: true });
    writeFileSync(join(pkg, path), text);
  }
  mkdirSync(join(pkg, 'DEBIAN'));
  writeFileSync(
    join(pkg, 'DEBIAN/control'),
    `Package: ${PACKAGE}\nVersion: 6.1.1-1\nArchitecture: amd64\nMaintainer: t <t@example.org>\nDescription: test kernel\n`,
  );
  writeFileSync(
    join(pkg, 'DEBIAN/md5sums'),
    Object.entries(files)
      .map(([path, text]) => `${md5(text)}  ${path}\n`)
      .join(''),
  );
  const out = join(dir, `${PACKAGE}_6.1.1-1_amd64.deb`);
  execFileSync(requiredTool('dpkg-deb'), ['-Zgzip', '--root-owner-group', '-b', pkg, out], {
    stdio: 'ignore',
  });
  return out;
}

/** apt answers from the test; dpkg-deb runs for real; depmod writes the modules.dep it would. */
function host(indexDigest = () => sha256(readFileSync(deb))) {
  const exec = fakeExec(() => ({}));
  const run = async (argv: readonly string[], options: Parameters<typeof exec>[1] = {}) => {
    await exec(argv, options);
    if (argv[0] === 'apt-cache' && argv[1] === 'depends')
      return { code: 0, signal: null, stdout: `${argv[2]}\n  Depends: ${PACKAGE}\n`, stderr: '' };
    if (argv[0] === 'apt-cache' && argv[1] === 'show')
      return {
        code: 0,
        signal: null,
        stdout: `Package: ${PACKAGE}\nVersion: 6.1.1-1\nSHA256: ${indexDigest()}\n\n`,
        stderr: '',
      };
    if (argv[0] === 'apt-get') {
      copyFileSync(deb, join(options.cwd!, `${PACKAGE}_6.1.1-1_amd64.deb`));
      return { code: 0, signal: null, stdout: '', stderr: '' };
    }
    if (argv[0] === 'depmod') {
      const dir = join(argv[2]!, 'lib/modules', argv[3]!);
      writeFileSync(
        join(dir, 'modules.dep'),
        Object.keys(MODULES)
          .map((path) => `${path}:\n`)
          .join(''),
      );
      return { code: 0, signal: null, stdout: '', stderr: '' };
    }
    return await runCommand(argv, options);
  };
  return { exec: Object.assign(run, { calls: exec.calls }), findTool: async (name: string) => name };
}

const downloads = (h: ReturnType<typeof host>): number =>
  h.exec.calls.filter((call) => call.argv[0] === 'apt-get').length;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nicgate-kernel-tree-'));
  cacheDir = join(root, 'cache');
  treeDir = join(cacheDir, 'kernel', PACKAGE);
  mkdirSync(cacheDir);
  deb = buildDeb(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('distroKernel', () => {
  it('unpacks the packages apt names, keeps their .debs, and reads the kernel and modules checked', async () => {
    const first = host();
    const kernel = await distroKernel(cacheDir, first, onDebian);
    expect(downloads(first)).toBe(1);
    expect(kernel.image).toBe(join(treeDir, 'boot', `vmlinuz-${RELEASE}`));
    expect((await readKernelFile(kernel, kernel.image)).toString()).toBe(KERNEL);
    expect(Object.keys((await moduleEntries(kernel, ['e1000', 'tcp_bbr'])).moduleFiles).sort()).toEqual([
      'e1000.ko',
      'tcp_bbr.ko',
    ]);
    // A later run reuses the tree: nothing downloaded.
    const second = host();
    await distroKernel(cacheDir, second, onDebian);
    expect(downloads(second)).toBe(0);
  });

  it.each([
    ['debian', 'linux-image-amd64'],
    ['ubuntu', 'linux-image-generic'],
  ])("asks apt for the kernel of the host's distribution (%s: %s)", async (id, meta) => {
    const h = host();
    await distroKernel(cacheDir, h, async () => `ID=${id}\n`);
    expect(h.exec.calls.find((call) => call.argv[1] === 'depends')?.argv.slice(0, 3)).toEqual([
      'apt-cache',
      'depends',
      meta,
    ]);
  });

  it('refuses a host distribution it has no kernel for, pointing at --kernel', async () => {
    await expect(distroKernel(cacheDir, host(), async () => 'ID=fedora\n')).rejects.toThrow(
      'no built-in guest kernel for host distribution "fedora"; pass --kernel with your own kernel image',
    );
  });

  it('unpacks again over a planted tree marked complete whose kernel is a link to a host file', async () => {
    const secret = join(root, 'shadow');
    writeFileSync(secret, 'root:secret');
    mkdirSync(join(treeDir, 'boot'), { recursive: true });
    mkdirSync(join(treeDir, 'lib/modules', RELEASE), { recursive: true });
    symlinkSync(secret, join(treeDir, 'boot', `vmlinuz-${RELEASE}`));
    writeFileSync(join(treeDir, '.complete'), '');
    writeFileSync(join(treeDir, '.source'), 'planted');
    const h = host();
    const kernel = await distroKernel(cacheDir, h, onDebian);
    expect(downloads(h)).toBe(1);
    expect((await readKernelFile(kernel, kernel.image)).toString()).toBe(KERNEL);
  });

  it("unpacks again when a kept .deb does not have the digest apt's index gives", async () => {
    await distroKernel(cacheDir, host(), onDebian);
    writeFileSync(join(treeDir, '.debs', `${PACKAGE}.deb`), 'not the package');
    const h = host();
    await distroKernel(cacheDir, h, onDebian);
    expect(downloads(h)).toBe(1);
  });

  it("refuses a download that does not have the index's digest", async () => {
    await expect(
      distroKernel(
        cacheDir,
        host(() => 'f'.repeat(64)),
        onDebian,
      ),
    ).rejects.toThrow(`does not have the SHA256 apt's index gives for ${PACKAGE}`);
  });

  it('refuses a file changed after unpacking, and marks the tree for unpacking again', async () => {
    await distroKernel(cacheDir, host(), onDebian);
    writeFileSync(join(treeDir, 'boot', `vmlinuz-${RELEASE}`), 'a planted kernel');
    const kernel = await distroKernel(cacheDir, host(), onDebian);
    await expect(readKernelFile(kernel, kernel.image)).rejects.toThrow(KernelTreeError);
    await expect(readKernelFile(kernel, kernel.image)).rejects.toThrow(
      "does not match its package's md5sums",
    );
    expect(existsSync(join(treeDir, '.complete'))).toBe(false);
    const again = host();
    const fresh = await distroKernel(cacheDir, again, onDebian);
    expect(downloads(again)).toBe(1);
    expect((await readKernelFile(fresh, fresh.image)).toString()).toBe(KERNEL);
  });

  it('refuses a module that is a chained link out of the tree (d -> ., then d/d/../../...)', async () => {
    await distroKernel(cacheDir, host(), onDebian);
    const secret = join(root, 'shadow');
    writeFileSync(secret, 'root:secret');
    const modules = join(treeDir, 'lib/modules', RELEASE);
    const e1000 = join(modules, 'kernel/drivers/net/ethernet/intel/e1000/e1000.ko');
    symlinkSync('.', join(modules, 'd'));
    unlinkSync(e1000);
    // From e1000/, up to the modules directory (6 levels), through d/d, then out to root/shadow.
    const up = '../'.repeat(6);
    const depth = join(modules).split('/').length - root.split('/').length;
    symlinkSync(`${up}d/d/${'../'.repeat(depth)}shadow`, e1000);
    expect(readFileSync(e1000, 'utf8')).toBe('root:secret');
    const kernel = await distroKernel(cacheDir, host(), onDebian);
    await expect(moduleEntries(kernel, ['e1000'])).rejects.toThrow(/leads out of/);
  });

  it('refuses a modules.dep that names a path with .. or an absolute path', async () => {
    await distroKernel(cacheDir, host(), onDebian);
    const dep = join(treeDir, 'lib/modules', RELEASE, 'modules.dep');
    writeFileSync(dep, 'kernel/d/d/../../../../../../etc/shadow:\n');
    const kernel = await distroKernel(cacheDir, host(), onDebian);
    await expect(moduleEntries(kernel, ['shadow'])).rejects.toThrow(/modules.dep line 1 names/);
    writeFileSync(dep, '/etc/shadow:\n');
    await expect(moduleEntries(kernel, ['shadow'])).rejects.toThrow(
      /modules.dep line 1 names "\/etc\/shadow"/,
    );
  });
});
