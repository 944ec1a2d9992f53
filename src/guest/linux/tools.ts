// Host tools copied into the initramfs, with the shared libraries `ldd` says they need.
import { readFile } from 'node:fs/promises';
import { RunError } from '../../common/errors.js';
import type { CpioEntry } from './cpio.js';
import type { LinuxBuildHost } from './host.js';
import { missingLibraries, parseLdd } from './ldd.js';

/** Host tools copied into the guest, found on PATH. */
const GUEST_TOOLS = [
  { name: 'busybox', dest: '/bin/busybox', mustBeStatic: true },
  { name: 'iperf3', dest: '/usr/bin/iperf3' },
  { name: 'ip', dest: '/usr/sbin/ip' },
  { name: 'tc', dest: '/usr/sbin/tc' },
] as const;

/** Archive entries for every tool and library, each library once. */
export async function toolEntries(host: LinuxBuildHost): Promise<CpioEntry[]> {
  const entries = new Map<string, CpioEntry>();
  for (const tool of GUEST_TOOLS) {
    const path = await host.findTool(tool.name);
    entries.set(tool.dest, { kind: 'file', path: tool.dest, data: await readFile(path), mode: 0o755 });
    const ldd = await host.exec(['ldd', path], { allowFailure: true });
    const missing = missingLibraries(ldd.stdout);
    if (missing.length > 0)
      throw new RunError(`${path} needs libraries that are not installed: ${missing.join(', ')}`);
    const libs = parseLdd(ldd.stdout);
    if ('mustBeStatic' in tool && libs.length > 0) {
      throw new RunError(`${path} is dynamically linked; the guest needs busybox-static`);
    }
    for (const lib of libs) {
      if (!entries.has(lib))
        entries.set(lib, { kind: 'file', path: lib, data: await readFile(lib), mode: 0o755 });
    }
  }
  return [...entries.values()];
}
