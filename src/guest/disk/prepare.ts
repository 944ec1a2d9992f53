// Prepare of a disk-image guest: boot the base image once on a throwaway overlay with a user-mode
// control NIC, wait for its SSH server (an event on the control port, not a sleep), send the
// install archive over SSH, power off, keep the overlay. SSH and user-mode networking only ever
// serve prepare; a measurement boots the prepared overlay with the NIC under test alone.
import { createServer } from 'node:net';
import { rename, rm } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { RunError } from '../../common/errors.js';
import type { Exec } from '../../proc/exec.js';
import type { Spawn } from '../../proc/spawn.js';
import { buildQemuArgv, type VmSpec } from '../../qemu/argv.js';
import { CONSOLE_FD, createConsoleLog } from '../../qemu/console-file.js';
import { VmProcess } from '../../qemu/vm.js';
import { waitGuestEvent } from '../control.js';
import { consoleSummary, readConsole } from '../console-log.js';
import { readConsoleTail } from '../console-tail.js';
import type { Accelerator } from '../../model/plan.js';
import { archCapabilitiesRefused, KVM_CPU_WITHOUT_ARCH_CAPABILITIES } from '../../qemu/accel.js';

export interface PrepareRequest {
  /** The base image the overlay is laid over; it is never written. */
  base: { file: string; format: 'raw' | 'qcow2' };
  /** Where the prepared overlay (qcow2) goes once prepare succeeded. */
  target: string;
  accel: Accelerator;
  memoryMiB: number;
  consoleLog: string;
  controlNicModel: string;
  /** A tar archive unpacked at / in the guest (iperf3, the boot hook, ...). */
  install: Buffer;
  /** How long the guest may take to offer SSH, and each step after. */
  timeouts: { readyMs: number; stepMs: number };
  /** `-cpu` where not the accelerator's default (a retry without arch-capabilities). */
  cpuModel?: string;
}

/**
 * The request for prepare's second try: under KVM, after QEMU aborted on MSR 0x10a (as the
 * accelerator probe retries, qemu/accel.ts), without arch-capabilities; otherwise the same.
 */
export function retryRequest<R extends { accel: Accelerator; cpuModel?: string }>(
  request: R,
  first: unknown,
): R {
  const text = first instanceof Error ? first.message : String(first);
  return request.accel === 'kvm' && archCapabilitiesRefused(text)
    ? { ...request, cpuModel: KVM_CPU_WITHOUT_ARCH_CAPABILITIES }
    : request;
}

export interface PrepareHost {
  exec: Exec;
  spawn: Spawn;
  /** A free TCP port on the host's loopback for the forwarded SSH port. */
  freePort?: () => Promise<number>;
  /** Records the QEMU process while it runs (the run's ledger), so a crash leaves nothing behind. */
  track?: (pid: number, argv: readonly string[]) => void;
  untrack?: (pid: number) => void;
}

class PrepareError extends RunError {
  override readonly name = 'PrepareError';
}

/**
 * SSH to the guest as root: with its empty password (nicgate's own disk, whose server accepts the
 * `none` method, so BatchMode suffices), or with `identity`, a one-run key (a user's image). The
 * host key is not checked: the port is on loopback and forwarded to a guest this process booted
 * a moment ago on a throwaway overlay.
 */
export function sshArgv(port: number, command: string, identity?: string): string[] {
  return [
    'ssh',
    '-p',
    String(port),
    ...(identity === undefined
      ? []
      : ['-i', identity, '-o', 'IdentitiesOnly=yes', '-o', 'PasswordAuthentication=no']),
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'LogLevel=ERROR',
    '-o',
    'ConnectTimeout=20',
    'root@127.0.0.1',
    command,
  ];
}

/** A port the kernel says is free now (closed again at once; QEMU binds it a moment later). */
export async function freeLoopbackPort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * `qemu-img create` of a qcow2 overlay at `path` whose header names `backing`. With `unsafeSize`,
 * the backing file is not opened (it need not exist there: every boot pins the real one).
 */
