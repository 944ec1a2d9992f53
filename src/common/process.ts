// Whether a process of this host is alive: what stale-file and stale-lock checks ask.

/** Whether `pid` names a running process (one we may not signal still runs). */
export function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
