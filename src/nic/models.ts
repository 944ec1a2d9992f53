// What nicgate knows about each emulated NIC model, whatever the guest: its notes and any QEMU
// device properties it needs everywhere. One record per model. Which driver each OS uses for it
// (and whether it drives it at all) is the OS's to say: each OS folder under guest/ declares a
// NicDriverTable (drivers.ts) naming these models.

export interface NicRecord {
  /** Extra `-device` properties QEMU needs for this model on every OS. */
  deviceProps?: Readonly<Record<string, string>>;
  note?: string;
  /** Has a vhost-net backend: the tap's packets move in the host kernel instead of QEMU's thread. */
  vhost?: true;
}

export const NIC_MODELS: Readonly<Record<string, NicRecord>> = {
  'virtio-net-pci': {
    note: 'paravirtual; vhost-net where /dev/vhost-net opens for this user, else vhost=off',
    vhost: true,
  },
  e1000: { note: 'Intel 82540EM; the classic compatible choice' },
  'e1000-82544gc': {},
  'e1000-82545em': {},
  e1000e: { note: 'Intel 82574L; PCIe device that also works on the pc machine' },
  igb: { note: 'Intel 82576; needs QEMU 8.0 or later' },
  vmxnet3: { note: 'VMware paravirtual' },
  rtl8139: { note: '100 Mbit/s class device; expect low throughput' },
  pcnet: { note: 'AMD PCnet; 10/100 class device' },
  ne2k_pci: { note: 'NE2000; very slow by design' },
  i82559er: {},
  i82557b: {},
  i82801: {},
};

/** The record for `model`; a name like `constructor` is not a model. */
export function nicModel(model: string): NicRecord | undefined {
  return Object.hasOwn(NIC_MODELS, model) ? NIC_MODELS[model] : undefined;
}

export type VhostMode = 'on' | 'off';

/**
 * vhost-net for a model that has it where /dev/vhost-net opens, `off` where it does not; undefined
 * for a model without a vhost backend (the tap is given `vhost=off` and nothing is recorded).
 */
export function vhostFor(model: string, vhostNetOpens: boolean): VhostMode | undefined {
  if (nicModel(model)?.vhost !== true) return undefined;
  return vhostNetOpens ? 'on' : 'off';
}
