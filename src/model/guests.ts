// The guests nicgate knows, by the name a scenario carries (`--guest`, the first segment of a
// scenario key): one record per guest, read by the plan (names, aliases), the engine (which
// guest OS implementation) and the report.
import type { OsFamily } from './os-family.js';

export interface GuestRecord {
  /** For messages and the README: `Linux (nicgate's initramfs)`. */
  label: string;
  /** The OS it runs: picks the NIC drivers, the tuning table and what a profile file must name. */
  os: OsFamily;
  /** `initramfs`: QEMU loads a kernel and initrd; `disk-image`: firmware boots a disk. */
  boot: 'initramfs' | 'disk-image';
  /** Where it is built, for messages. */
  built: string;
  /**
   * Why it cannot be run yet, where it cannot: `nicgate plan` shows such a guest, a run refuses it
   * before anything boots.
   */
  notRunnable?: string;
}

const BSD_NOT_BUILT =
  'nicgate cannot download or prepare BSD images yet; `nicgate plan` shows what a run of it would do';

export const GUESTS = {
  linux: {
    label: "Linux (nicgate's initramfs)",
    os: 'linux',
    boot: 'initramfs',
    built: 'from the distribution kernel and host tools, on any Debian or Ubuntu host',
  },
  'debian-12': {
    label: 'Debian 12 (disk image)',
    os: 'linux',
    boot: 'disk-image',
    built: 'from Debian 12 packages on a Debian 12 host, prepared over SSH once, booted through syslinux',
  },
  'freebsd-14.3': {
    label: 'FreeBSD 14.3 (disk image)',
    os: 'freebsd',
    boot: 'disk-image',
    built: "FreeBSD's BASIC-CI raw image",
    notRunnable: BSD_NOT_BUILT,
  },
  'freebsd-15.0': {
    label: 'FreeBSD 15.0 (disk image)',
    os: 'freebsd',
    boot: 'disk-image',
    built: "FreeBSD's BASIC-CI raw image",
    notRunnable: BSD_NOT_BUILT,
  },
  'netbsd-10.1': {
    label: 'NetBSD 10.1 (disk image)',
    os: 'netbsd',
    boot: 'disk-image',
    built: "NetBSD's live image, first prepared over the serial console",
    notRunnable: BSD_NOT_BUILT,
  },
  'openbsd-7.8': {
    label: 'OpenBSD 7.8 (disk image)',
    os: 'openbsd',
    boot: 'disk-image',
    built: 'the cross-platform-actions OpenBSD image (UEFI)',
    notRunnable: BSD_NOT_BUILT,
  },
  'dragonfly-6.4': {
    label: 'DragonFly BSD 6.4 (disk image)',
    os: 'dragonfly',
    boot: 'disk-image',
    built: 'the cross-platform-actions DragonFly image',
    notRunnable: BSD_NOT_BUILT,
  },
} as const satisfies Record<string, GuestRecord>;

export type GuestName = keyof typeof GUESTS;

export const GUEST_NAMES = Object.keys(GUESTS) as GuestName[];

/** A bare OS name means its newest release nicgate knows; the scenario key carries the release. */
export const GUEST_ALIASES: Readonly<Record<string, GuestName>> = {
  freebsd: 'freebsd-15.0',
  netbsd: 'netbsd-10.1',
  openbsd: 'openbsd-7.8',
  dragonfly: 'dragonfly-6.4',
};

export function isGuestName(name: string): name is GuestName {
  return Object.hasOwn(GUESTS, name);
}

/** The record of a guest, widened so optional fields read the same for every guest. */
export function guestRecord(name: GuestName): GuestRecord {
  return GUESTS[name];
}
