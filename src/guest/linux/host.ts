// What building the Linux guest needs from the host: a command runner and a way to find tools.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RunError } from '../../common/errors.js';
import type { Exec } from '../../proc/exec.js';

export interface LinuxBuildHost {
  exec: Exec;
  /** Absolute path of a host tool (busybox, iperf3, ip, tc, depmod); throws when it is missing. */
  findTool: (tool: string) => Promise<string>;
}

export async function which(tool: string): Promise<string> {
  for (const dir of ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    const path = join(dir, tool);
    if (existsSync(path)) return path;
  }
  throw new RunError(
    `\`${tool}\` is not installed; run \`nicgate setup\` (or install busybox-static, iperf3, iproute2)`,
  );
}
