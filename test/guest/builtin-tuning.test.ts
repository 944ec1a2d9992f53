import { GUEST_CATALOG } from '../../src/guest/registry.js';

const tuned = (os: string) => GUEST_CATALOG.oses.find((known) => known.name === os)!.builtinTuning.tuned;
const value = (os: string, name: string): number =>
  Number(tuned(os).sysctls.find((sysctl) => sysctl.name === name)?.value);
const names = (os: string): string[] => tuned(os).sysctls.map((sysctl) => sysctl.name);

const MIB16 = 16 * 1024 * 1024;

describe('the built-in profiles per OS', () => {
  it('has a stock row that sets nothing and a tuned row for every OS', () => {
    expect(GUEST_CATALOG.oses.map((os) => os.name)).toEqual([
      'linux',
      'freebsd',
      'netbsd',
      'openbsd',
      'dragonfly',
    ]);
    for (const os of GUEST_CATALOG.oses) {
      expect(os.builtinTuning.stock.sysctls).toEqual([]);
      expect(os.builtinTuning.tuned.sysctls.length).toBeGreaterThan(0);
    }
  });

  it('FreeBSD and DragonFly: maxsockbuf comes first and, times 2048/2304, still allows 16 MiB buffers', () => {
    for (const os of ['freebsd', 'dragonfly']) {
      expect(names(os)[0]).toBe('kern.ipc.maxsockbuf');
      expect(Math.floor((value(os, 'kern.ipc.maxsockbuf') * 2048) / 2304)).toBeGreaterThanOrEqual(MIB16);
      expect(value(os, 'net.inet.tcp.sendbuf_max')).toBe(MIB16);
      expect(value(os, 'net.inet.tcp.recvbuf_max')).toBe(MIB16);
    }
  });

  it('NetBSD: sbmax first and above the buffer limits; BBR said to be missing', () => {
    expect(names('netbsd')[0]).toBe('kern.sbmax');
    expect(value('netbsd', 'kern.sbmax')).toBeGreaterThan(value('netbsd', 'net.inet.tcp.sendbuf_max'));
    expect(tuned('netbsd').missing?.join(' ')).toContain('no BBR');
  });

  it('OpenBSD: nothing above its 2 MiB SB_MAX, and both gaps named', () => {
    for (const sysctl of tuned('openbsd').sysctls) expect(Number(sysctl.value)).toBeLessThanOrEqual(2 ** 21);
    expect(tuned('openbsd').missing).toHaveLength(2);
  });

  it('Linux: 16 MiB buffers and BBR, nothing missing', () => {
    expect(value('linux', 'net.core.rmem_max')).toBe(MIB16);
    expect(tuned('linux').sysctls.at(-1)).toEqual({
      name: 'net.ipv4.tcp_congestion_control',
      value: 'bbr',
    });
    expect(tuned('linux').missing).toBeUndefined();
  });
});
