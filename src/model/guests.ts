// The guests nicgate boots, by the name a scenario carries (`--guest`, the first segment of a
// scenario key): one record per guest, read by the plan (names), the engine (which guest OS
// implementation) and the report.

export interface GuestRecord {
  /** For messages and the README: `Linux (nicgate's initramfs)`. */
  label: string;
  /** `initramfs`: QEMU loads a kernel and initrd; `disk-image`: firmware boots a disk. */
  boot: 'initramfs' | 'disk-image';
  /** Where it is built, for messages. */
  built: string;
}

export const GUESTS = {
  linux: {
    label: "Linux (nicgate's initramfs)",
    boot: 'initramfs',
    built: 'from the distribution kernel and host tools, on any Debian or Ubuntu host',
  },
  'debian-12': {
    label: 'Debian 12 (disk image)',
    boot: 'disk-image',
    built: 'from Debian 12 packages on a Debian 12 host, prepared over SSH once, booted through syslinux',
  },
} as const satisfies Record<string, GuestRecord>;

export type GuestName = keyof typeof GUESTS;

export const GUEST_NAMES = Object.keys(GUESTS) as GuestName[];

export function isGuestName(name: string): name is GuestName {
  return Object.hasOwn(GUESTS, name);
}
