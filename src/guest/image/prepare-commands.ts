// What prepare runs in a user's Linux image over SSH, and how it reads the answers. Every remote
// command is a constant: nothing the image says is ever put into a command, and what it says is
// validated before it reaches the host's files or QEMU's command line. Pure.
import { RunError } from '../../common/errors.js';
import {
  KERNEL_RELEASE_PATTERN,
  PACKAGE_MANAGER_NAMES,
  ROOT_ARG_PATTERN,
  type PackageManager,
} from '../../model/prepared-image.js';
import type { PrepareStepName } from '../recipe/recipe.js';
import { ONE_RUN_KEY_COMMENT } from './ssh-key.js';

/** The steps prepare names when one fails. */
export type PrepareStep = 'boot' | 'cloud-init' | 'SSH' | 'iperf3 install' | 'hook install';
/** A step of either prepare: a Linux image's, or a BSD recipe's (recipe/recipe.ts). */
export type ImagePrepareStep = PrepareStep | PrepareStepName;

/** A prepare that failed at `step`; the message says why, with the console's last lines. */
export class ImagePrepareError extends RunError {
  override readonly name = 'ImagePrepareError';
  constructor(
    readonly step: ImagePrepareStep,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Candidate kernel and initrd paths, newest conventions first (Debian/Ubuntu, Fedora/RHEL, Arch). */
const KERNEL_FILES = [
  '/boot/vmlinuz-$r',
  '/lib/modules/$r/vmlinuz',
  '/usr/lib/modules/$r/vmlinuz',
  '/boot/vmlinuz',
];
const INITRD_FILES = [
  '/boot/initrd.img-$r',
  '/boot/initramfs-$r.img',
  '/boot/initrd-$r',
  '/boot/initramfs-linux.img',
  '/boot/initrd.img',
];

function firstFile(candidates: readonly string[]): string {
  return `for f in ${candidates.map((c) => `"${c}"`).join(' ')}; do [ -f "$f" ] && { exec cat "$f"; }; done; exit 3`;
}

/** How each package manager installs iperf3 (model/prepared-image.ts names them, in order). */
export const PACKAGE_MANAGERS: Readonly<Record<PackageManager, string>> = {
  'apt-get':
    'export DEBIAN_FRONTEND=noninteractive; apt-get -o DPkg::Lock::Timeout=300 update -qq && apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends iperf3',
  dnf: 'dnf -y -q install iperf3',
  yum: 'yum -y -q install iperf3',
  zypper: 'zypper --non-interactive --quiet install iperf3',
  apk: 'apk add --no-cache iperf3',
  pacman: 'pacman -Sy --noconfirm iperf3',
};

export const IMAGE_COMMANDS = {
  /** Whether SSH lets the key in yet. */
  probe: 'true',
  /**
   * Until cloud-init is done with this boot: its later stages restart services (sshd among them)
   * and hold the package manager's lock. An image without cloud-init goes on at once.
   */
  settle: 'if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null 2>&1; fi; true',
  /** What the image is: one `key=value` per line (inspection below reads it). */
  inspect: [
    'echo "release=$(uname -r)"',
    'echo "cmdline=$(cat /proc/cmdline)"',
    'for t in ip tc iperf3 modprobe tar; do command -v "$t" >/dev/null 2>&1 && echo "tool=$t"; done',
    `for p in ${PACKAGE_MANAGER_NAMES.join(' ')}; do command -v "$p" >/dev/null 2>&1 && { echo "packages=$p"; break; }; done`,
    'true',
  ].join('; '),
  /** The hook's files, a tar archive on standard input. */
  installHook: 'tar -x -C / && sync',
  /** The running kernel and its initrd, as bytes on standard output. */
  kernel: `r=$(uname -r); ${firstFile(KERNEL_FILES)}`,
  initrd: `r=$(uname -r); ${firstFile(INITRD_FILES)}`,
  /**
   * The one-run key's line out of every authorized_keys cloud-init wrote, then off at once with
   * the file systems remounted read-only first (sysrq `u`): a clean journal, so no measurement boot
   * replays it, and no wait on the image's own shutdown.
   */
  powerOff: `for f in /root/.ssh/authorized_keys /home/*/.ssh/authorized_keys; do [ -f "$f" ] && sed -i '/ ${ONE_RUN_KEY_COMMENT}$/d' "$f"; done; sync; echo u > /proc/sysrq-trigger; sleep 1; poweroff -f`,
} as const;

export interface ImageInspection {
  kernelRelease: string;
  /** The root file system's arguments of the image's kernel command line (`root=UUID=...`). */
  rootArgs: string[];
  tools: Set<string>;
  packageManager?: PackageManager;
}

/** Reads the inspection's output; the image's answers are checked, never trusted. */
export function parseInspection(text: string): ImageInspection {
  const values = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at);
    values.set(key, [...(values.get(key) ?? []), line.slice(at + 1).trim()]);
  }
  const release = values.get('release')?.[0] ?? '';
  if (!KERNEL_RELEASE_PATTERN.test(release))
    throw new ImagePrepareError(
      'hook install',
      `the image's kernel release is not one nicgate can use: ${JSON.stringify(release.slice(0, 100))}`,
    );
  const cmdline = (values.get('cmdline')?.[0] ?? '').split(/\s+/);
  // The kernel takes the last of a repeated word; so does this.
  const byKey = new Map(
    cmdline
      .filter((word) => ROOT_ARG_PATTERN.test(word))
      .map((word) => [word.slice(0, word.indexOf('=')), word]),
  );
  const rootArgs = [...byKey.values()];
  if (!rootArgs.some((word) => word.startsWith('root=')))
    throw new ImagePrepareError(
      'hook install',
      "the image's kernel command line names its root file system in no form nicgate can pass on (root=UUID=..., root=/dev/vda1, ...)",
    );
  const manager = values.get('packages')?.[0];
  const packageManager = PACKAGE_MANAGER_NAMES.find((name) => name === manager);
  return {
    kernelRelease: release,
    rootArgs,
    tools: new Set(values.get('tool') ?? []),
    ...(packageManager === undefined ? {} : { packageManager }),
  };
}

