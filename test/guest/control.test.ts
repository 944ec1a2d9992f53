import { TimeoutError } from '../../src/common/errors.js';
import {
  GuestError,
  guestReport,
  waitGuestEvent,
  waitGuestReady,
  type ControlPort,
} from '../../src/guest/control.js';
import { VmExitError, VmProcess } from '../../src/qemu/vm.js';
import { fakeSpawn } from '../proc/fakes.js';

describe('guestReport', () => {
  it('collects kernel, interface, netem and each sysctl from framed lines, ignoring noise', () => {
    expect(
      guestReport([
        'NICGATE:kernel:6.1.0-56-amd64',
        'random noise',
        'NICGATE:sysctl:net.core.rmem_max=16777216',
        'NICGATE:sysctl:net.ipv4.tcp_congestion_control=bbr\r',
        'NICGATE:skipped:net.ipv4.tcp_ecn_fallback',
        'NICGATE:iface:eth0',
        'NICGATE:netem:qdisc netem 8001: root',
        'NICGATE:effective:net.ipv4.tcp_wmem=4096\t16384 4194304',
        'NICGATE:effective:net.ipv4.tcp_congestion_control=bbr',
        'NICGATE:ready:5201',
      ]),
    ).toEqual({
      kernelRelease: '6.1.0-56-amd64',
      iface: 'eth0',
      netem: 'qdisc netem 8001: root',
      sysctls: [
        { name: 'net.core.rmem_max', value: '16777216' },
        { name: 'net.ipv4.tcp_congestion_control', value: 'bbr' },
      ],
      effective: [
        { name: 'net.ipv4.tcp_wmem', value: '4096\t16384 4194304' },
        { name: 'net.ipv4.tcp_congestion_control', value: 'bbr' },
      ],
      skipped: ['net.ipv4.tcp_ecn_fallback'],
    });
  });

  it('is empty for no lines', () => {
    expect(guestReport([])).toEqual({ sysctls: [], effective: [], skipped: [] });
  });
});

describe('waitGuestReady', () => {
  it('resolves at ready with the report and the seconds since QEMU started', async () => {
    const spawn = fakeSpawn();
    const vm = new VmProcess(['qemu'], spawn);
    // QEMU started 3 s before: the seconds lie between that and the time the wait ended.
    const startedAt = Date.now() - 3000;
    const port: ControlPort = {
      startedAt,
      get lines() {
        return vm.lines;
      },
      waitFor: (...args) => vm.waitFor(...args),
    };
    const ready = waitGuestReady(port, 1000);
    spawn.children[0]!.print('NICGATE:kernel:6.1', 'NICGATE:iface:eth0', 'NICGATE:ready:5201');
    const report = await ready;
    const ended = Date.now();
    expect(report).toMatchObject({ kernelRelease: '6.1', iface: 'eth0', sysctls: [] });
    expect(report.seconds).toBeGreaterThanOrEqual(3);
    expect(report.seconds).toBeLessThanOrEqual((ended - startedAt) / 1000);
  });

  it('turns the guest reporting an error into a GuestError', async () => {
    const spawn = fakeSpawn((child) => child.print('NICGATE:error:cannot load module e1000.ko'));
    await expect(waitGuestReady(new VmProcess(['qemu'], spawn), 1000)).rejects.toThrow(
      new GuestError('guest reported: cannot load module e1000.ko'),
    );
  });

  it('says the guest did not report in when QEMU ends first', async () => {
    const spawn = fakeSpawn((child) => child.exit({ code: 1, signal: null }));
    const error = await waitGuestReady(new VmProcess(['qemu'], spawn), 1000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VmExitError);
    expect((error as Error).message).toBe('QEMU exited with 1 before the guest reported in');
  });

  it('times out as a guest boot', async () => {
    const error = await waitGuestReady(new VmProcess(['qemu'], fakeSpawn()), 20).catch((e: unknown) => e);
    expect((error as TimeoutError).message).toBe(
      'guest boot (waiting for the guest to report in) did not finish within 0 s',
    );
  });
});

describe('waitGuestEvent', () => {
  it('waits for the event asked for and skips others', async () => {
    const spawn = fakeSpawn((child) => child.print('NICGATE:iface:eth0', 'NICGATE:kernel:6.1'));
    await expect(
      waitGuestEvent(new VmProcess(['qemu'], spawn), (event) => event.type === 'kernel', 1000),
    ).resolves.toEqual({ type: 'kernel', release: '6.1' });
  });
});

describe('control-port cost (issue 26)', () => {
  it('40,000 noise lines before ready: each line is looked at once by the wait', async () => {
    const spawn = fakeSpawn();
    const vm = new VmProcess(['qemu'], spawn);
    let looks = 0;
    const port: ControlPort = {
      startedAt: vm.startedAt,
      get lines() {
        return vm.lines;
      },
      waitFor: (pick, timeoutMs, labels) =>
        vm.waitFor(
          (line) => {
            looks += 1;
            return pick(line);
          },
          timeoutMs,
          labels,
        ),
    };
    const ready = waitGuestReady(port, 10_000);
    const child = spawn.children[0]!;
    for (let i = 0; i < 20_000; i += 1) child.print(`NICGATE:sysctl:net.core.n${i % 7}=${i}`, `noise ${i}`);
    child.print('NICGATE:ready:5201');
    const report = await ready;
    expect(report.sysctls).toHaveLength(20_000);
    expect(looks).toBe(40_001);
  });
});
