// What nicgate knows about each emulated NIC model: the guest driver modules it needs and
// known quirks. Models QEMU offers that are not listed here still run: the guest then loads
// every bundled NIC driver and takes the first interface that appears.

export interface NicModelInfo {
  /** Linux module names (as in modules.dep, `-` written as `_`), dependencies resolved separately. */
  linuxModules: string[];
  /** Extra `-device` properties QEMU needs for this model. */
  deviceProps?: Record<string, string>;
  note?: string;
}

export const NIC_MODELS: Readonly<Record<string, NicModelInfo>> = {
  'virtio-net-pci': {
    linuxModules: ['virtio_pci', 'virtio_net'],
    note: 'paravirtual; vhost is off because the host side is a plain tap under TCG',
  },
  e1000: { linuxModules: ['e1000'], note: 'Intel 82540EM; the classic compatible choice' },
  'e1000-82544gc': { linuxModules: ['e1000'] },
  'e1000-82545em': { linuxModules: ['e1000'] },
  e1000e: { linuxModules: ['e1000e'], note: 'Intel 82574L; PCIe device that also works on the pc machine' },
  igb: { linuxModules: ['igb'], note: 'Intel 82576; needs QEMU 8.0 or later' },
  vmxnet3: { linuxModules: ['vmxnet3'], note: 'VMware paravirtual' },
  rtl8139: { linuxModules: ['8139cp', '8139too'], note: '100 Mbit/s class device; expect low throughput' },
  pcnet: { linuxModules: ['pcnet32'], note: 'AMD PCnet; 10/100 class device' },
  ne2k_pci: { linuxModules: ['ne2k_pci'], note: 'NE2000; very slow by design' },
  i82559er: { linuxModules: ['e100'] },
  i82557b: { linuxModules: ['e100'] },
  i82801: { linuxModules: ['e100'] },
};

/** Modules every guest image carries besides NIC drivers. */
export const PROFILE_MODULES = ['tcp_bbr', 'sch_fq', 'sch_netem'];

export function allNicModules(): string[] {
  return [...new Set(Object.values(NIC_MODELS).flatMap((info) => info.linuxModules))];
}

/** The driver modules a guest with this NIC should load. */
export function nicModules(model: string): string[] {
  return NIC_MODELS[model]?.linuxModules ?? allNicModules();
}
