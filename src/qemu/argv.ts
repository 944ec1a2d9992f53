// QEMU command lines, built as data from small pure builders.
import type { Accelerator } from '../model/plan.js';

/** A disk the guest sees as a virtio-blk device, in the order given (vda, vdb, ...). */
export interface DriveSpec {
  file: string;
  format: 'raw' | 'qcow2';
  /** Writes go to a temporary overlay QEMU deletes on exit: the file itself never changes. */
  snapshot?: boolean;
  readOnly?: boolean;
  /**
   * The overlay's backing file, pinned here: QEMU opens this file with this format whatever the
   * qcow2 header names (a cached overlay is another job's file; guest/disk/image-header.ts checks
   * the header as well).
   */
  backing?: { file: string; format: 'raw' | 'qcow2' };
}

/**
 * What the guest boots from (the guest OS provides it): a kernel and initrd QEMU loads directly,
 * or disks the firmware boots through their own boot loader, as a BSD or a user's image does.
 */
/** A kernel and initrd QEMU loads itself, with the kernel's command line. */
export interface DirectKernel {
  kernel: string;
  initrd: string;
  append: string[];
}

export type BootSource =
  | ({ kind: 'kernel' } & DirectKernel)
  | {
      kind: 'disk';
      drives: DriveSpec[];
      /**
       * The disk's own kernel, loaded by QEMU instead of the disk's boot loader: a prepared user
       * image boots straight into nicgate's hook (`init=`), past its boot menu and init system.
       */
      direct?: DirectKernel;
    };

export interface VmSpec {
  binary?: string;
  accel: Accelerator;
  memoryMiB: number;
  cpus: number;
  boot: BootSource;
  /**
   * The descriptor QEMU inherits with the file that receives the guest console (ttyS0), which
   * nicgate created (console-file.ts): QEMU never opens the console log by its path.
   */
  consoleFd: number;
  /**
   * A prepare boot that types at the guest's console: ttyS0 on a unix socket QEMU serves (in the
   * run's 0700 scratch directory), still logged to `consoleFd`.
   */
  consoleSocket?: string;
  /**
   * The boot loader talks to the BIOS screen and keyboard only: SeaBIOS carries both over ttyS0
   * when the machine has no graphics (`-machine pc,graphics=off`).
   */
  biosOnConsole?: boolean;
  /** `vhost`: the tap's packets move through vhost-net (virtio-net only); else `vhost=off`, said. */
  nic?: { model: string; tap: string; mac: string; props?: Record<string, string>; vhost?: boolean };
  /** Unix socket for the QEMU monitor (QMP): how a guest is saved and a restore is watched. */
  qmp?: string;
  /** Start from a saved state read from this inherited file descriptor instead of booting. */
  incomingFd?: number;
  /**
   * A user-mode control NIC (prepare only: never during a measurement) whose guest port 22 is
   * forwarded to this port on the host's loopback; the guest reaches nothing else.
   */
  /**
   * A user-mode NIC for prepare, port 22 forwarded from the host's loopback. It reaches nothing
   * beyond the guest's own network unless `outbound` (a user's image installing iperf3 with its
   * package manager: then it reaches what the host reaches, the host's loopback included).
   */
  controlNic?: { model: string; hostPort: number; outbound?: boolean };
  /** UEFI firmware (an OVMF image) instead of QEMU's default BIOS, for guests that boot only so. */
  firmware?: string;
  /** CPU features switched off for this guest's kernel (`-cpu max,-pdpe1gb`). */
  cpuFeaturesOff?: readonly string[];
  /**
   * The `-cpu` model with its flags where the accelerator probe chose another than
   * cpuModelFor's (`host,-arch-capabilities`: qemu/accel.ts).
   */
  cpuModel?: string;
}

/** Where Debian's and Ubuntu's `ovmf` package puts the UEFI firmware. */
export const OVMF_FIRMWARE = '/usr/share/ovmf/OVMF.fd';

export const QEMU_BINARY = 'qemu-system-x86_64';

export const QEMU_MACHINE = 'pc';

/** The guest CPU: the host's own under KVM, QEMU's fullest model under TCG. */
export function cpuModelFor(accel: Accelerator): string {
  return accel === 'kvm' ? 'host' : 'max';
}

export function machineArgs(
  accel: Accelerator,
  memoryMiB: number,
  cpus: number,
  cpuFeaturesOff: readonly string[] = [],
  cpuModel: string = cpuModelFor(accel),
  biosOnConsole = false,
): string[] {
  return [
    '-machine',
    biosOnConsole ? `${QEMU_MACHINE},graphics=off` : QEMU_MACHINE,
    '-accel',
    accel === 'tcg' ? 'tcg,tb-size=256' : 'kvm',
    '-cpu',
    [cpuModel, ...cpuFeaturesOff.map((feature) => `-${feature}`)].join(','),
    '-smp',
    String(cpus),
    '-m',
    `${memoryMiB}M`,
  ];
}

function directKernelArgs(direct: DirectKernel): string[] {
  return ['-kernel', direct.kernel, '-initrd', direct.initrd, '-append', direct.append.join(' ')];
}

