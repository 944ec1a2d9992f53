// DragonFly BSD as a guest: QEMU's default machine, the drivers of its GENERIC kernel, and
// FreeBSD's way to 16 MiB buffers for `tuned` (it has no BBR).
import type { NicDriverTable } from '../../nic/drivers.js';
import { bsdSystem } from '../bsd/os.js';
import type { BsdTraits } from '../bsd/traits.js';
import { SIXTEEN_MIB } from '../builtin-tuning.js';
import { FREEBSD_KNOBS, MAXSOCKBUF_FOR_16_MIB } from '../freebsd/system.js';
import type { OperatingSystem } from '../os.js';
import { DRAGONFLY_RECIPE } from './prepare-recipe.js';

export const DRAGONFLY_TRAITS: BsdTraits = {
  name: 'dragonfly',
  moduleLoad: ['kldload', '-n'],
  sysctlModules: {},
  listedIn: {},
  controlDevice: '/dev/ttyd1',
  jobDevice: '/dev/vbd1',
  tcpKnobs: FREEBSD_KNOBS.slice(0, 7),
};

const EM = ['em'];
const E100 = ['fxp'];

const DRAGONFLY_NICS: NicDriverTable = {
  loading: 'built-in',
  drivers: {
    'virtio-net-pci': ['vtnet'],
    e1000: EM,
    'e1000-82544gc': EM,
    'e1000-82545em': EM,
    e1000e: ['emx'],
    igb: ['igb'],
    rtl8139: ['re'],
    i82559er: E100,
    i82557b: E100,
    i82801: E100,
  },
};

export const DRAGONFLY: OperatingSystem = bsdSystem(DRAGONFLY_TRAITS, {
  label: 'DragonFly BSD',
  // Written from the publishers' documentation; no DragonFly BSD image has been prepared with it yet.
  imagePrepare: { recipe: DRAGONFLY_RECIPE, proven: false },
  machine: { firmware: 'bios', cpuFeaturesOff: [] },
  nics: DRAGONFLY_NICS,
  builtinTuning: {
    stock: { sysctls: [] },
    tuned: {
      sysctls: [
        { name: 'kern.ipc.maxsockbuf', value: MAXSOCKBUF_FOR_16_MIB },
        { name: 'net.inet.tcp.sendbuf_max', value: SIXTEEN_MIB },
        { name: 'net.inet.tcp.recvbuf_max', value: SIXTEEN_MIB },
      ],
      missing: ['BBR: DragonFly BSD has no BBR congestion control'],
    },
  },
});
