import { readFileSync } from 'node:fs';
import { parseLdd } from '../../../src/guest/linux/ldd.js';

// Recorded on Debian 12: `ldd /usr/bin/iperf3`, `ldd /usr/sbin/tc`, `ldd /bin/busybox 2>&1` (static).
const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/ldd/${name}.txt`, import.meta.url), 'utf8');

describe('parseLdd', () => {
  it('lists the libraries and the loader of iperf3, without the vDSO', () => {
    expect(parseLdd(fixture('iperf3'))).toEqual([
      '/lib/x86_64-linux-gnu/libiperf.so.0',
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib/x86_64-linux-gnu/libcrypto.so.3',
      '/lib/x86_64-linux-gnu/libsctp.so.1',
      '/lib/x86_64-linux-gnu/libm.so.6',
      '/lib64/ld-linux-x86-64.so.2',
    ]);
  });

  it('lists every library of tc, including one after the loader line', () => {
    const libs = parseLdd(fixture('tc'));
    expect(libs).toHaveLength(11);
    expect(libs).toContain('/lib64/ld-linux-x86-64.so.2');
    expect(libs).toContain('/lib/x86_64-linux-gnu/libmd.so.0');
    expect(libs).toContain('/lib/x86_64-linux-gnu/libbpf.so.1');
    expect(libs.every((lib) => lib.startsWith('/'))).toBe(true);
    expect(libs.some((lib) => lib.includes('vdso'))).toBe(false);
  });

  it('returns nothing for a static binary', () => {
    expect(fixture('busybox-static')).toContain('not a dynamic executable');
    expect(parseLdd(fixture('busybox-static'))).toEqual([]);
    expect(parseLdd('')).toEqual([]);
  });

  it('reads the resolved path when the loader is listed with an arrow', () => {
    expect(
      parseLdd(
        '\tlibc.so.6 => /usr/lib/libc.so.6 (0x00007f0000000000)\n\t/lib64/ld-linux-x86-64.so.2 => /usr/lib64/ld-linux-x86-64.so.2 (0x00007f0000001000)\n',
      ),
    ).toEqual(['/usr/lib/libc.so.6', '/usr/lib64/ld-linux-x86-64.so.2']);
  });

  it('does not invent a path for a library that is not found', () => {
    expect(parseLdd('\tlibmissing.so.1 => not found\n\tlibc.so.6 => /lib/libc.so.6 (0x1)\n')).toEqual([
      '/lib/libc.so.6',
    ]);
  });
});
