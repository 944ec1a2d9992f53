// OpenBSD as a guest: UEFI firmware and no 1 GiB pages, the drivers of its GENERIC kernel, and
// the 2 MiB its socket buffers stop at for `tuned` (no pluggable congestion control).
import type { NicDriverTable } from '../../nic/drivers.js';
import { bsdSystem } from '../bsd/os.js';
import type { BsdTraits } from '../bsd/traits.js';
import type { OperatingSystem } from '../os.js';
import { OPENBSD_RECIPE } from './prepare-recipe.js';

// OpenBSD's socket buffers stop at SB_MAX, compiled in at 2 MiB.
const OPENBSD_SB_MAX = '2097152';

export const OPENBSD_TRAITS: BsdTraits = {
  name: 'openbsd',
  moduleLoad: [],
  sysctlModules: {},
  listedIn: {},
  controlDevice: '/dev/cua01',
  jobDevice: '/dev/rsd1c',
  tcpKnobs: ['net.inet.tcp.sendspace', 'net.inet.tcp.recvspace'],
};

const EM = ['em'];
const E100 = ['fxp'];

const OPENBSD_NICS: NicDriverTable = {
  loading: 'built-in',
  drivers: {
    'virtio-net-pci': ['vio'],
    e1000: EM,
    'e1000-82544gc': EM,
    'e1000-82545em': EM,
    e1000e: EM,
    igb: EM,
    vmxnet3: ['vmx'],
    rtl8139: ['re'],
    pcnet: ['pcn'],
    ne2k_pci: ['ne'],
    i82559er: E100,
    i82557b: E100,
    i82801: E100,
  },
};

export const OPENBSD: OperatingSystem = bsdSystem(OPENBSD_TRAITS, {
  label: 'OpenBSD',
  // Written from the publishers' documentation; no OpenBSD image has been prepared with it yet.
  imagePrepare: { recipe: OPENBSD_RECIPE, proven: false },
  // Its images have no BIOS loader, and its kernel faults on 1 GiB pages as QEMU's max CPU offers them.
  machine: { firmware: 'uefi', cpuFeaturesOff: ['pdpe1gb'] },
  nics: OPENBSD_NICS,
  builtinTuning: {
    stock: { sysctls: [] },
    tuned: {
      sysctls: [
        { name: 'net.inet.tcp.sendspace', value: OPENBSD_SB_MAX },
        { name: 'net.inet.tcp.recvspace', value: OPENBSD_SB_MAX },
      ],
      missing: [
        '16 MiB buffers: OpenBSD caps socket buffers at 2 MiB (SB_MAX, compiled in)',
        'BBR: OpenBSD has no pluggable congestion control',
      ],
    },
  },
});
