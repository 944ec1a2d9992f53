// What nicgate knows about each emulated NIC model: the QEMU device properties it needs, the
// driver each guest OS uses for it, and known quirks. On Linux a model QEMU offers that is not
// listed still runs (the guest loads every driver it knows and takes the interface with the test
// MAC). A BSD drives its NICs with drivers built into its kernel, so a model without a driver
// listed for that BSD is refused before anything boots: nicgate cannot say the guest will see it.
import type { OsFamily } from '../model/os-family.js';
import { OS_LABELS } from '../model/os-family.js';

export interface NicModelInfo {
  /**
   * Driver per guest OS. Linux: module names as in modules.dep (`-` written as `_`); the guest
   * resolves their dependencies itself. The BSDs: the driver (interface name prefix) of their
   * GENERIC kernels, from the drivers' manual pages; the guest finds the interface by MAC anyway.
   */
  drivers: Readonly<
    { linux: readonly string[] } & Partial<Record<Exclude<OsFamily, 'linux'>, readonly string[]>>
  >;
  /** Extra `-device` properties QEMU needs for this model on every OS. */
  deviceProps?: Readonly<Record<string, string>>;
  /** Extra `-device` properties on one OS only, with the reason (recorded in the scenario's QEMU line). */
  osDeviceProps?: Readonly<
    Partial<Record<OsFamily, { props: Readonly<Record<string, string>>; why: string }>>
  >;
  note?: string;
}

const E1000_FAMILY = {
  linux: ['e1000'],
  freebsd: ['em'],
  netbsd: ['wm'],
  openbsd: ['em'],
  dragonfly: ['em'],
};
const E100_FAMILY = {
  linux: ['e100'],
  freebsd: ['fxp'],
  netbsd: ['fxp'],
  openbsd: ['fxp'],
  dragonfly: ['fxp'],
};

export const NIC_MODELS: Readonly<Record<string, NicModelInfo>> = {
  'virtio-net-pci': {
    drivers: {
      linux: ['virtio_pci', 'virtio_net'],
      freebsd: ['vtnet'],
      netbsd: ['vioif'],
      openbsd: ['vio'],
      dragonfly: ['vtnet'],
    },
    osDeviceProps: {
      netbsd: {
        props: { ctrl_vq: 'off' },
        why: "NetBSD's vioif can hang its boot on the control queue",
      },
    },
    note: 'paravirtual; vhost is off because the host side is a plain tap under TCG',
  },
  e1000: { drivers: E1000_FAMILY, note: 'Intel 82540EM; the classic compatible choice' },
  'e1000-82544gc': { drivers: E1000_FAMILY },
  'e1000-82545em': { drivers: E1000_FAMILY },
  e1000e: {
    drivers: { linux: ['e1000e'], freebsd: ['em'], netbsd: ['wm'], openbsd: ['em'], dragonfly: ['emx'] },
    note: 'Intel 82574L; PCIe device that also works on the pc machine',
  },
  igb: {
    drivers: { linux: ['igb'], freebsd: ['igb'], netbsd: ['wm'], openbsd: ['em'], dragonfly: ['igb'] },
    note: 'Intel 82576; needs QEMU 8.0 or later',
  },
  vmxnet3: {
    drivers: { linux: ['vmxnet3'], freebsd: ['vmx'], netbsd: ['vmx'], openbsd: ['vmx'] },
    note: 'VMware paravirtual',
  },
  rtl8139: {
    // QEMU emulates the 8139C+, which the BSDs attach as re, not rl.
    drivers: {
      linux: ['8139cp', '8139too'],
      freebsd: ['re'],
      netbsd: ['re'],
      openbsd: ['re'],
      dragonfly: ['re'],
    },
    note: '100 Mbit/s class device; expect low throughput',
  },
  pcnet: {
    drivers: { linux: ['pcnet32'], netbsd: ['pcn'], openbsd: ['pcn'] },
    note: 'AMD PCnet; 10/100 class device',
  },
  ne2k_pci: {
    drivers: { linux: ['ne2k_pci'], netbsd: ['ne'], openbsd: ['ne'] },
    note: 'NE2000; very slow by design',
  },
  i82559er: { drivers: E100_FAMILY },
  i82557b: { drivers: E100_FAMILY },
  i82801: { drivers: E100_FAMILY },
};

/** The record for `model`; a name like `constructor` is not a model. */
export function nicModel(model: string): NicModelInfo | undefined {
  return Object.hasOwn(NIC_MODELS, model) ? NIC_MODELS[model] : undefined;
}

/** Every driver any listed model needs on `os`, each once. */
export function allNicDrivers(os: OsFamily): string[] {
  return [...new Set(Object.values(NIC_MODELS).flatMap((info) => info.drivers[os] ?? []))];
}

/** The drivers a guest on `os` with this NIC uses: on Linux all of them for a model not listed. */
export function nicDrivers(os: OsFamily, model: string): string[] {
  const known = nicModel(model)?.drivers[os];
  if (known) return [...known];
  return os === 'linux' ? allNicDrivers(os) : [];
}

/**
 * Why a guest on `os` cannot use `model`, or undefined where it can. Linux takes any model (its
 * modules cover QEMU's list); a BSD only a model with a driver of its own in the table.
 */
export function nicRefusal(os: OsFamily, model: string): string | undefined {
  if (os === 'linux' || nicModel(model)?.drivers[os]) return undefined;
  const usable = Object.entries(NIC_MODELS)
    .filter(([, info]) => info.drivers[os])
    .map(([name]) => name);
  return `has no ${OS_LABELS[os]} driver nicgate knows of (${OS_LABELS[os]} guests take ${usable.join(', ')})`;
}

/** The model's extra `-device` properties on `os` (none for most). */
export function nicDeviceProps(os: OsFamily, model: string): Record<string, string> {
  const info = nicModel(model);
  return { ...(info?.deviceProps ?? {}), ...(info?.osDeviceProps?.[os]?.props ?? {}) };
}