/**
 * Whether an SSH command failed for its connection, not for what it ran: ssh's own status 255 with
 * the connection cut or refused (an sshd restarted by the image's first boot). Every remote command
 * here can run again.
 */
export function connectionDropped(result: { code: number | null; stderr: string }): boolean {
  return (
    result.code === 255 &&
    /kex_exchange_identification|Connection (reset|refused|closed)|Broken pipe|closed by remote host/i.test(
      result.stderr,
    )
  );
}

/** Tools the hook needs from the image besides iperf3, which prepare can install. */
export const REQUIRED_TOOLS = ['ip', 'tc', 'tar'] as const;

/** The measurement boot's kernel command line: the image's root, read-write, straight to the hook. */
export function hookCommandLine(rootArgs: readonly string[], init: string): string[] {
  return [...rootArgs, 'rw', 'console=ttyS0', `init=${init}`, 'panic=-1'];
}

/**
 * Which step a guest that never let the key in failed at, from the last SSH error and the
 * console: a refused key is cloud-init's (it did not install it); a console that reached a login
 * prompt or cloud-init is SSH's; anything else is the boot's.
 */
export function readinessFailure(
  lastSshError: string,
  consoleText: string,
): { step: PrepareStep; why: string } {
  if (/Permission denied/i.test(lastSshError))
    return {
      step: 'cloud-init',
      why: 'SSH answered but refused the one-run key: cloud-init did not install it (does the image run cloud-init with the NoCloud datasource?)',
    };
  if (/login:|cloud-init/i.test(consoleText))
    return {
      step: 'SSH',
      why: `the image booted, but its SSH server never let the one-run key in${lastSshError === '' ? '' : ` (last: ${lastSshError.trim().split('\n').pop()!.slice(0, 200)})`}`,
    };
  return { step: 'boot', why: 'the image did not boot as far as a login prompt or cloud-init' };
}
