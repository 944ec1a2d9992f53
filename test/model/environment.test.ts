import { checkEnvironment } from '../../src/model/environment.js';
import { type Environment } from '../../src/model/environment.js';

const env: Environment = {
  accelerator: 'tcg',
  qemuVersion: 'QEMU emulator version 7.2.19',
  hostCpuModel: 'AMD EPYC',
  hostKernel: '6.1.0',
  iperf3Version: 'iperf 3.12',
  guestKernel: '6.1.0-56-amd64',
  guestKernelSource: 'linux-image-6.1.0-56-amd64 6.1.192-2',
  nicgateVersion: '0.1.0',
  timestamp: '2026-11-24T00:00:00Z',
};

describe('checkEnvironment', () => {
  it('finds nothing between equal environments (timestamps differ)', () => {
    expect(checkEnvironment(env, { ...env, timestamp: 'later' })).toEqual({ blocking: [], notes: [] });
  });

  it('blocks on accelerator and guest kernel changes', () => {
    const check = checkEnvironment(env, { ...env, accelerator: 'kvm', guestKernel: '6.12.0' });
    expect(check.blocking).toEqual(['accelerator tcg → kvm', 'guest kernel 6.1.0-56-amd64 → 6.12.0']);
  });

  it('notes QEMU and CPU changes without blocking', () => {
    const check = checkEnvironment(env, { ...env, hostCpuModel: 'Intel Xeon' });
    expect(check.blocking).toEqual([]);
    expect(check.notes).toEqual(['host CPU AMD EPYC → Intel Xeon']);
  });

  it('blocks on other CPU flags under the same accelerator, earlier runs reading as the usual -cpu', () => {
    const kvm: Environment = { ...env, accelerator: 'kvm' };
    const retried: Environment = { ...kvm, qemuCpu: 'host,-arch-capabilities' };
    expect(checkEnvironment(kvm, retried).blocking).toEqual([
      'accelerator kvm → kvm -cpu host,-arch-capabilities',
    ]);
    expect(checkEnvironment(kvm, { ...kvm, qemuCpu: 'host' }).blocking).toEqual([]);
    expect(checkEnvironment(env, { ...env, qemuCpu: 'max' }).blocking).toEqual([]);
  });

  it('blocks on vhost-net switched on, earlier runs reading as off', () => {
    expect(checkEnvironment(env, { ...env, vhostNet: 'on' }).blocking).toEqual(['vhost-net off → on']);
    expect(checkEnvironment(env, { ...env, vhostNet: 'off' }).blocking).toEqual([]);
  });
});
