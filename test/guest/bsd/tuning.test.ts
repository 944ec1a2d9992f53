import { bsdTuningCommands, bsdTuningLines, bsdTuningSteps } from '../../../src/guest/bsd/tuning.js';
import { BSDS, type BsdName } from './bsds.js';

const tuned = (os: BsdName) => BSDS[os].os.builtinTuning.tuned.sysctls;

describe('BSD tuning steps', () => {
  it('FreeBSD: maxsockbuf before the buffer limits, tcp_bbr loaded before BBR is chosen, only where listed', () => {
    expect(bsdTuningLines(BSDS.freebsd.traits, tuned('freebsd'))).toEqual([
      'sysctl kern.ipc.maxsockbuf 18874368',
      'sysctl net.inet.tcp.sendbuf_max 16777216',
      'sysctl net.inet.tcp.recvbuf_max 16777216',
      'module tcp_bbr',
      'sysctl-listed net.inet.tcp.functions_available net.inet.tcp.functions_default bbr',
    ]);
    expect(bsdTuningCommands(BSDS.freebsd.traits, tuned('freebsd'))).toEqual([
      'sysctl kern.ipc.maxsockbuf=18874368',
      'sysctl net.inet.tcp.sendbuf_max=16777216',
      'sysctl net.inet.tcp.recvbuf_max=16777216',
      'kldload -n tcp_bbr',
      'sysctl net.inet.tcp.functions_default=bbr   (only where net.inet.tcp.functions_available lists bbr)',
    ]);
  });

  it('loads a module once however many sysctls need it, and none for other values', () => {
    const steps = bsdTuningSteps(BSDS.freebsd.traits, [
      { name: 'net.inet.tcp.functions_default', value: 'bbr' },
      { name: 'net.inet.tcp.functions_default', value: 'bbr' },
      { name: 'net.inet.tcp.functions_default', value: 'freebsd' },
    ]);
    expect(steps.filter((step) => step.kind === 'module')).toEqual([{ kind: 'module', name: 'tcp_bbr' }]);
    expect(steps[0]).toEqual({ kind: 'module', name: 'tcp_bbr' });
  });

  it('NetBSD: sbmax first; a chosen congestion control only where congctl.available lists it', () => {
    expect(bsdTuningLines(BSDS.netbsd.traits, tuned('netbsd'))[0]).toBe('sysctl kern.sbmax 33554432');
    expect(
      bsdTuningLines(BSDS.netbsd.traits, [{ name: 'net.inet.tcp.congctl.selected', value: 'cubic' }]),
    ).toEqual(['sysctl-listed net.inet.tcp.congctl.available net.inet.tcp.congctl.selected cubic']);
    expect(
      bsdTuningCommands(BSDS.netbsd.traits, [{ name: 'kern.sbmax', value: '1', ignoreMissing: true }]),
    ).toEqual(['sysctl kern.sbmax=1   (skipped where the kernel lacks it)']);
    expect(
      bsdTuningLines(BSDS.netbsd.traits, [{ name: 'kern.sbmax', value: '1', ignoreMissing: true }]),
    ).toEqual(['sysctl-optional kern.sbmax 1']);
  });

  it('OpenBSD and DragonFly: buffer knobs only, no module', () => {
    expect(bsdTuningLines(BSDS.openbsd.traits, tuned('openbsd'))).toEqual([
      'sysctl net.inet.tcp.sendspace 2097152',
      'sysctl net.inet.tcp.recvspace 2097152',
    ]);
    expect(
      bsdTuningSteps(BSDS.dragonfly.traits, tuned('dragonfly')).every((step) => step.kind === 'sysctl'),
    ).toBe(true);
  });

  it('refuses a value the hook could misread, as the Linux job does', () => {
    expect(() =>
      bsdTuningLines(BSDS.freebsd.traits, [{ name: 'kern.ipc.maxsockbuf', value: '1;reboot' }]),
    ).toThrow('unsafe sysctl value in guest job: "1;reboot"');
    expect(() => bsdTuningLines(BSDS.freebsd.traits, [{ name: 'kern ipc', value: '1' }])).toThrow(
      'unsafe sysctl name',
    );
  });
});
