import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  aptStateFiles,
  KERNEL_PACKAGES_FILE,
  resolveKernelPackages,
} from '../../../src/guest/linux/kernel-resolution.js';
import { fakeExec } from '../../proc/fakes.js';

const DEPENDS: Record<string, string> = {
  'linux-image-amd64': 'linux-image-amd64\n  Depends: linux-image-6.1.0-41-amd64\n',
  'linux-image-6.1.0-41-amd64':
    'linux-image-6.1.0-41-amd64\n  Depends: kmod\n  Depends: linux-modules-6.1.0-41-amd64\n',
  'linux-modules-6.1.0-41-amd64': 'linux-modules-6.1.0-41-amd64\n',
};

const DIGEST = (name: string): string => name.length.toString(16).padStart(2, '0').repeat(32);

/** `apt-cache depends` and `apt-cache show --no-all-versions` as apt answers them. */
function apt() {
  return fakeExec((argv) =>
    argv[1] === 'show'
      ? {
          stdout: argv
            .slice(3)
            .map((name) => `Package: ${name}\nVersion: 6.1.1-1\nSHA256: ${DIGEST(name)}\n\n`)
            .join(''),
        }
      : { stdout: DEPENDS[argv[2]!] ?? '' },
  );
}

describe('resolveKernelPackages', () => {
  let root: string;
  let cache: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nicgate-apt-'));
    cache = join(root, 'cache');
    mkdirSync(join(root, 'var/lib/apt/lists/partial'), { recursive: true });
    mkdirSync(join(root, 'etc/apt/preferences.d'), { recursive: true });
    mkdirSync(cache);
    writeFileSync(
      join(root, 'var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages'),
      'a',
    );
    writeFileSync(join(root, 'var/lib/apt/lists/lock'), '');
    writeFileSync(join(root, 'etc/os-release'), 'ID=debian\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists the package lists, preferences and sources, without the lock or partial downloads', async () => {
    expect(await aptStateFiles(root)).toEqual([
      join(root, 'etc/apt/preferences'),
      join(root, 'etc/apt/sources.list'),
      join(root, 'etc/os-release'),
      join(root, 'var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages'),
    ]);
  });

  it('asks apt once, then answers from the remembered resolution while the apt state is unchanged', async () => {
    const first = apt();
    const packages = ['linux-image-6.1.0-41-amd64', 'linux-modules-6.1.0-41-amd64'];
    const resolved = {
      packages,
      sha256: Object.fromEntries(packages.map((name) => [name, DIGEST(name)])),
    };
    expect(await resolveKernelPackages('linux-image-amd64', cache, first, await aptStateFiles(root))).toEqual(
      resolved,
    );
    expect(first.calls.map((c) => c.argv.join(' '))).toEqual([
      'apt-cache depends linux-image-amd64',
      'apt-cache depends linux-image-6.1.0-41-amd64',
      `apt-cache show --no-all-versions ${packages.join(' ')}`,
    ]);
    const second = apt();
    expect(
      await resolveKernelPackages('linux-image-amd64', cache, second, await aptStateFiles(root)),
    ).toEqual(resolved);
    expect(second.calls).toEqual([]);
  });

  it("refuses packages apt's index gives no SHA256 for", async () => {
    const noDigest = fakeExec((argv) => ({ stdout: argv[1] === 'show' ? '' : (DEPENDS[argv[2]!] ?? '') }));
    await expect(
      resolveKernelPackages('linux-image-amd64', cache, noDigest, await aptStateFiles(root)),
    ).rejects.toThrow("apt's index gives no SHA256 for linux-image-6.1.0-41-amd64");
  });

  it('does not trust a remembered file without digests (the format before them): apt is asked', async () => {
    await resolveKernelPackages('linux-image-amd64', cache, apt(), await aptStateFiles(root));
    const memo = join(cache, KERNEL_PACKAGES_FILE);
    const old = JSON.parse(readFileSync(memo, 'utf8')) as Record<string, unknown>;
    delete old.sha256;
    writeFileSync(memo, JSON.stringify({ ...old, schemaVersion: 1 }));
    const again = apt();
    await resolveKernelPackages('linux-image-amd64', cache, again, await aptStateFiles(root));
    expect(again.calls).toHaveLength(3);
  });

  it.each([
    [
      'a package list changes (apt-get update)',
      (r: string) =>
        appendFileSync(
          join(r, 'var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages'),
          'b',
        ),
    ],
    [
      'a package list appears',
      (r: string) => writeFileSync(join(r, 'var/lib/apt/lists/other_Packages'), 'c'),
    ],
    [
      'a preference appears',
      (r: string) => writeFileSync(join(r, 'etc/apt/preferences.d/pin'), 'Package: *\n'),
    ],
    ['the host distribution changes', (r: string) => writeFileSync(join(r, 'etc/os-release'), 'ID=ubuntu\n')],
  ])('asks apt again when %s', async (_what, change) => {
    await resolveKernelPackages('linux-image-amd64', cache, apt(), await aptStateFiles(root));
    change(root);
    const again = apt();
    await resolveKernelPackages('linux-image-amd64', cache, again, await aptStateFiles(root));
    expect(again.calls).toHaveLength(3);
  });

  it('asks apt again for another meta package', async () => {
    await resolveKernelPackages('linux-image-amd64', cache, apt(), await aptStateFiles(root));
    const other = fakeExec((argv) => ({
      stdout:
        argv[1] === 'show'
          ? `Package: linux-image-6.8.0-50-generic\nSHA256: ${'a'.repeat(64)}\n`
          : '  Depends: linux-image-6.8.0-50-generic\n',
    }));
    expect(
      (await resolveKernelPackages('linux-image-generic', cache, other, await aptStateFiles(root))).packages,
    ).toEqual(['linux-image-6.8.0-50-generic']);
  });

  it.each([
    ['torn', (text: string) => text.slice(0, 40)],
    [
      'a package name that is a path',
      (text: string) => text.replace('linux-modules-6.1.0-41-amd64', '../../etc'),
    ],
    ['a package name with a space', (text: string) => text.replace('linux-modules-6.1.0-41-amd64', 'a b')],
  ])('does not trust a remembered file that is %s: apt is asked', async (_what, damage) => {
    await resolveKernelPackages('linux-image-amd64', cache, apt(), await aptStateFiles(root));
    const memo = join(cache, KERNEL_PACKAGES_FILE);
    writeFileSync(memo, damage(readFileSync(memo, 'utf8')));
    const again = apt();
    expect(
      (await resolveKernelPackages('linux-image-amd64', cache, again, await aptStateFiles(root))).packages,
    ).toEqual(['linux-image-6.1.0-41-amd64', 'linux-modules-6.1.0-41-amd64']);
    expect(again.calls).toHaveLength(3);
  });

  it('names the meta package when apt knows nothing behind it, and remembers nothing', async () => {
    await expect(
      resolveKernelPackages('linux-image-amd64', cache, fakeExec(), await aptStateFiles(root)),
    ).rejects.toThrow('apt knows no kernel package behind linux-image-amd64; run `apt-get update`');
    expect(() => readFileSync(join(cache, KERNEL_PACKAGES_FILE))).toThrow();
  });
});
