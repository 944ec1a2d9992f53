// Privileged steps run directly as root, or through `sudo -n` for an unprivileged user
// (GitHub-hosted runners run actions as `runner` with passwordless sudo).

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The uid and gid nicgate runs as (0 where the platform has none). */
export function currentIds(): { uid: number; gid: number } {
  return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
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
