import { readFileSync } from 'node:fs';
import {
  debDigestsFromShow,
  KERNEL_META_PACKAGES,
  kernelPackagesFromDepends,
  osReleaseId,
  parseMd5sums,
} from '../../../src/guest/linux/kernel-package.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/apt/${name}.txt`, import.meta.url), 'utf8');

describe('kernelPackagesFromDepends', () => {
  it('finds the concrete image behind Debian 12 linux-image-amd64 (recorded output)', () => {
    expect(kernelPackagesFromDepends(fixture('depends-linux-image-amd64-debian12'))).toEqual([
      'linux-image-6.1.0-56-amd64',
    ]);
  });

  it('finds image and modules-extra on Ubuntu and ignores firmware and microcode (handwritten)', () => {
    expect(kernelPackagesFromDepends(fixture('depends-linux-image-generic-ubuntu'))).toEqual([
      'linux-image-6.8.0-45-generic',
      'linux-modules-extra-6.8.0-45-generic',
    ]);
  });

  it('finds the modules package of an Ubuntu image package and ignores recommends, conflicts and breaks (handwritten)', () => {
    expect(kernelPackagesFromDepends(fixture('depends-linux-image-6.8.0-45-generic-ubuntu'))).toEqual([
      'linux-modules-6.8.0-45-generic',
    ]);
  });

  it('ignores meta packages, virtual packages and non-kernel packages', () => {
    const text = [
      'linux-image-amd64',
      '  Depends: linux-image-amd64',
      '  Depends: linux-image-generic',
      '  Depends: <linux-image-6.1.0-56-amd64>',
      '  Depends: linux-firmware',
      '  Depends: linux-base',
      '  Depends: intel-microcode',
      '  Recommends: linux-image-6.1.0-57-amd64',
      '  Suggests: linux-modules-6.1.0-57-amd64',
      '  Depends: linux-headers-6.1.0-56-amd64',
    ].join('\n');
    expect(kernelPackagesFromDepends(text)).toEqual([]);
  });

  it('lists each package once and accepts alternative lines', () => {
    const text = [
      'linux-image-generic',
      ' |Depends: linux-image-6.8.0-45-generic',
      '  Depends: linux-image-6.8.0-45-generic',
      '  Depends: linux-modules-6.8.0-45-generic',
    ].join('\n');
    expect(kernelPackagesFromDepends(text)).toEqual([
      'linux-image-6.8.0-45-generic',
      'linux-modules-6.8.0-45-generic',
    ]);
  });

  it('returns nothing for empty output', () => {
    expect(kernelPackagesFromDepends('')).toEqual([]);
  });
});

describe('osReleaseId', () => {
  it('reads an unquoted ID among other keys, not ID_LIKE or VERSION_ID', () => {
    const text = [
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
      'VERSION_ID="12"',
      'ID=debian',
      'ID_LIKE=x',
    ].join('\n');
    expect(osReleaseId(text)).toBe('debian');
  });

  it('reads a quoted ID', () => {
    expect(osReleaseId('NAME="Ubuntu"\nID_LIKE=debian\nID="ubuntu"\n')).toBe('ubuntu');
    expect(osReleaseId('ID="opensuse-leap"')).toBe('opensuse-leap');
  });

  it('returns undefined without an ID line', () => {
    expect(osReleaseId('')).toBeUndefined();
    expect(osReleaseId('ID_LIKE=debian\nVERSION_ID=12')).toBeUndefined();
    expect(osReleaseId('ID=Debian GNU')).toBeUndefined();
  });

  it('has a kernel meta package for Debian and Ubuntu', () => {
    expect(KERNEL_META_PACKAGES).toEqual({ debian: 'linux-image-amd64', ubuntu: 'linux-image-generic' });
    expect(KERNEL_META_PACKAGES[osReleaseId('ID=debian')!]).toBe('linux-image-amd64');
  });
});

describe('debDigestsFromShow', () => {
  it("takes each package's SHA256 from apt-cache show --no-all-versions (recorded on Debian 12)", () => {
    const text = [
      'Package: linux-image-6.1.0-57-amd64',
      'Version: 6.1.192-3',
      'Filename: pool/updates/main/l/linux-signed-amd64/linux-image-6.1.0-57-amd64_6.1.192-3_amd64.deb',
      'Size: 70591024',
      'MD5sum: 0123456789abcdef0123456789abcdef',
      'SHA256: 14d219d01e1283261817d961dbb3895cb5b4288d0de10e0ba0632a0d993e15bf',
      '',
      'Package: linux-modules-x',
      'SHA256: not-a-digest',
      '',
    ].join('\n');
    expect(debDigestsFromShow(text)).toEqual({
      'linux-image-6.1.0-57-amd64': '14d219d01e1283261817d961dbb3895cb5b4288d0de10e0ba0632a0d993e15bf',
    });
  });
});

describe('parseMd5sums', () => {
  it('reads md5sums lines, leaving out absolute paths and .. segments', () => {
    const sums = parseMd5sums(
      [
        `${'a'.repeat(32)}  boot/vmlinuz-6.1.0-57-amd64`,
        `${'b'.repeat(32)}  lib/modules/6.1.0-57-amd64/kernel/net/ipv4/tcp_bbr.ko`,
        `${'c'.repeat(32)}  /etc/shadow`,
        `${'d'.repeat(32)}  lib/../../etc/shadow`,
        'garbage',
      ].join('\n'),
    );
    expect([...sums.keys()]).toEqual([
      'boot/vmlinuz-6.1.0-57-amd64',
      'lib/modules/6.1.0-57-amd64/kernel/net/ipv4/tcp_bbr.ko',
    ]);
  });
});
