// The built-in profiles per guest OS: what `stock` and `tuned` mean on each. `tuned` is 16 MiB
// socket buffers and BBR wherever the OS has them; what an OS cannot do is listed, so the report
// says "partially applied" instead of pretending. Values from each OS's manual pages and sources;
// only the Linux rows have been run (see the README, Guests).
import type { OsFamily } from '../model/os-family.js';
import type { Sysctl } from '../model/plan.js';

export const BUILTIN_PROFILE_NAMES = ['stock', 'tuned'] as const;
export type BuiltinProfileName = (typeof BUILTIN_PROFILE_NAMES)[number];

export interface OsTuning {
  /** In the order the guest applies them: a limit before the values it bounds. */
  sysctls: readonly Sysctl[];
  /** What the profile asks for that this OS cannot do, said in the plan and the report. */
  missing?: readonly string[];
}

const MIB16 = '16777216';
// FreeBSD and DragonFly cap a socket buffer at maxsockbuf × 2048/2304 (sb_max_adj): 18 MiB gives 16 MiB.
const MAXSOCKBUF_FOR_16_MIB = '18874368';
// NetBSD's sbmax is reduced the same way by a factor that depends on MSIZE: 32 MiB keeps it out of the way.
const NETBSD_SBMAX = '33554432';
// OpenBSD's socket buffers stop at SB_MAX, compiled in at 2 MiB.
const OPENBSD_SB_MAX = '2097152';

export const BUILTIN_TUNING: Readonly<Record<BuiltinProfileName, Readonly<Record<OsFamily, OsTuning>>>> = {
  stock: {
    linux: { sysctls: [] },
    freebsd: { sysctls: [] },
    netbsd: { sysctls: [] },
    openbsd: { sysctls: [] },
    dragonfly: { sysctls: [] },
  },
  tuned: {
    linux: {
      sysctls: [
        { name: 'net.core.rmem_max', value: MIB16 },
        { name: 'net.core.wmem_max', value: MIB16 },
        { name: 'net.ipv4.tcp_rmem', value: `4096 131072 ${MIB16}` },
        { name: 'net.ipv4.tcp_wmem', value: `4096 16384 ${MIB16}` },
        { name: 'net.core.default_qdisc', value: 'fq' },
        { name: 'net.ipv4.tcp_congestion_control', value: 'bbr' },
      ],
    },
    freebsd: {
      sysctls: [
        { name: 'kern.ipc.maxsockbuf', value: MAXSOCKBUF_FOR_16_MIB },
        { name: 'net.inet.tcp.sendbuf_max', value: MIB16 },
        { name: 'net.inet.tcp.recvbuf_max', value: MIB16 },
        // The guest loads tcp_bbr first and sets this only where functions_available lists bbr.
        { name: 'net.inet.tcp.functions_default', value: 'bbr' },
      ],
    },
    netbsd: {
      sysctls: [
        { name: 'kern.sbmax', value: NETBSD_SBMAX },
        { name: 'net.inet.tcp.sendbuf_max', value: MIB16 },
        { name: 'net.inet.tcp.recvbuf_max', value: MIB16 },
      ],
      missing: ['BBR: NetBSD has no BBR congestion control; net.inet.tcp.congctl.selected stays as it boots'],
    },
    openbsd: {
      sysctls: [
        { name: 'net.inet.tcp.sendspace', value: OPENBSD_SB_MAX },
        { name: 'net.inet.tcp.recvspace', value: OPENBSD_SB_MAX },
      ],
      missing: [
        '16 MiB buffers: OpenBSD caps socket buffers at 2 MiB (SB_MAX, compiled in)',
        'BBR: OpenBSD has no pluggable congestion control',
      ],
    },
    dragonfly: {
      sysctls: [
        { name: 'kern.ipc.maxsockbuf', value: MAXSOCKBUF_FOR_16_MIB },
        { name: 'net.inet.tcp.sendbuf_max', value: MIB16 },
        { name: 'net.inet.tcp.recvbuf_max', value: MIB16 },
      ],
      missing: ['BBR: DragonFly BSD has no BBR congestion control'],
    },
  },
};

export function isBuiltinProfileName(name: string): name is BuiltinProfileName {
  return (BUILTIN_PROFILE_NAMES as readonly string[]).includes(name);
}
