// FreeBSD as a guest: QEMU's default machine, the drivers of its GENERIC kernel, 16 MiB buffers
// and BBR (a TCP stack of its own, in a module) for `tuned`.
import type { NicDriverTable } from '../../nic/drivers.js';
import { bsdSystem } from '../bsd/os.js';
import type { BsdTraits } from '../bsd/traits.js';
import { SIXTEEN_MIB } from '../builtin-tuning.js';
import type { OperatingSystem } from '../os.js';
import { FREEBSD_RECIPE } from './prepare-recipe.js';

/** The TCP knobs FreeBSD reports; DragonFly BSD, its descendant, has the first seven. */
export const FREEBSD_KNOBS = [
  'kern.ipc.maxsockbuf',
  'net.inet.tcp.sendbuf_max',
  'net.inet.tcp.recvbuf_max',
  'net.inet.tcp.sendspace',
  'net.inet.tcp.recvspace',
  'net.inet.tcp.sendbuf_auto',
  'net.inet.tcp.recvbuf_auto',
  'net.inet.tcp.cc.algorithm',
  'net.inet.tcp.functions_default',
];

/** FreeBSD and DragonFly cap a socket buffer at maxsockbuf × 2048/2304 (sb_max_adj): 18 MiB gives 16 MiB. */
export const MAXSOCKBUF_FOR_16_MIB = '18874368';

export const FREEBSD_TRAITS: BsdTraits = {
  name: 'freebsd',
  moduleLoad: ['kldload', '-n'],
  sysctlModules: { 'net.inet.tcp.functions_default=bbr': 'tcp_bbr' },
  listedIn: { 'net.inet.tcp.functions_default': 'net.inet.tcp.functions_available' },
  controlDevice: '/dev/ttyu1',
  jobDevice: '/dev/vtbd1',
  tcpKnobs: FREEBSD_KNOBS,
};

const E1000 = ['em'];
const E100 = ['fxp'];

const FREEBSD_NICS: NicDriverTable = {
  loading: 'built-in',
  drivers: {
    'virtio-net-pci': ['vtnet'],
    e1000: E1000,
    'e1000-82544gc': E1000,
    'e1000-82545em': E1000,
    e1000e: ['em'],
    igb: ['igb'],
    vmxnet3: ['vmx'],
    // QEMU emulates the 8139C+, which the BSDs attach as re, not rl.
    rtl8139: ['re'],
    i82559er: E100,
    i82557b: E100,
    i82801: E100,
  },
};

export const FREEBSD: OperatingSystem = bsdSystem(FREEBSD_TRAITS, {
  label: 'FreeBSD',
  // Written from the publishers' documentation; no FreeBSD image has been prepared with it yet.
  imagePrepare: { recipe: FREEBSD_RECIPE, proven: false },
  machine: { firmware: 'bios', cpuFeaturesOff: [] },
  nics: FREEBSD_NICS,
  builtinTuning: {
    stock: { sysctls: [] },
    tuned: {
      sysctls: [
        { name: 'kern.ipc.maxsockbuf', value: MAXSOCKBUF_FOR_16_MIB },
        { name: 'net.inet.tcp.sendbuf_max', value: SIXTEEN_MIB },
        { name: 'net.inet.tcp.recvbuf_max', value: SIXTEEN_MIB },
        // The guest loads tcp_bbr first and sets this only where functions_available lists bbr.
        { name: 'net.inet.tcp.functions_default', value: 'bbr' },
      ],
    },
  },
});
