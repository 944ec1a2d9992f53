// The seam where a guest operating system plugs in. An OS is a folder under guest/ and a line in
// guest/registry.ts. Its `OperatingSystem` is what nicgate knows of the OS whichever image of it
// boots: the machine QEMU gives it, its NIC drivers, its `stock` and `tuned` rows and how it
// applies a profile. Each `GuestOs` is an image of it that a scenario names (`linux`,
// `debian-12`, `freebsd-14.3`): how it is built and prepared, what a boot starts from, what the
// Action's guest cache carries of it. The planner, the engine, `nicgate plan` and the Action read
// both through the registry (catalog.ts); none of them holds a table of OSes.
import type { Accelerator, Sysctl } from '../model/plan.js';
import type { Exec } from '../proc/exec.js';
import type { BootSource } from '../qemu/argv.js';
import type { Spawn } from '../proc/spawn.js';
import type { NicDriverTable } from '../nic/drivers.js';
import type { BuiltinTuning } from './builtin-tuning.js';
import type { CacheLayout } from './cache-layout.js';
import type { ImagePrepare } from './recipe/recipe.js';
import type { BsdTraits } from './bsd/traits.js';

/** Where the guest comes from: the built-in distro kernel, or the user's (`--kernel`). */
export interface ImageRequest {
  cacheDir: string;
  kernel?: { image: string; modulesDir?: string };
  /** For a guest whose image is prepared by booting it once (disk images): how to run that boot. */
  prepare?: PrepareHost;
  /**
   * Nothing will boot it (a paired run with every scenario unchanged): a guest that would need a
   * prepare boot describes itself instead, and its boots fail.
   */
  describeOnly?: boolean;
}

/** What a prepare boot needs from the run: an accelerator, a spawner, a console log, the ledger. */
export interface PrepareHost {
  accel: Accelerator;
  spawn: Spawn;
  consoleLog: string;
  /** Records the prepare QEMU in the run's ledger while it runs, so teardown ends it after a crash. */
  track: (pid: number, argv: readonly string[]) => void;
  untrack: (pid: number) => void;
  /** Says why a cached file was not used (a prepared overlay refused, made again). */
  warn?: (message: string) => void;
  /** The run's scratch directory (0700, removed by teardown): a user image's one-run key lives there. */
  scratchDir?: string;
}

/** What one boot of the guest needs, in no OS's terms. */
export interface BootJob {
  /** NIC model; undefined for a boot without a NIC (the accelerator probe), which loads nothing. */
  nic?: string;
  /** The tuning profile to apply before the link comes up. */
  sysctls: readonly Sysctl[];
  /** The guest's address in CIDR form, e.g. 198.18.0.2/30. */
  address: string;
  /** netem words to shape the guest's egress with; undefined when the guest shapes nothing. */
  netem?: readonly string[];
  /** Port of the guest's iperf3 server. */
  iperf3Port: number;
  /** The test NIC's MAC address, for guests that find their test interface by it. */
  mac?: string;
}

/** What one boot starts from (a kernel and initrd, or disks), plus the per-boot files to remove after. */
export interface BootMedia {
  boot: BootSource;
  files: string[];
}

/** A prepared (cached) guest image. */
export interface GuestImage {
  /** The guest kernel's release and where it came from, for the results' provenance. */
  kernelRelease: string;
  kernelSource: string;
  /** The image's content hash: part of the testbed key (two images measure alike only if equal). */
  contentHash: string;
  /** Writes the per-boot files carrying `job` at paths starting with `stem`; returns QEMU's boot arguments. */
  bootMedia(job: BootJob, stem: string): Promise<BootMedia>;
  /**
   * The boot files of a guest to be saved: it loads the drivers for `nic` (and everything a job
   * may need), reports `awaiting` and waits for its job on the control port. The same bytes on
   * every call, so a saved state restores against media equal to those it was saved with.
   */
  awaitingMedia(nic: string, stem: string): Promise<BootMedia>;
  /** `job` as sent over the control port to a waiting guest (restored, or just saved). */
  controlJob(job: BootJob): string;
  /** Whether guests of this image can be saved and restored (`--guest-start restore`). */
  canSave: boolean;
  /** How long a boot may take to report ready, where it is longer than a kernel to nicgate's init (an image's own init). */
  readyTimeoutMs?: { kvm: number; tcg: number };
}

/** The machine QEMU gives an OS, beyond what every guest gets. */
export interface MachineSettings {
  /** `uefi`: QEMU boots OVMF (images with no BIOS loader, as OpenBSD's). */
  firmware: 'bios' | 'uefi';
  /** CPU features switched off for its kernel (`-cpu max,-pdpe1gb`). */
  cpuFeaturesOff: readonly string[];
}

/** What nicgate knows of one operating system, whichever of its images a guest boots. */
export interface OperatingSystem {
  /** Its name as a profile file names it (`# nicgate: os=freebsd`). */
  name: string;
  /** For messages: `FreeBSD`. */
  label: string;
  machine: MachineSettings;
  /** The driver it uses for each NIC model, and what a model's device needs on it. */
  nics: NicDriverTable;
  /** What `stock` and `tuned` mean on it. */
  builtinTuning: BuiltinTuning;
  /** How a profile reads in it (Linux: its job's `sysctl <name> <value>` lines; a BSD: the commands it runs). Pure. */
  tuningLines(sysctls: readonly Sysctl[]): string[];
  /**
   * Whether it shapes its own egress with netem: then a link is shaped on both sides of the tap,
   * or in the guest alone where the host has no sch_netem (which refuses a run of any other OS).
   */
  shapesOwnLink: boolean;
  /** How prepare gets into a user's image of it (`--image-os`), where a recipe says so. */
  imagePrepare?: ImagePrepare;
  /** On a BSD: what its boot hook, job and install archive need of it (guest/bsd/). */
  bsdTraits?: BsdTraits;
}

export interface GuestOs {
  /** The scenario's `guest` value. */
  name: string;
  /** A bare OS name that means this guest, the newest release of its OS nicgate knows (`freebsd`). */
  alias?: string;
  /** The OS it runs. */
  os: OperatingSystem;
  /** For messages: `preparing the Linux guest image`. */
  label: string;
  /** What it is, in `nicgate plan`: `Debian 12 (disk image)`. */
  title: string;
  /** `initramfs`: QEMU loads a kernel and initrd; `disk-image`: firmware boots a disk. */
  boot: 'initramfs' | 'disk-image';
  /** Why it cannot be run yet, where it cannot: `nicgate plan` shows it, a run refuses it before anything boots. */
  notRunnable?: string;
  /** The folders of `<work-dir>/cache` it keeps, which the Action's guest cache carries (guests may share one). */
  cacheLayouts: readonly CacheLayout[];
  /** Builds the image, or reuses a cached one with the same content. */
  prepareImage(request: ImageRequest, exec: Exec): Promise<GuestImage>;
  /**
   * What a boot starts from, with placeholders (`<cache>`, `<scratch>`) for the paths a run fills
   * in: `nicgate plan` shows it without building anything. Pure.
   */
  bootPreview(index: number): BootSource;
}
