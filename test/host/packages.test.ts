import { existsSync } from 'node:fs';
import { HOST_TOOLS, missingPackages, runTools } from '../../src/host/packages.js';

describe('missingPackages', () => {
  it('maps every missing tool to its package, each package once, sorted', () => {
    expect(missingPackages(() => false)).toEqual([
      'acl',
      'busybox-static',
      'cpio',
      'dpkg',
      'fdisk',
      'iperf3',
      'iproute2',
      'kmod',
      'procps',
      'qemu-system-x86',
      'sudo',
      'util-linux',
    ]);
  });

  it('asks for iproute2 once when both ip and tc are missing', () => {
    const missing = new Set(['ip', 'tc', 'busybox']);
    expect(missingPackages((tool) => !missing.has(tool))).toEqual(['busybox-static', 'iproute2']);
  });

  it('asks for the tools it was told are missing, with busybox-static when busybox is missing', () => {
    const missing = new Set(['qemu-system-x86_64', 'depmod', 'busybox']);
    expect(missingPackages((tool) => !missing.has(tool))).toEqual([
      'busybox-static',
      'kmod',
      'qemu-system-x86',
    ]);
  });

  it('asks the predicate about every tool it needs', () => {
    const asked: string[] = [];
    missingPackages((tool) => {
      asked.push(tool);
      return false;
    });
    expect(new Set(asked)).toEqual(new Set(Object.keys(HOST_TOOLS)));
  });

  it('asks for busybox-static when busybox is present but the static package is not', () => {
    // Depends on this host: busybox-static's doc directory marks the static build as installed.
    const expected = existsSync('/usr/share/doc/busybox-static') ? [] : ['busybox-static'];
    expect(missingPackages(() => true)).toEqual(expected);
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
  it('asks a run for sudo, setpriv and setfacl only when it is not root, and never for cpio or sfdisk', () => {
    expect(runTools(false)).toEqual(expect.arrayContaining(['sudo', 'setpriv', 'setfacl', 'ip']));
    expect(runTools(true)).toEqual(expect.arrayContaining(['ip', 'qemu-system-x86_64']));
    for (const tool of ['sudo', 'setpriv', 'setfacl', 'cpio', 'sfdisk'])
      expect(runTools(true)).not.toContain(tool);
    expect(runTools(false)).not.toContain('cpio');
    expect(runTools(false)).not.toContain('sfdisk');
  });
});
