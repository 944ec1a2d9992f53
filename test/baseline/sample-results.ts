// Results files for baseline tests, built in code so each test states only what it varies.
import { RESULTS_SCHEMA_VERSION, type ResultsFile, type ScenarioResult } from '../../src/model/results.js';
import { type Environment } from '../../src/model/environment.js';

export function environment(overrides: Partial<Environment> = {}): Environment {
  return {
    accelerator: 'kvm',
    qemuVersion: '8.2.2',
    hostCpuModel: 'AMD EPYC 7763 64-Core Processor',
    hostKernel: '6.8.0-1017-azure',
    iperf3Version: '3.16',
    guestKernel: '6.1.0-28-amd64',
    guestKernelSource: 'linux-image-6.1.0-28-amd64 6.1.119-1',
    nicgateVersion: '0.1.0',
    timestamp: '2025-02-01T10:00:00.000Z',
    ...overrides,
  };
}

export function scenario(
  key: string,
  samples: number[],
  overrides: Partial<ScenarioResult> = {},
): ScenarioResult {
  const [guest = 'linux', nic = 'virtio-net-pci', profile = 'tuned', link = 'lan', direction = 'send'] =
    key.split('/');
  return {
    key,
    guest,
    nic,
    profile: {
      name: profile,
      source: 'builtin',
      sysctls: [{ name: 'net.core.rmem_max', value: '16777216' }],
    },
    link: { name: link, spec: link, rttMs: 0, lossPct: 0, rateBitsPerSec: 0, appliedAt: 'none' },
    direction: direction === 'receive' ? 'receive' : 'send',
    streams: 1,
    durationSec: 5,
    omitSec: 1,
    samples,
    sampleDetails: samples.map((bitsPerSecond) => ({
      bitsPerSecond,
      iperf3End: { sum_received: { bits_per_second: bitsPerSecond } },
    })),
    appliedSysctls: [],
    ...overrides,
  };
}

export function results(scenarios: ScenarioResult[], env: Partial<Environment> = {}): ResultsFile {
  return { schemaVersion: RESULTS_SCHEMA_VERSION, environment: environment(env), scenarios };
}
