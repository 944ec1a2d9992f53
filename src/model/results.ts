// The results file: versioned JSON written after every run, read by `compare` and reports.
import type { Direction } from './plan.js';

export const RESULTS_SCHEMA_VERSION = 1;

export interface Environment {
  accelerator: 'kvm' | 'tcg';
  /** Why this accelerator: e.g. "auto: KVM probe timed out after 20 s". */
  acceleratorNote?: string;
  qemuVersion: string;
  hostCpuModel: string;
  hostKernel: string;
  iperf3Version: string;
  /** `uname -r` inside the guest, plus the package it came from. */
  guestKernel: string;
  guestKernelSource: string;
  nicgateVersion: string;
  timestamp: string;
  git?: { commit?: string; branch?: string };
}

export interface SampleDetail {
  /** Bits per second over the measured interval (omit seconds excluded). */
  bitsPerSecond: number;
  /** iperf3's own `end` summary for this repetition, kept as iperf3 wrote it. */
  iperf3End: unknown;
  retransmits?: number;
}

export interface ScenarioResult {
  key: string;
  guest: string;
  nic: string;
  profile: { name: string; source: string; sysctls: { name: string; value: string }[] };
  link: {
    name: string;
    spec: string;
    rttMs: number;
    lossPct: number;
    rateBitsPerSec: number;
    appliedAt: 'none' | 'host' | 'guest';
  };
  direction: Direction;
  streams: number;
  durationSec: number;
  omitSec: number;
  /** Bits per second, one per repetition. */
  samples: number[];
  sampleDetails: SampleDetail[];
  summary?: { median: number; min: number; max: number };
  /** Values read back inside the guest after applying the profile. */
  appliedSysctls: { name: string; value: string }[];
  bootSeconds?: number;
  wallSeconds?: number;
  error?: string;
}

export interface ResultsFile {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  environment: Environment;
  scenarios: ScenarioResult[];
}
