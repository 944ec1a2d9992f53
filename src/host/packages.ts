// Host packages nicgate needs, installed through apt (via sudo -n when not root).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RunError } from '../common/errors.js';
import { runCommand, type Exec } from '../proc/exec.js';

/** Tool -> Debian/Ubuntu package that provides it; `nicgate setup` installs them all. */
export const HOST_TOOLS: Readonly<Record<string, string>> = {
  'qemu-system-x86_64': 'qemu-system-x86',
  iperf3: 'iperf3',
  busybox: 'busybox-static',
  ip: 'iproute2',
  tc: 'iproute2',
  sysctl: 'procps',
  'dpkg-deb': 'dpkg',
  depmod: 'kmod',
  // Device access for this user only (/dev/kvm, /dev/net/tun), as an ACL entry.
  setfacl: 'acl',
  // The host iperf3 client drops from root (ip netns exec) back to the invoking user.
  setpriv: 'util-linux',
  // Privileged steps for a user who is not root.
  sudo: 'sudo',
  // Not used by a run: the test suite reads the guest's initramfs with it.
  cpio: 'cpio',
  // Not used by a run either: the test suite reads back the partition tables nicgate writes.
  sfdisk: 'fdisk',
  // Disk-image guests: the disk built without mounting, the overlays, prepare's SSH client.
  'mkfs.ext4': 'e2fsprogs',
  'mkfs.fat': 'dosfstools',
  mcopy: 'mtools',
  syslinux: 'syslinux',
  'qemu-img': 'qemu-utils',
  ssh: 'openssh-client',
  // A user's image: its one-run prepare key.
  'ssh-keygen': 'openssh-client',
};

/** Files a tool of its own does not stand for -> the package that has them. */
const HOST_FILES: Readonly<Record<string, string>> = {
  // syslinux's MBR and its second stage (syslinux only recommends the package).
  '/usr/lib/syslinux/mbr/mbr.bin': 'syslinux-common',
  '/usr/lib/syslinux/modules/bios/ldlinux.c32': 'syslinux-common',
};

/** Tools only a disk-image guest needs. */
const DISK_GUEST_TOOLS = ['mkfs.ext4', 'mkfs.fat', 'mcopy', 'syslinux', 'qemu-img', 'ssh', 'ssh-keygen'];

/** Tools only the test suite uses. */
const TEST_ONLY_TOOLS = ['cpio', 'sfdisk'];

/**
 * The tools a run needs: as root, no sudo or setfacl (setpriv it needs either way: the iperf3
 * client drops to nobody); never the test suite's; those of disk-image guests only when the run
 * boots one.
 */
export function runTools(root: boolean, diskGuest = false): string[] {
  const notNeeded = new Set([
    ...TEST_ONLY_TOOLS,
    ...(root ? ['sudo', 'setfacl'] : []),
    ...(diskGuest ? [] : DISK_GUEST_TOOLS),
  ]);
  return Object.keys(HOST_TOOLS).filter((tool) => !notNeeded.has(tool));
}

const SEARCH_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export function toolInstalled(tool: string): boolean {
  return SEARCH_PATH.some((dir) => existsSync(join(dir, tool)));
}

/** Packages still to install for the tools that are missing. Pure over its two predicates. */
export function missingPackages(
  installed: (tool: string) => boolean,
  staticBusybox: () => boolean = () => existsSync('/usr/share/doc/busybox-static'),
  present: (file: string) => boolean = existsSync,
): string[] {
  const packages = new Set<string>();
  for (const [tool, pkg] of Object.entries(HOST_TOOLS)) if (!installed(tool)) packages.add(pkg);
  for (const [file, pkg] of Object.entries(HOST_FILES)) if (!present(file)) packages.add(pkg);
  // busybox from the dynamic `busybox` package is not enough: the guest needs the static one.
  if (installed('busybox') && !staticBusybox()) packages.add('busybox-static');
  return [...packages].sort();
}

/** `nicgate setup` and the Action's first step; `exec` is the real executor unless a test passes one. */
export async function installHostPackages(
  log: (line: string) => void,
  exec: Exec = runCommand,
): Promise<string[]> {
  const packages = missingPackages(toolInstalled);
  if (packages.length === 0) return [];
  log(`installing ${packages.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await exec(['apt-get', 'update', '-qq'], { privileged: true, env, timeoutMs: 600_000 });
    await exec(
      [
        'env',
        'DEBIAN_FRONTEND=noninteractive',
        'apt-get',
        'install',
        '-y',
        '-qq',
        '--no-install-recommends',
        ...packages,
      ],
      {
        privileged: true,
        env,
        timeoutMs: 900_000,
      },
    );
  } catch (error) {
    throw new RunError(`could not install ${packages.join(' ')}`, { cause: error });
  }
  return packages;
}
