// The validated plan: scenarios (NIC × profile × link × direction) and how to measure them.
// The shapes every file reuses (sysctl, profile, link) are declared once here.
import { z } from 'zod';
import type { GuestName } from './guests.js';
import type { MetricGroup } from './metrics.js';

const DIRECTIONS = ['send', 'receive'] as const;
export const directionSchema = z.enum(DIRECTIONS);
/** `send`: the guest sends; `receive`: the guest receives. */
export type Direction = z.infer<typeof directionSchema>;

/** The accelerators a guest runs under, once `auto` is decided. */
export const ACCELERATORS = ['kvm', 'tcg'] as const;
export type Accelerator = (typeof ACCELERATORS)[number];
export const ACCELS = ['auto', ...ACCELERATORS] as const;
export type Accel = (typeof ACCELS)[number];

/** `auto`: the vCPU on a core of its own where there are two or more; `off`: the scheduler decides. */
export const PIN_MODES = ['auto', 'off'] as const;
export type PinMode = (typeof PIN_MODES)[number];
/** `restore`: guests start from a saved state (saved on first use); `cold`: every guest boots. */
export const GUEST_START_MODES = ['restore', 'cold'] as const;
export type GuestStartMode = (typeof GUEST_START_MODES)[number];

export const sysctlSchema = z.object({
  name: z.string(),
  value: z.string(),
  /** A sysctl.d line written `-name = value`: skipped, and recorded so, where the kernel lacks it. */
  ignoreMissing: z.boolean().optional(),
});
export type Sysctl = z.infer<typeof sysctlSchema>;

export const tuningProfileSchema = z.object({
  /** `stock`, `tuned`, or a user file's base name without extension. */
  name: z.string(),
  /** `builtin` or the path of the user's sysctl.conf-style file. */
  source: z.string(),
  /** The OS it is written for, by the name its guest/ folder gives it (`freebsd`); absent: Linux. */
  os: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/)
    .optional(),
  sysctls: z.array(sysctlSchema),
  /** A file's profile: the line (1-based) that sets each sysctl, by name; where a change is pointed at. */
  lines: z.record(z.string(), z.number().int().positive()).optional(),
  /** What the profile asks for that the guest's OS cannot do (a built-in profile on a BSD). */
  missing: z.array(z.string()).optional(),
});
export type TuningProfile = z.infer<typeof tuningProfileSchema>;

export const linkProfileSchema = z.object({
  /** Stable name used in scenario keys: `lan`, `rtt50ms`, `rtt50ms-loss0.1pct-rate100mbit`. */
  name: z.string(),
  /** The spec as the user wrote it, normalised. */
  spec: z.string(),
  rttMs: z.number().nonnegative(),
  lossPct: z.number().nonnegative(),
  /** Bits per second; 0 means unshaped. */
  rateBitsPerSec: z.number().nonnegative(),
});
export type LinkProfile = z.infer<typeof linkProfileSchema>;

export interface MeasureSettings {
  durationSec: number;
  omitSec: number;
  repetitions: number;
  streams: number;
  /** The metric groups each repetition measures, `throughput` first; absent: throughput alone. */
  metrics?: readonly MetricGroup[];
}

export interface Scenario {
  /** Stable identity, e.g. `linux/virtio-net-pci/tuned/rtt50ms/send`. */
  key: string;
  guest: GuestName;
  nic: string;
  profile: TuningProfile;
  link: LinkProfile;
  direction: Direction;
}

/** A user's own image (`--image`): one more guest of the plan, of the OS `--image-os` names. */
/** How a user's image is made ready: prepared once over SSH, or taken as it is (it carries the hook). */
export const IMAGE_PREPARE_MODES = ['auto', 'none'] as const;
export type ImagePrepareMode = (typeof IMAGE_PREPARE_MODES)[number];

export interface ImageGuest {
  /** Its short name: the guest segment of its scenario keys (`--image-name`, else the file's base name). */
  name: string;
  /** The OS folder (`linux`, `freebsd`) that supplies its machine, NIC drivers and tuning rows. */
  os: string;
  path: string;
  /** Told from the file's header, never from its name. */
  format: 'raw' | 'qcow2';
  /** The disk's size as the guest sees it (a raw image's file size). */
  virtualBytes: number;
  fileBytes: number;
  /** sha256 of the file's bytes: goes into the results' environment, so two images never share a baseline. */
  contentHash: string;
  /** Absent means `auto`. */
  prepare?: ImagePrepareMode;
}

export interface RunPlan {
  scenarios: Scenario[];
  measure: MeasureSettings;
  accel: Accel;
  pin: PinMode;
  guestStart: GuestStartMode;
  /** A user kernel image; undefined means the built-in pinned distro kernel. */
  kernel?: { image: string; modulesDir?: string };
  /** The user's own images among the guests (`--image`); absent when none is named. */
  images?: ImageGuest[];
  outPath: string;
  workDir: string;
}
