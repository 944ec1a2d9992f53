import { BUILTIN_TUNING } from '../../src/config/builtin-tuning.js';
import { OS_FAMILIES } from '../../src/model/os-family.js';

const value = (os: keyof typeof BUILTIN_TUNING.tuned, name: string): number =>
  Number(BUILTIN_TUNING.tuned[os].sysctls.find((sysctl) => sysctl.name === name)?.value);
const names = (os: keyof typeof BUILTIN_TUNING.tuned): string[] =>
  BUILTIN_TUNING.tuned[os].sysctls.map((sysctl) => sysctl.name);

const MIB16 = 16 * 1024 * 1024;

describe('the built-in profiles per OS', () => {
  it('has a stock row that sets nothing and a tuned row for every OS', () => {
    for (const os of OS_FAMILIES) {
      expect(BUILTIN_TUNING.stock[os].sysctls).toEqual([]);
      expect(BUILTIN_TUNING.tuned[os].sysctls.length).toBeGreaterThan(0);
    }
  });

  it('FreeBSD and DragonFly: maxsockbuf comes first and, times 2048/2304, still allows 16 MiB buffers', () => {
    for (const os of ['freebsd', 'dragonfly'] as const) {
      expect(names(os)[0]).toBe('kern.ipc.maxsockbuf');
      expect(Math.floor((value(os, 'kern.ipc.maxsockbuf') * 2048) / 2304)).toBeGreaterThanOrEqual(MIB16);
      expect(value(os, 'net.inet.tcp.sendbuf_max')).toBe(MIB16);
      expect(value(os, 'net.inet.tcp.recvbuf_max')).toBe(MIB16);
    }
  });

  it('NetBSD: sbmax first and above the buffer limits; BBR said to be missing', () => {
    expect(names('netbsd')[0]).toBe('kern.sbmax');
    expect(value('netbsd', 'kern.sbmax')).toBeGreaterThan(value('netbsd', 'net.inet.tcp.sendbuf_max'));
    expect(BUILTIN_TUNING.tuned.netbsd.missing?.join(' ')).toContain('no BBR');
  });

  it('OpenBSD: nothing above its 2 MiB SB_MAX, and both gaps named', () => {
    for (const sysctl of BUILTIN_TUNING.tuned.openbsd.sysctls)
      expect(Number(sysctl.value)).toBeLessThanOrEqual(2 ** 21);
    expect(BUILTIN_TUNING.tuned.openbsd.missing).toHaveLength(2);
  });

  it('Linux: 16 MiB buffers and BBR, nothing missing', () => {
    expect(value('linux', 'net.core.rmem_max')).toBe(MIB16);
    expect(BUILTIN_TUNING.tuned.linux.sysctls.at(-1)).toEqual({
      name: 'net.ipv4.tcp_congestion_control',
      value: 'bbr',
    });
    expect(BUILTIN_TUNING.tuned.linux.missing).toBeUndefined();
  });
});
