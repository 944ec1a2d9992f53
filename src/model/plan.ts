// Shared data shapes of the pipeline: plan -> scenarios -> samples -> results.

export type Direction = 'send' | 'receive';
export type Accel = 'auto' | 'kvm' | 'tcg';

export interface Sysctl {
  name: string;
  value: string;
}

export interface TuningProfile {
  /** `stock`, `tuned`, or a user file's base name without extension. */
  name: string;
  /** `builtin` or the path of the user's sysctl.conf-style file. */
  source: string;
  sysctls: Sysctl[];
}

export interface LinkProfile {
  /** Stable name used in scenario keys: `lan`, `rtt50ms`, `rtt50ms-loss0.1pct-rate100mbit`. */
  name: string;
  /** The spec as the user wrote it, normalised. */
  spec: string;
  rttMs: number;
  lossPct: number;
  /** Bits per second; 0 means unshaped. */
  rateBitsPerSec: number;
}

export interface MeasureSettings {
  durationSec: number;
  omitSec: number;
  repetitions: number;
  streams: number;
}

export interface Scenario {
  /** Stable identity, e.g. `linux/virtio-net-pci/tuned/rtt50ms/send`. */
  key: string;
  guest: 'linux';
  nic: string;
  profile: TuningProfile;
  link: LinkProfile;
  direction: Direction;
}

export interface RunPlan {
  scenarios: Scenario[];
  measure: MeasureSettings;
  accel: Accel;
  /** A user kernel image; undefined means the built-in pinned distro kernel. */
  kernel?: { image: string; modulesDir?: string };
  outPath: string;
  workDir: string;
}
