// QEMU command lines, built as data from small pure builders.

export interface VmSpec {
  binary?: string;
  accel: 'kvm' | 'tcg';
  memoryMiB: number;
  cpus: number;
  /** What the guest boots from (the guest OS provides these). */
  kernel: string;
  initrd: string;
  /** Kernel command line words. */
  append: string[];
  /** File that receives the guest console (ttyS0). */
  consoleLog: string;
  nic?: { model: string; tap: string; mac: string; props?: Record<string, string> };
  /** Unix socket for the QEMU monitor (QMP): how a guest is saved and a restore is watched. */
  qmp?: string;
  /** Start from a saved state read from this inherited file descriptor instead of booting. */
  incomingFd?: number;
}

export const QEMU_BINARY = 'qemu-system-x86_64';

export const QEMU_MACHINE = 'pc';

/** The guest CPU: the host's own under KVM, QEMU's fullest model under TCG. */
export function cpuModelFor(accel: 'kvm' | 'tcg'): string {
  return accel === 'kvm' ? 'host' : 'max';
}

export function machineArgs(accel: 'kvm' | 'tcg', memoryMiB: number, cpus: number): string[] {
  return [
    '-machine',
    QEMU_MACHINE,
    '-accel',
    accel === 'tcg' ? 'tcg,tb-size=256' : 'kvm',
    '-cpu',
    cpuModelFor(accel),
    '-smp',
    String(cpus),
    '-m',
    `${memoryMiB}M`,
  ];
}

export function bootArgs(kernel: string, initrd: string, append: readonly string[]): string[] {
  return ['-kernel', kernel, '-initrd', initrd, '-append', append.join(' ')];
}

/** ttyS0 is the console, kept in a file for diagnosis; ttyS1 is the control channel on stdout. */
export function serialArgs(consoleLog: string): string[] {
  return [
    '-chardev',
    `file,id=console,path=${optionValue(consoleLog)}`,
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
    `tap,${keyValues({ id: 'net0', ifname: nic.tap, script: 'no', downscript: 'no' })}`,
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
    ...machineArgs(spec.accel, spec.memoryMiB, spec.cpus),
    ...bootArgs(spec.kernel, spec.initrd, spec.append),
    ...serialArgs(spec.consoleLog),
    ...(spec.nic ? nicArgs(spec.nic) : ['-nic', 'none']),
    ...(spec.qmp ? qmpArgs(spec.qmp) : []),
    ...(spec.incomingFd === undefined ? [] : incomingArgs(spec.incomingFd)),
  ];
}
