// What the BSD guests' shared code (tuning.ts, job.ts, hook.ts) needs of each BSD: how it loads
// a kernel module, which sysctl values need a module or are valid only where another sysctl lists
// them, its second serial port (the control port) and its job disk. Each BSD's folder under
// guest/ fills one in; from the manual pages and the sources, none of it run yet (no BSD image can
// be fetched where nicgate is developed).

export interface BsdTraits {
  /** The OS's name, as its OperatingSystem has it (`freebsd`). */
  name: string;
  /** The command that loads a kernel module, without the module's name. */
  moduleLoad: readonly string[];
  /** `name=value` → the module to load before setting it. */
  sysctlModules: Readonly<Record<string, string>>;
  /** A sysctl whose value must be listed (space or comma separated) in another one first. */
  listedIn: Readonly<Record<string, string>>;
  /** The guest's device for QEMU's second serial port, where the framed events go. */
  controlDevice: string;
  /** The raw device of the second virtio-blk disk: the job disk, a tar archive. */
  jobDevice: string;
  /** TCP knobs read back and reported for every profile, as the Linux guest reports its own. */
  tcpKnobs: readonly string[];
}
