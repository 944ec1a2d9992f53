import type { Environment } from '../../src/model/environment.js';
import { TESTBED_COMPONENTS, testbedDifferences } from '../../src/model/testbed.js';
import { environment } from '../baseline/sample-results.js';

/** Whether runs in these two environments share a testbed (no component differs). */
const sameTestbed = (a: Environment, b: Environment): boolean => testbedDifferences(a, b).length === 0;

describe('the testbed', () => {
  const base = environment();

  it.each<[string, Partial<Environment>]>([
    ['accelerator', { accelerator: 'tcg' }],
    ['host CPU model', { hostCpuModel: 'Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz' }],
    ['guest vCPUs', { guestCpus: 2 }],
    ['QEMU version', { qemuVersion: '9.0.2' }],
    ['guest image', { guestImage: 'sha256:0123abcd' }],
    ['guest kernel (without an image hash)', { guestKernel: '6.1.0-29-amd64' }],
    [
      'guest kernel package (without an image hash)',
      { guestKernelSource: 'linux-image-6.1.0-28-amd64 6.1.119-2' },
    ],
    ['nicgate major version', { nicgateVersion: '1.0.0' }],
  ])('changes with the %s', (_name, change) => {
    expect(sameTestbed(environment(change), base)).toBe(false);
  });

  it.each<[string, Partial<Environment>]>([
    ['host kernel', { hostKernel: '6.11.0-1001-azure' }],
    ['iperf3', { iperf3Version: '3.17' }],
    ['nicgate minor and patch version', { nicgateVersion: '0.9.4' }],
    ['time', { timestamp: '2026-01-01T00:00:00.000Z' }],
    ['commit', { git: { commit: 'abc', branch: 'main' } }],
    ['accelerator note', { acceleratorNote: 'auto chose kvm' }],
    ['pinning', { pinning: 'vCPU on core 1, peer on core 0' }],
    ['host probe', { hostProbe: { cpuScore: 1234 } }],
  ])('does not change with the %s', (_name, change) => {
    expect(sameTestbed(environment(change), base)).toBe(true);
  });

  it('counts an unrecorded vCPU count as one vCPU', () => {
    expect(sameTestbed(environment({ guestCpus: 1 }), base)).toBe(true);
  });

  it('uses the image hash instead of the kernel once it is recorded', () => {
    const image = environment({ guestImage: 'sha256:0123abcd' });
    expect(sameTestbed({ ...image, guestKernel: 'other' }, image)).toBe(true);
  });

  it('reads the major version of v-prefixed, pre-release and unusual versions', () => {
    const at = (nicgateVersion: string) => environment({ nicgateVersion });
    expect(sameTestbed(at('v2.3.1'), at('2.0.0-rc.1'))).toBe(true);
    expect(sameTestbed(at('2'), at('2.9.9'))).toBe(true);
    expect(sameTestbed(at('12.0.0'), at('1.2.0'))).toBe(false);
    expect(sameTestbed(at('dev'), at('0.1.0'))).toBe(false);
  });

  it('cannot be made to collide by a separator inside a component', () => {
    const a = environment({ hostCpuModel: 'A","B', qemuVersion: 'C' });
    const b = environment({ hostCpuModel: 'A', qemuVersion: 'B","C' });
    expect(sameTestbed(a, b)).toBe(false);
  });
});

describe('testbedDifferences', () => {
  it('names each differing component, from the earlier run to this one', () => {
    const before = environment();
    const now = environment({ hostCpuModel: 'Intel Xeon', guestCpus: 2 });
    expect(testbedDifferences(before, now)).toEqual([
      'host CPU AMD EPYC 7763 64-Core Processor → Intel Xeon',
      'guest vCPUs 1 → 2',
    ]);
    expect(testbedDifferences(before, before)).toEqual([]);
  });

  it('lets the accelerator and the guest through when environment changes are allowed', () => {
    const now = environment({ accelerator: 'tcg', guestKernel: '6.12', qemuVersion: '9.0' });
    expect(testbedDifferences(environment(), now, { allowEnvironmentChange: true })).toEqual([
      'QEMU 8.2.2 → 9.0',
    ]);
    expect(testbedDifferences(environment(), now)).toHaveLength(3);
    expect(TESTBED_COMPONENTS.filter((c) => c.allowable).map((c) => c.label)).toEqual([
      'accelerator',
      'vhost-net',
      'guest image',
    ]);
  });

  it('sets aside runs with other CPU flags or vhost-net, unless environment changes are allowed', () => {
    const kvm = environment({ accelerator: 'kvm' });
    const now = environment({ accelerator: 'kvm', qemuCpu: 'host,-arch-capabilities', vhostNet: 'on' });
    expect(testbedDifferences(kvm, now)).toEqual([
      'accelerator kvm → kvm -cpu host,-arch-capabilities',
      'vhost-net off → on',
    ]);
    expect(testbedDifferences(kvm, now, { allowEnvironmentChange: true })).toEqual([]);
  });
});
