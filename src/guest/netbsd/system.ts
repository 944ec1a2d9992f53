// NetBSD as a guest: QEMU's default machine with virtio-net's control queue off, the drivers of
// its GENERIC kernel, 16 MiB buffers for `tuned` (it has no BBR).
import type { NicDriverTable } from '../../nic/drivers.js';
import { bsdSystem } from '../bsd/os.js';
import type { BsdTraits } from '../bsd/traits.js';
import { SIXTEEN_MIB } from '../builtin-tuning.js';
import type { OperatingSystem } from '../os.js';
import { NETBSD_RECIPE } from './prepare-recipe.js';

// NetBSD's sbmax is reduced by a factor that depends on MSIZE: 32 MiB keeps it out of the way.
const NETBSD_SBMAX = '33554432';

export const NETBSD_TRAITS: BsdTraits = {
  name: 'netbsd',
  moduleLoad: ['modload'],
  sysctlModules: {},
  listedIn: { 'net.inet.tcp.congctl.selected': 'net.inet.tcp.congctl.available' },
  controlDevice: '/dev/tty01',
  jobDevice: '/dev/rld1d',
  tcpKnobs: [
    'kern.sbmax',
    'net.inet.tcp.sendbuf_max',
    'net.inet.tcp.recvbuf_max',
    'net.inet.tcp.sendspace',
    'net.inet.tcp.recvspace',
    'net.inet.tcp.sendbuf_auto',
    'net.inet.tcp.recvbuf_auto',
    'net.inet.tcp.congctl.selected',
  ],
};

const WM = ['wm'];
const E100 = ['fxp'];

const NETBSD_NICS: NicDriverTable = {
  loading: 'built-in',
  drivers: {
    'virtio-net-pci': ['vioif'],
    e1000: WM,
    'e1000-82544gc': WM,
    'e1000-82545em': WM,
    e1000e: WM,
    igb: WM,
    vmxnet3: ['vmx'],
    rtl8139: ['re'],
    pcnet: ['pcn'],
    ne2k_pci: ['ne'],
    i82559er: E100,
    i82557b: E100,
    i82801: E100,
  },
  quirks: {
    'virtio-net-pci': {
      props: { ctrl_vq: 'off' },
      why: "NetBSD's vioif can hang its boot on the control queue",
    },
  },
};

export const NETBSD: OperatingSystem = bsdSystem(NETBSD_TRAITS, {
  label: 'NetBSD',
  // Written from the publishers' documentation; no NetBSD image has been prepared with it yet.
  imagePrepare: { recipe: NETBSD_RECIPE, proven: false },
  machine: { firmware: 'bios', cpuFeaturesOff: [] },
  nics: NETBSD_NICS,
  builtinTuning: {
    stock: { sysctls: [] },
    tuned: {
      sysctls: [
        { name: 'kern.sbmax', value: NETBSD_SBMAX },
        { name: 'net.inet.tcp.sendbuf_max', value: SIXTEEN_MIB },
        { name: 'net.inet.tcp.recvbuf_max', value: SIXTEEN_MIB },
      ],
      missing: ['BBR: NetBSD has no BBR congestion control; net.inet.tcp.congctl.selected stays as it boots'],
    },
  },
});
