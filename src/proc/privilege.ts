// Privileged steps run directly as root, or through `sudo -n` for an unprivileged user
// (GitHub-hosted runners run actions as `runner` with passwordless sudo).

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The argv that runs `argv` with root privileges for a user who is (or is not) root. */
export function privilegedArgv(argv: readonly string[], root: boolean): string[] {
  return root ? [...argv] : ['sudo', '-n', '--', ...argv];
}
