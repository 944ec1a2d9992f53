import { GUEST_CONTROL_PREFIX, parseGuestLine } from '../../src/guest/protocol.js';
import { INIT_SCRIPT } from '../../src/guest/linux/init-script.js';

describe('parseGuestLine', () => {
  it('uses the prefix the init script writes', () => {
    expect(GUEST_CONTROL_PREFIX).toBe('NICGATE:');
    expect(INIT_SCRIPT).toContain(`printf '${GUEST_CONTROL_PREFIX}%s:%s`);
  });

  it.each([
    ['NICGATE:kernel:6.1.0-56-amd64', { type: 'kernel', release: '6.1.0-56-amd64' }],
    ['NICGATE:iface:eth0', { type: 'iface', name: 'eth0' }],
    [
      'NICGATE:netem:qdisc netem 8001: root refcnt 2 limit 1000 delay 50ms',
      { type: 'netem', qdisc: 'qdisc netem 8001: root refcnt 2 limit 1000 delay 50ms' },
    ],
    ['NICGATE:ready:5201', { type: 'ready', port: 5201 }],
    [
      'NICGATE:error:cannot load module e1000.ko: insmod: ERROR: x',
      { type: 'error', message: 'cannot load module e1000.ko: insmod: ERROR: x' },
    ],
    [
      'NICGATE:sysctl:net.core.rmem_max=16777216',
      { type: 'sysctl', name: 'net.core.rmem_max', value: '16777216' },
    ],
    [
      'NICGATE:sysctl:net.ipv4.tcp_rmem=4096 131072 16777216 ',
      { type: 'sysctl', name: 'net.ipv4.tcp_rmem', value: '4096 131072 16777216' },
    ],
    ['NICGATE:sysctl:kernel.x=a=b', { type: 'sysctl', name: 'kernel.x', value: 'a=b' }],
    ['NICGATE:sysctl:kernel.x=', { type: 'sysctl', name: 'kernel.x', value: '' }],
    [
      'NICGATE:effective:net.ipv4.tcp_wmem=4096 16384 4194304',
      { type: 'effective', name: 'net.ipv4.tcp_wmem', value: '4096 16384 4194304' },
    ],
    ['NICGATE:skipped:net.ipv4.tcp_ecn_fallback', { type: 'skipped', name: 'net.ipv4.tcp_ecn_fallback' }],
  ])('parses %j', (line, event) => {
    expect(parseGuestLine(line)).toEqual(event);
  });

  it('ignores carriage returns and surrounding whitespace', () => {
    expect(parseGuestLine('NICGATE:ready:5201\r')).toEqual({ type: 'ready', port: 5201 });
    expect(parseGuestLine('\r\rNICGATE:iface:\reth0\r\n')).toEqual({ type: 'iface', name: 'eth0' });
    expect(parseGuestLine('  NICGATE:kernel:6.1.0  ')).toEqual({ type: 'kernel', release: '6.1.0' });
  });

  it('finds the prefix after noise earlier on the line', () => {
    expect(parseGuestLine('[    1.234567] random: crng init done NICGATE:ready:5201')).toEqual({
      type: 'ready',
      port: 5201,
    });
    expect(parseGuestLine('\u0000\u001b[0mNICGATE:iface:enp0s3')).toEqual({ type: 'iface', name: 'enp0s3' });
  });

  it.each([
    '',
    '   ',
    'Booting the kernel.',
    'NICGATE',
    'NICGATE:',
    'NICGATE:ready',
    'nicgate:ready:5201',
    'NICGATE:unknown:payload',
    'NICGATE::5201',
    'NICGATE :ready:5201',
  ])('ignores the garbage line %j', (line) => {
    expect(parseGuestLine(line)).toBeUndefined();
  });

  it.each(['NICGATE:ready:abc', 'NICGATE:ready:52.5', 'NICGATE:ready:5201x', 'NICGATE:ready:NaN'])(
    'ignores the malformed ready line %j',
    (line) => {
      expect(parseGuestLine(line)).toBeUndefined();
    },
  );

  it.each(['NICGATE:sysctl:no-equals-sign', 'NICGATE:sysctl:=16777216', 'NICGATE:sysctl:'])(
    'ignores the malformed sysctl line %j',
    (line) => {
      expect(parseGuestLine(line)).toBeUndefined();
    },
  );

  it('keeps colons inside the payload', () => {
    expect(parseGuestLine('NICGATE:error:sysctl a=b: refused')).toEqual({
      type: 'error',
      message: 'sysctl a=b: refused',
    });
  });
});
