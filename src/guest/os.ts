// The seam where a guest operating system plugs in: a record of functions, one per thing the
// engine needs from a guest. linux/os.ts is the first; a disk-image guest would be another.
import type { Sysctl } from '../model/plan.js';
import type { Exec } from '../proc/exec.js';
import type { BootSource } from '../qemu/argv.js';
import type { Spawn } from '../proc/spawn.js';
import type { GuestName } from '../model/guests.js';
import type { OsFamily } from '../model/os-family.js';

/** Where the guest comes from: the built-in distro kernel, or the user's (`--kernel`). */
export interface ImageRequest {
  cacheDir: string;
  kernel?: { image: string; modulesDir?: string };
  /** For a guest whose image is prepared by booting it once (disk images): how to run that boot. */
  prepare?: PrepareHost;
}

/** What a prepare boot needs from the run: an accelerator, a spawner, a console log, the ledger. */
export interface PrepareHost {
  accel: 'kvm' | 'tcg';
  spawn: Spawn;
  consoleLog: string;
  /** Records the prepare QEMU in the run's ledger while it runs, so teardown ends it after a crash. */
  track: (pid: number, argv: readonly string[]) => void;
  untrack: (pid: number) => void;
  /** Says why a cached file was not used (a prepared overlay refused, made again). */
  warn?: (message: string) => void;
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
}

export interface GuestOs {
  /** The scenario's `guest` value. */
  name: GuestName;
  /** The OS it runs: picks NIC drivers, device quirks and the machine QEMU gives it. */
  os: OsFamily;
  /** For messages: `preparing the Linux guest image`. */
  label: string;
  /** Builds the image, or reuses a cached one with the same content. */
  prepareImage(request: ImageRequest, exec: Exec): Promise<GuestImage>;
  /** The driver(s) this OS loads for a NIC model. */
  nicDrivers(model: string): string[];
  /** How a tuning profile reads in this OS (Linux: its job's `sysctl <name> <value>` lines; a BSD: the commands it runs). */
  tuning(sysctls: readonly Sysctl[]): string[];
  /**
   * What a boot starts from, with placeholders (`<cache>`, `<scratch>`) for the paths a run fills
   * in: `nicgate plan` shows it without building anything. Pure.
   */
  bootPreview(index: number): BootSource;
}
