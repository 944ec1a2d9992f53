// Watches every way a run reaches the host beyond git and files: the engine's executors (HOST_DEPS:
// exec, spawn, preflight, guest images, the CPU probe) and, through shims first on PATH, the host
// tools (apt-get, sudo, QEMU, iperf3, ip, tc...). Each records its call and fails, so a test that
// expects none sees each call by name and nothing is installed, built or booted.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST_DEPS, type EngineDeps } from '../../src/engine/deps.js';
import type { GuestCatalog } from '../../src/guest/catalog.js';

const HOST_TOOLS = [
  'apt-get',
  'sudo',
  'qemu-system-x86_64',
  'qemu-img',
  'iperf3',
  'ip',
  'tc',
  'setfacl',
  'busybox',
  'cpio',
  'debootstrap',
  'mmdebstrap',
];

export interface HostWatch {
  /** What was called, in order: `tool args` for a host tool, `engine <what>` for an executor. */
  calls(): string[];
  restore(): void;
}

export function watchHost(): HostWatch {
  const shims = mkdtempSync(join(tmpdir(), 'nicgate-shims-'));
  const log = join(shims, 'calls.log');
  writeFileSync(log, '');
  for (const tool of HOST_TOOLS) {
    writeFileSync(join(shims, tool), `#!/bin/sh\necho "${tool} $*" >> '${log}'\nexit 1\n`);
    chmodSync(join(shims, tool), 0o755);
  }
  const engine: string[] = [];
  const refuse = (what: string) => {
    engine.push(`engine ${what}`);
    return new Error(`the host was reached: ${what}`);
  };
  const saved: EngineDeps = { ...HOST_DEPS };
  const savedPath = process.env.PATH;
  process.env.PATH = `${shims}:${savedPath ?? ''}`;
  Object.assign(HOST_DEPS, {
    exec: (argv: readonly string[]) => Promise.reject(refuse(`exec ${argv.join(' ')}`)),
    spawn: (argv: readonly string[]) => {
      throw refuse(`spawn ${argv.join(' ')}`);
    },
    preflight: () => Promise.reject(refuse('preflight')),
    probeCpu: () => Promise.reject(refuse('CPU probe')),
    guests: new Proxy(saved.guests, {
      get: (target, property, receiver) =>
        property === 'guest'
          ? (name: string) => {
              throw refuse(`guest image ${name}`);
            }
          : Reflect.get(target, property, receiver),
    }) satisfies GuestCatalog,
  } satisfies Partial<EngineDeps>);
  return {
    calls: () => [...readFileSync(log, 'utf8').split('\n').filter(Boolean), ...engine],
    restore: () => {
      Object.assign(HOST_DEPS, saved);
      process.env.PATH = savedPath;
      rmSync(shims, { recursive: true, force: true });
    },
  };
}
