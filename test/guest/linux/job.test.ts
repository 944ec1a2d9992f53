import { renderJob, type GuestJob } from '../../../src/guest/linux/job.js';

const job: GuestJob = {
  modules: ['virtio_ring.ko', 'virtio.ko', 'failover.ko', 'net_failover.ko', 'virtio_net.ko', 'tcp_bbr.ko'],
  sysctls: [
    { name: 'net.core.rmem_max', value: '16777216' },
    { name: 'net.ipv4.tcp_rmem', value: '4096 131072 16777216' },
    { name: 'net.ipv4.tcp_congestion_control', value: 'bbr' },
    { name: 'net.core.default_qdisc', value: 'fq' },
  ],
  address: '198.18.0.2/30',
  netem: ['delay', '50ms', 'loss', '0.1%', 'rate', '100mbit'],
  iperf3Port: 5201,
};

describe('renderJob', () => {
  it('renders one instruction per line in a fixed order, ending with a newline', () => {
    expect(renderJob(job)).toBe(
      [
        'module virtio_ring.ko',
        'module virtio.ko',
        'module failover.ko',
        'module net_failover.ko',
        'module virtio_net.ko',
        'module tcp_bbr.ko',
        'sysctl net.core.rmem_max 16777216',
        'sysctl net.ipv4.tcp_rmem 4096 131072 16777216',
        'sysctl net.ipv4.tcp_congestion_control bbr',
        'sysctl net.core.default_qdisc fq',
        'address 198.18.0.2/30',
        'shape qdisc replace dev IFACE root handle 1: prio bands 2 priomap 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1',
        'shape qdisc replace dev IFACE parent 1:2 handle 20: netem delay 50ms loss 0.1% rate 100mbit',
        'shape filter add dev IFACE parent 1: protocol ip prio 1 u32 match ip protocol 6 0xff match ip sport 5201 0xffff match ip dport 20480 0xf000 flowid 1:2',
        'shape filter add dev IFACE parent 1: protocol ip prio 2 u32 match ip protocol 6 0xff match ip sport 5201 0xffff flowid 1:1',
        'iperf3 5201',
        '',
      ].join('\n'),
    );
  });

  it('leaves out netem when there is none or it is empty', () => {
    const minimal = { modules: [], sysctls: [], address: '198.18.0.6/30', iperf3Port: 5202 };
    expect(renderJob(minimal)).toBe('address 198.18.0.6/30\niperf3 5202\n');
    expect(renderJob({ ...minimal, netem: [] })).toBe('address 198.18.0.6/30\niperf3 5202\n');
  });

  it('names the test NIC by its MAC address when given (a disk guest may have more than one NIC)', () => {
    const minimal = { modules: [], sysctls: [], address: '198.18.0.6/30', iperf3Port: 5202 };
    expect(renderJob({ ...minimal, mac: '52:54:00:00:00:02' })).toBe(
      'mac 52:54:00:00:00:02\naddress 198.18.0.6/30\niperf3 5202\n',
    );
    for (const mac of ['52:54:00:00:00:0G', '52:54:00:00:00', '52:54:00:00:00:02\n', 'AA:54:00:00:00:02'])
      expect(() => renderJob({ ...minimal, mac })).toThrow('unsafe MAC address in guest job');
  });

  it('accepts sysctl values with commas and the dash of a negative number', () => {
    const text = renderJob({
      ...job,
      sysctls: [
        { name: 'net.ipv4.ip_local_port_range', value: '1024 65000' },
        { name: 'net.ipv4.tcp_notsent_lowat', value: '-1' },
        { name: 'kernel.x', value: 'a,b' },
      ],
    });
    expect(text).toContain('sysctl net.ipv4.ip_local_port_range 1024 65000\n');
    expect(text).toContain('sysctl net.ipv4.tcp_notsent_lowat -1\n');
    expect(text).toContain('sysctl kernel.x a,b\n');
  });

  const unsafe = [
    '$(reboot)',
    '`reboot`',
    'a;reboot',
    'a|reboot',
    'a&reboot',
    'a\nreboot',
    'a\rb',
    '"quoted"',
    "'quoted'",
    'a>b',
    'a<b',
    '*',
    'a\\b',
    'a\tb',
    '${IFS}',
    '',
  ];

  it.each(unsafe)('rejects the unsafe sysctl value %j', (value) => {
    expect(() => renderJob({ ...job, sysctls: [{ name: 'net.core.rmem_max', value }] })).toThrow(
      `unsafe sysctl value in guest job: ${JSON.stringify(value)}`,
    );
  });

  it.each([...unsafe, 'a b', 'a,b'])('rejects the unsafe sysctl name %j', (name) => {
    expect(() => renderJob({ ...job, sysctls: [{ name, value: '1' }] })).toThrow(
      `unsafe sysctl name in guest job: ${JSON.stringify(name)}`,
    );
  });

  it.each([...unsafe, 'a b'])('rejects the unsafe module %j', (module) => {
    expect(() => renderJob({ ...job, modules: ['virtio.ko', module] })).toThrow(
      `unsafe module in guest job: ${JSON.stringify(module)}`,
    );
  });

  it.each([...unsafe, '198.18.0.2/30 dev lo'])('rejects the unsafe address %j', (address) => {
    expect(() => renderJob({ ...job, address })).toThrow(
      `unsafe address in guest job: ${JSON.stringify(address)}`,
    );
  });

  it.each([...unsafe, 'delay 50ms'])('rejects the unsafe netem word %j', (word) => {
    expect(() => renderJob({ ...job, netem: ['delay', word] })).toThrow(
      `unsafe tc argument in guest job: ${JSON.stringify(word)}`,
    );
  });

  it('writes a `-` (ignore if missing) sysctl with its own kind, and any other flag value is refused', () => {
    const text = renderJob({
      ...job,
      sysctls: [
        { name: 'net.a.b', value: '1', ignoreMissing: true },
        { name: 'net.a.c', value: '2', ignoreMissing: false },
      ],
    });
    expect(text).toContain('\nsysctl-optional net.a.b 1\nsysctl net.a.c 2\n');
    const forged = { name: 'net.a.b', value: '1', ignoreMissing: 'yes' as unknown as boolean };
    expect(() => renderJob({ ...job, sysctls: [forged] })).toThrow('invalid ignoreMissing flag in guest job');
  });

  it('asks the guest to report the sysctls named in `report`, each checked', () => {
    const text = renderJob({ ...job, report: ['net.ipv4.tcp_wmem', 'net.core.default_qdisc'] });
    expect(text).toMatch(/\nreport net\.ipv4\.tcp_wmem\nreport net\.core\.default_qdisc\niperf3 5201\n$/);
    expect(() => renderJob({ ...job, report: ['a;reboot'] })).toThrow('unsafe sysctl name in guest job');
  });

  it('rejects a value with a trailing newline (no multi-line regex escape)', () => {
    expect(() => renderJob({ ...job, address: '198.18.0.2/30\n' })).toThrow('unsafe address');
    expect(() => renderJob({ ...job, sysctls: [{ name: 'a', value: '1\n' }] })).toThrow(
      'unsafe sysctl value',
    );
  });
});
