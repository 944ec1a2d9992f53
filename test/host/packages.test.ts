import { HOST_TOOLS, missingPackages, runTools } from '../../src/host/packages.js';

describe('missingPackages', () => {
  it('maps every missing tool to its package, each package once, sorted', () => {
    expect(
      missingPackages(
        () => false,
        () => true,
        () => false,
      ),
    ).toEqual([
      'acl',
      'busybox-static',
      'cpio',
      'dosfstools',
      'dpkg',
      'e2fsprogs',
      'fdisk',
      'iperf3',
      'iproute2',
      'kmod',
      'mtools',
      'openssh-client',
      'procps',
      'qemu-system-x86',
      'qemu-utils',
      'sudo',
      'syslinux',
      'syslinux-common',
      'util-linux',
    ]);
  });

  it('asks for iproute2 once when both ip and tc are missing', () => {
    const missing = new Set(['ip', 'tc', 'busybox']);
    expect(
      missingPackages(
        (tool) => !missing.has(tool),
        undefined,
        () => true,
      ),
    ).toEqual(['busybox-static', 'iproute2']);
  });

  it('asks for the tools it was told are missing, with busybox-static when busybox is missing', () => {
    const missing = new Set(['qemu-system-x86_64', 'depmod', 'busybox']);
    expect(
      missingPackages(
        (tool) => !missing.has(tool),
        undefined,
        () => true,
      ),
    ).toEqual(['busybox-static', 'kmod', 'qemu-system-x86']);
  });

  it('asks the predicate about every tool it needs', () => {
    const asked: string[] = [];
    missingPackages((tool) => {
      asked.push(tool);
      return false;
    });
    expect(new Set(asked)).toEqual(new Set(Object.keys(HOST_TOOLS)));
  });

  it.each([
    [false, ['busybox-static']],
    [true, []],
  ])('with busybox present and the static build installed: %s, asks for %j', (staticBuild, expected) => {
    expect(
      missingPackages(
        () => true,
        () => staticBuild,
        () => true,
      ),
    ).toEqual(expected);
  });
});

describe('HOST_TOOLS', () => {
  it('has setfacl (device ACLs), setpriv (the unprivileged iperf3 client), and cpio, sfdisk and sudo for the tests', () => {
    expect(HOST_TOOLS).toMatchObject({
      setfacl: 'acl',
      setpriv: 'util-linux',
      cpio: 'cpio',
      sfdisk: 'fdisk',
      sudo: 'sudo',
    });
  });
});

describe('runTools', () => {
  it('asks for the disk-image tools only when a run boots a disk-image guest', () => {
    for (const tool of ['mkfs.fat', 'mcopy', 'syslinux', 'qemu-img', 'ssh', 'mkfs.ext4']) {
      expect(runTools(true)).not.toContain(tool);
      expect(runTools(true, true)).toContain(tool);
    }
  });

  it('asks for syslinux-common when its MBR or second stage is missing (syslinux only recommends it)', () => {
    expect(
      missingPackages(
        () => true,
        () => true,
        (file) => !file.endsWith('mbr.bin'),
      ),
    ).toEqual(['syslinux-common']);
  });

  it('asks a run for sudo and setfacl only when it is not root, for setpriv always, and never for cpio or sfdisk', () => {
    expect(runTools(false)).toEqual(expect.arrayContaining(['sudo', 'setpriv', 'setfacl', 'ip']));
    // Issue 26: a root run drops its iperf3 client to nobody with setpriv.
    expect(runTools(true)).toEqual(expect.arrayContaining(['ip', 'qemu-system-x86_64', 'setpriv']));
    for (const tool of ['sudo', 'setfacl', 'cpio', 'sfdisk']) expect(runTools(true)).not.toContain(tool);
    expect(runTools(false)).not.toContain('cpio');
    expect(runTools(false)).not.toContain('sfdisk');
  });
});
