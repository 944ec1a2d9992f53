import type { Environment } from '../../src/model/environment.js';
import { TESTBED_COMPONENTS, testbedDifferences, testbedKey } from '../../src/model/testbed.js';
import { environment } from '../baseline/sample-results.js';

describe('testbedKey', () => {
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
    expect(testbedKey(environment(change))).not.toBe(testbedKey(base));
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
    expect(testbedKey(environment(change))).toBe(testbedKey(base));
  });

  it('counts an unrecorded vCPU count as one vCPU', () => {
    expect(testbedKey(environment({ guestCpus: 1 }))).toBe(testbedKey(base));
  });

  it('uses the image hash instead of the kernel once it is recorded', () => {
    const image = environment({ guestImage: 'sha256:0123abcd' });
    expect(testbedKey({ ...image, guestKernel: 'other' })).toBe(testbedKey(image));
  });

  it('reads the major version of v-prefixed, pre-release and unusual versions', () => {
    const major = (nicgateVersion: string) => testbedKey(environment({ nicgateVersion }));
    expect(major('v2.3.1')).toBe(major('2.0.0-rc.1'));
    expect(major('2')).toBe(major('2.9.9'));
    expect(major('12.0.0')).not.toBe(major('1.2.0'));
    expect(major('dev')).not.toBe(major('0.1.0'));
  });

  it('cannot be made to collide by a separator inside a component', () => {
    const a = environment({ hostCpuModel: 'A","B', qemuVersion: 'C' });
    const b = environment({ hostCpuModel: 'A', qemuVersion: 'B","C' });
    expect(testbedKey(a)).not.toBe(testbedKey(b));
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
      'guest image',
    ]);
  });
});