export function bootArgs(boot: BootSource): string[] {
  if (boot.kind === 'kernel') return directKernelArgs(boot);
  const drives = boot.drives.flatMap((drive) => [
    '-drive',
    keyValues({
      file: drive.file,
      if: 'virtio',
      format: drive.format,
      ...(drive.snapshot ? { snapshot: 'on' } : {}),
      ...(drive.readOnly ? { readonly: 'on' } : {}),
      ...(drive.backing
        ? {
            'backing.driver': drive.backing.format,
            // A plain file: never a protocol (`nbd:`, `json:`) that a name could pick.
            'backing.file.driver': 'file',
            'backing.file.filename': drive.backing.file,
          }
        : {}),
    }),
  ]);
  return boot.direct ? [...directKernelArgs(boot.direct), ...drives] : drives;
}

/** User-mode networking, restricted to the guest's own network unless outbound, port 22 forwarded from loopback. */
export function controlNicArgs(nic: NonNullable<VmSpec['controlNic']>): string[] {
  if (!Number.isInteger(nic.hostPort) || nic.hostPort < 1 || nic.hostPort > 65535)
    throw new Error(`invalid control port: ${nic.hostPort}`);
  return [
    '-netdev',
    `user,id=ctl,ipv6=off,restrict=${nic.outbound === true ? 'off' : 'on'},hostfwd=tcp:127.0.0.1:${nic.hostPort}-:22`,
    '-device',
    `${nic.model},netdev=ctl`,
  ];
}

/**
 * ttyS0 is the console, kept in a file for diagnosis; ttyS1 is the control channel on stdout. The
 * file is an inherited descriptor in an fd set (`-add-fd`), which the chardev opens as
 * `/dev/fdset/N`: QEMU's own open of a path (O_CREAT, links followed) would truncate whatever a
 * link planted at that path points to.
 */
export function serialArgs(consoleFd: number, consoleSocket?: string): string[] {
  if (!Number.isInteger(consoleFd) || consoleFd < 3)
    throw new Error(`invalid console descriptor: ${consoleFd}`);
  return [
    '-add-fd',
    `fd=${consoleFd},set=${consoleFd}`,
    '-chardev',
    consoleSocket === undefined
      ? `file,id=console,path=/dev/fdset/${consoleFd}`
      : // QEMU waits for nicgate to connect before the guest runs: no boot-menu text goes unread.
        `socket,id=console,path=${optionValue(consoleSocket)},server=on,wait=on,logfile=/dev/fdset/${consoleFd}`,
    '-serial',
    'chardev:console',
    '-serial',
    'stdio',
  ];
}

/** QEMU splits option strings at commas; a literal comma is written twice. */
export function optionValue(value: string): string {
  return value.replace(/,/g, ',,');
}

function keyValues(options: Record<string, string>): string {
  return Object.entries(options)
    .map(([key, value]) => `${key}=${optionValue(value)}`)
    .join(',');
}

export function nicArgs(nic: NonNullable<VmSpec['nic']>): string[] {
  return [
    '-netdev',
    `tap,${keyValues({ id: 'net0', ifname: nic.tap, script: 'no', downscript: 'no', vhost: nic.vhost === true ? 'on' : 'off' })}`,
    '-device',
    `${nic.model},${keyValues({ netdev: 'net0', mac: nic.mac, ...(nic.props ?? {}) })}`,
  ];
}

/** The monitor on a unix socket QEMU creates and does not wait on. */
export function qmpArgs(socketPath: string): string[] {
  return ['-qmp', `unix:${optionValue(socketPath)},server=on,wait=off`];
}

/** A saved state read from an inherited descriptor (`-incoming fd:N`); the guest runs once it is loaded. */
export function incomingArgs(fd: number): string[] {
  if (!Number.isInteger(fd) || fd < 3) throw new Error(`invalid descriptor for -incoming: ${fd}`);
  return ['-incoming', `fd:${fd}`];
}

export function buildQemuArgv(spec: VmSpec): string[] {
  return [
    spec.binary ?? QEMU_BINARY,
    '-nodefaults',
    '-no-user-config',
    '-display',
    'none',
    '-no-reboot',
    // Named threads ("CPU 0/TCG"): how the engine finds the vCPU thread to pin it.
    '-name',
    'nicgate,debug-threads=on',
    ...machineArgs(
      spec.accel,
      spec.memoryMiB,
      spec.cpus,
      spec.cpuFeaturesOff,
      spec.cpuModel,
      spec.biosOnConsole,
    ),
    ...(spec.firmware === undefined ? [] : ['-bios', spec.firmware]),
    ...bootArgs(spec.boot),
    ...serialArgs(spec.consoleFd, spec.consoleSocket),
    ...(spec.nic ? nicArgs(spec.nic) : []),
    ...(spec.controlNic ? controlNicArgs(spec.controlNic) : []),
    ...(spec.nic || spec.controlNic ? [] : ['-nic', 'none']),
    ...(spec.qmp ? qmpArgs(spec.qmp) : []),
    ...(spec.incomingFd === undefined ? [] : incomingArgs(spec.incomingFd)),
  ];
}
