// Linux as nicgate's guests run it (the initramfs guest here, the Debian disk in debian/): QEMU's
// default machine, a driver module per NIC model, the built-in profiles as sysctls, and netem of
// its own, so it shapes its side of the link.
import type { NicDriverTable } from '../../nic/drivers.js';
import { SIXTEEN_MIB } from '../builtin-tuning.js';
import type { OperatingSystem } from '../os.js';
import { sysctlLines } from './job.js';

/** Module names as in modules.dep; a model QEMU offers that is not listed loads them all. */
export const LINUX_NICS: NicDriverTable = {
  loading: 'modules',
  drivers: {
    'virtio-net-pci': ['virtio_pci', 'virtio_net'],
    e1000: ['e1000'],
    'e1000-82544gc': ['e1000'],
    'e1000-82545em': ['e1000'],
    e1000e: ['e1000e'],
    igb: ['igb'],
    vmxnet3: ['vmxnet3'],
    rtl8139: ['8139cp', '8139too'],
    pcnet: ['pcnet32'],
    ne2k_pci: ['ne2k_pci'],
    i82559er: ['e100'],
    i82557b: ['e100'],
    i82801: ['e100'],
  },
};

export const LINUX: OperatingSystem = {
  name: 'linux',
  label: 'Linux',
  machine: { firmware: 'bios', cpuFeaturesOff: [] },
  nics: LINUX_NICS,
  builtinTuning: {
    stock: { sysctls: [] },
    tuned: {
      sysctls: [
        { name: 'net.core.rmem_max', value: SIXTEEN_MIB },
        { name: 'net.core.wmem_max', value: SIXTEEN_MIB },
        { name: 'net.ipv4.tcp_rmem', value: `4096 131072 ${SIXTEEN_MIB}` },
        { name: 'net.ipv4.tcp_wmem', value: `4096 16384 ${SIXTEEN_MIB}` },
        { name: 'net.core.default_qdisc', value: 'fq' },
        { name: 'net.ipv4.tcp_congestion_control', value: 'bbr' },
      ],
    },
  },
  tuningLines: sysctlLines,
  shapesOwnLink: true,
};
