// What nicgate knows about each emulated NIC model: the QEMU device properties it needs, the
// driver each guest OS loads for it, and known quirks. Models QEMU offers that are not listed
// here still run: the guest then loads every driver it knows and takes the first interface.

/** Guest operating systems a NIC record names a driver for. */
export type DriverOs = 'linux';

export interface NicModelInfo {
  /**
   * Driver per guest OS. Linux: module names as in modules.dep (`-` written as `_`); the guest
   * resolves their dependencies itself.
   */
  drivers: Readonly<Record<DriverOs, readonly string[]>>;
  /** Extra `-device` properties QEMU needs for this model. */
  deviceProps?: Readonly<Record<string, string>>;
  note?: string;
}

export const NIC_MODELS: Readonly<Record<string, NicModelInfo>> = {
  'virtio-net-pci': {
    drivers: { linux: ['virtio_pci', 'virtio_net'] },
    note: 'paravirtual; vhost is off because the host side is a plain tap under TCG',
  },
  e1000: { drivers: { linux: ['e1000'] }, note: 'Intel 82540EM; the classic compatible choice' },
  'e1000-82544gc': { drivers: { linux: ['e1000'] } },
  'e1000-82545em': { drivers: { linux: ['e1000'] } },
  e1000e: {
    drivers: { linux: ['e1000e'] },
    note: 'Intel 82574L; PCIe device that also works on the pc machine',
  },
  igb: { drivers: { linux: ['igb'] }, note: 'Intel 82576; needs QEMU 8.0 or later' },
  vmxnet3: { drivers: { linux: ['vmxnet3'] }, note: 'VMware paravirtual' },
  rtl8139: {
    drivers: { linux: ['8139cp', '8139too'] },
    note: '100 Mbit/s class device; expect low throughput',
  },
  pcnet: { drivers: { linux: ['pcnet32'] }, note: 'AMD PCnet; 10/100 class device' },
  ne2k_pci: { drivers: { linux: ['ne2k_pci'] }, note: 'NE2000; very slow by design' },
  i82559er: { drivers: { linux: ['e100'] } },
  i82557b: { drivers: { linux: ['e100'] } },
  i82801: { drivers: { linux: ['e100'] } },
};

/** The record for `model`; a name like `constructor` is not a model. */
export function nicModel(model: string): NicModelInfo | undefined {
  return Object.hasOwn(NIC_MODELS, model) ? NIC_MODELS[model] : undefined;
}

/** Every driver any listed model needs on `os`, each once. */
export function allNicDrivers(os: DriverOs): string[] {
  return [...new Set(Object.values(NIC_MODELS).flatMap((info) => info.drivers[os]))];
}

/** The drivers a guest on `os` with this NIC should load: all of them for a model not listed. */
export function nicDrivers(os: DriverOs, model: string): string[] {
  const known = nicModel(model)?.drivers[os];
  return known ? [...known] : allNicDrivers(os);
}

/** The model's extra `-device` properties (none for most). */
export function nicDeviceProps(model: string): Record<string, string> {
  return { ...(nicModel(model)?.deviceProps ?? {}) };
}
