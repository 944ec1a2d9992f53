// Privileged steps run directly as root, or through `sudo -n` for an unprivileged user
// (GitHub-hosted runners run actions as `runner` with passwordless sudo).
import { readFileSync } from 'node:fs';

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The uid and gid nicgate runs as (0 where the platform has none). */
export function currentIds(): { uid: number; gid: number } {
  return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
}

/** The ids of `nobody` in a passwd file's text (its primary group too), or undefined. Never root's. */
export function nobodyIds(passwd: string): { uid: number; gid: number } | undefined {
  for (const line of passwd.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name !== 'nobody' || !/^\d+$/.test(uid ?? '') || !/^\d+$/.test(gid ?? '')) continue;
    const ids = { uid: Number(uid), gid: Number(gid) };
    return ids.uid === 0 || ids.gid === 0 ? undefined : ids;
  }
  return undefined;
}

/** nobody and nogroup on Debian and Ubuntu, when the passwd file does not say. */
const NOBODY_FALLBACK = { uid: 65534, gid: 65534 };

/**
 * Whom the host's iperf3 client runs as (dropped to with setpriv inside the namespace: `ip netns
 * exec` needs root, iperf3 does not). Under sudo it is the invoking user; a run started as root
 * drops it to `nobody`, so the one tool that parses what the guest sends never runs as root.
 */
export function iperf3ClientUser(
  root: boolean = isRoot(),
  current: { uid: number; gid: number } = currentIds(),
  readPasswd: () => string = () => readFileSync('/etc/passwd', 'utf8'),
): { uid: number; gid: number } {
  if (!root) return current;
  let passwd = '';
  try {
    passwd = readPasswd();
  } catch {
    // No readable passwd file: the conventional ids.
  }
  return nobodyIds(passwd) ?? NOBODY_FALLBACK;
}

/** A command's time limit and the grace between its SIGTERM and SIGKILL. */
export interface Limits {
  limitMs: number;
  graceMs: number;
}

const seconds = (ms: number): string => `${Math.max(1, Math.ceil(ms / 1000))}s`;

/**
 * The argv that runs `argv` with root privileges for a user who is (or is not) root. Under sudo
 * the command runs inside coreutils' `timeout`, as root: we may signal sudo but not its root
 * child, so a root `timeout` carries the SIGTERM, then SIGKILL, that our own timer cannot deliver.
 * Its limit is ours plus the grace, so our SIGTERM (which sudo relays) normally comes first.
 */
export function privilegedArgv(argv: readonly string[], root: boolean, limits?: Limits): string[] {
  if (root) return [...argv];
  const bounded = limits
    ? ['timeout', `--kill-after=${seconds(limits.graceMs)}`, seconds(limits.limitMs + limits.graceMs)]
    : [];
  return ['sudo', '-n', '--', ...bounded, ...argv];
}
