// What nicgate knows of each BSD as a guest: how it loads a kernel module, which sysctl values
// need a module or are valid only where another sysctl lists them, the firmware and CPU it needs,
// and its second serial port (the control port). One row per OS; from the manual pages and the
// sources, none of it run yet (no BSD image can be fetched where nicgate is developed).
import type { OsFamily } from '../../model/os-family.js';

export type BsdFamily = Exclude<OsFamily, 'linux'>;

export interface BsdTraits {
  /** The command that loads a kernel module, without the module's name. */
  moduleLoad: readonly string[];
  /** `name=value` → the module to load before setting it. */
  sysctlModules: Readonly<Record<string, string>>;
  /** A sysctl whose value must be listed (space or comma separated) in another one first. */
  listedIn: Readonly<Record<string, string>>;
  /** `uefi`: QEMU boots OVMF (OpenBSD's images have no BIOS loader). */
  firmware: 'bios' | 'uefi';
  /** CPU features switched off for this kernel (`-cpu max,-pdpe1gb`). */
  cpuFeaturesOff: readonly string[];
  /** The guest's device for QEMU's second serial port, where the framed events go. */
  controlDevice: string;
  /** The raw device of the second virtio-blk disk: the job disk, a tar archive. */
  jobDevice: string;
  /** TCP knobs read back and reported for every profile, as the Linux guest reports its own. */
  tcpKnobs: readonly string[];
}

const FREEBSD_KNOBS = [
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

export const BSD_TRAITS: Readonly<Record<BsdFamily, BsdTraits>> = {
  freebsd: {
    moduleLoad: ['kldload', '-n'],
    sysctlModules: { 'net.inet.tcp.functions_default=bbr': 'tcp_bbr' },
    listedIn: { 'net.inet.tcp.functions_default': 'net.inet.tcp.functions_available' },
    firmware: 'bios',
    cpuFeaturesOff: [],
    controlDevice: '/dev/ttyu1',
    jobDevice: '/dev/vtbd1',
    tcpKnobs: FREEBSD_KNOBS,
  },
  netbsd: {
    moduleLoad: ['modload'],
    sysctlModules: {},
    listedIn: { 'net.inet.tcp.congctl.selected': 'net.inet.tcp.congctl.available' },
    firmware: 'bios',
    cpuFeaturesOff: [],
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
  },
  openbsd: {
    moduleLoad: [],
    sysctlModules: {},
    listedIn: {},
    firmware: 'uefi',
    // Its kernel faults on 1 GiB pages as QEMU's max CPU offers them.
    cpuFeaturesOff: ['pdpe1gb'],
    controlDevice: '/dev/cua01',
    jobDevice: '/dev/rsd1c',
    tcpKnobs: ['net.inet.tcp.sendspace', 'net.inet.tcp.recvspace'],
  },
  dragonfly: {
    moduleLoad: ['kldload', '-n'],
    sysctlModules: {},
    listedIn: {},
    firmware: 'bios',
    cpuFeaturesOff: [],
    controlDevice: '/dev/ttyd1',
    jobDevice: '/dev/vbd1',
    tcpKnobs: FREEBSD_KNOBS.slice(0, 7),
  },
};