export function overlayArgv(
  path: string,
  backing: { name: string; format: 'raw' | 'qcow2' },
  unsafeSize?: number,
): string[] {
  return [
    'qemu-img',
    'create',
    '-q',
    '-f',
    'qcow2',
    '-F',
    backing.format,
    '-b',
    backing.name,
    ...(unsafeSize === undefined ? [path] : ['-u', path, String(unsafeSize)]),
  ];
}

/**
 * Starts a prepare boot's QEMU with its console in a log nicgate created (qemu/console-file.ts),
 * recorded in the run's ledger while it runs.
 */
export async function startPrepareVm(
  spec: VmSpec,
  consoleLog: string,
  host: Pick<PrepareHost, 'spawn' | 'track'>,
): Promise<VmProcess> {
  const argv = buildQemuArgv(spec);
  const log = await createConsoleLog(consoleLog);
  let vm: VmProcess;
  try {
    vm = new VmProcess(argv, host.spawn, { fds: [log.fd] });
  } finally {
    await log.close();
  }
  if (vm.pid !== undefined) host.track?.(vm.pid, argv);
  return vm;
}

/** The remote commands of prepare: constants, never built from input. */
export const PREPARE_COMMANDS = { install: 'tar -x -C / && sync', powerOff: 'sync; poweroff -f' } as const;

/**
 * Prepares the guest, once more on a fresh overlay if the first try fails (a boot that hung, an
 * SSH session cut short); the second failure is the error, naming both.
 */
export async function prepareDiskGuest(request: PrepareRequest, host: PrepareHost): Promise<void> {
  try {
    await prepareOnce(request, host);
  } catch (first) {
    try {
      await prepareOnce(retryRequest(request, first), host);
    } catch (second) {
      const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
      const text = await readConsoleTail(request.consoleLog);
      const summary = consoleSummary(readConsole(text));
      throw new PrepareError(
        `prepare failed twice, each time on a fresh overlay: ${reason(second)} (first try: ${reason(first)}; ${summary === '' ? '' : `${summary}; `}console log ${request.consoleLog})`,
        { cause: second },
      );
    }
  }
}

async function prepareOnce(request: PrepareRequest, host: PrepareHost): Promise<void> {
  const partial = `${request.target}.partial-${process.pid}`;
  await rm(partial, { force: true });
  // Relative to the overlay, so the pair can move together (a restored cache directory).
  await host.exec(
    overlayArgv(partial, {
      name: relative(dirname(request.target), request.base.file),
      format: request.base.format,
    }),
  );
  const port = await (host.freePort ?? freeLoopbackPort)();
  const spec: VmSpec = {
    accel: request.accel,
    memoryMiB: request.memoryMiB,
    cpus: 1,
    ...(request.cpuModel === undefined ? {} : { cpuModel: request.cpuModel }),
    // The base pinned here too: QEMU opens it, whatever the overlay's header were to name.
    boot: { kind: 'disk', drives: [{ file: partial, format: 'qcow2', backing: request.base }] },
    consoleFd: CONSOLE_FD,
    controlNic: { model: request.controlNicModel, hostPort: port },
  };
  const vm = await startPrepareVm(spec, request.consoleLog, host);
  try {
    const event = await waitGuestEvent(
      vm,
      (e) => e.type === 'sshd' || e.type === 'error',
      request.timeouts.readyMs,
    );
    if (event.type === 'error') throw new PrepareError(`the guest failed before prepare: ${event.message}`);
    await host.exec(sshArgv(port, PREPARE_COMMANDS.install), {
      input: request.install,
      timeoutMs: request.timeouts.stepMs,
    });
    // The connection drops as the guest powers off: ssh's exit status says nothing then.
    await host.exec(sshArgv(port, PREPARE_COMMANDS.powerOff), {
      allowFailure: true,
      timeoutMs: request.timeouts.stepMs,
    });
    await vm.waitExit(request.timeouts.stepMs, 'the prepared guest powering off');
    await rename(partial, request.target);
  } catch (error) {
    throw error instanceof RunError
      ? error
      : new PrepareError(`prepare failed: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
  } finally {
    await vm.stop(1000);
    if (vm.pid !== undefined) host.untrack?.(vm.pid);
    await rm(partial, { force: true });
  }
}
