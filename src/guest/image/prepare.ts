// Prepare of a user's Linux image: boot it once on a throwaway overlay with a user-mode control
// NIC and a NoCloud seed carrying a one-run key, wait until SSH lets the key in, install iperf3
// when the image lacks it (its own package manager), install the hook, copy out the image's
// kernel and initrd (a measurement boots them straight into the hook), take the key out again and
// power off. The overlay, kernel and initrd land in `dir`; the image itself is never written.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunError } from '../../common/errors.js';
import type { Exec } from '../../proc/exec.js';
import type { Spawn } from '../../proc/spawn.js';
import type { VmSpec } from '../../qemu/argv.js';
import { CONSOLE_FD } from '../../qemu/console-file.js';
import { VmProcess } from '../../qemu/vm.js';
import type { Accelerator } from '../../model/plan.js';
import { consoleSummary, readConsole } from '../console-log.js';
import { readConsoleTail } from '../console-tail.js';
import { freeLoopbackPort, overlayArgv, sshArgv, startPrepareVm } from '../disk/prepare.js';
import {
  IMAGE_COMMANDS,
  ImagePrepareError,
  PACKAGE_MANAGERS,
  parseInspection,
  readinessFailure,
  REQUIRED_TOOLS,
  type ImageInspection,
} from './prepare-commands.js';
import {
  defaultSleep,
  guestShell,
  NeedsOutbound,
  prepareWithRetry,
  reason,
  step,
  type SshOptions,
} from './prepare-tries.js';
import { PACKAGE_MANAGER_NAMES, type PackageManager } from '../../model/prepared-image.js';
import { noCloudSeedFiles, writeSeedVolume } from './seed.js';
import { createOneRunKey } from './ssh-key.js';

/** The name the overlay's header gives its backing file: never opened, every boot pins the image. */
export const OVERLAY_BACKING_NAME = 'user-image';
export const PREPARED_FILES = { overlay: 'prepared.qcow2', kernel: 'vmlinuz', initrd: 'initrd' } as const;

export interface ImagePrepareRequest {
  image: { file: string; format: 'raw' | 'qcow2'; virtualBytes: number };
  /** A new folder prepare fills: the overlay, the kernel and the initrd. */
  dir: string;
  accel: Accelerator;
  memoryMiB: number;
  consoleLog: string;
  controlNicModel: string;
  /** A tar archive of the hook's files, unpacked at / in the image. */
  hookArchive: Buffer;
  /** The run's scratch directory (0700, removed by teardown): the key and the seed live there. */
  scratchDir: string;
  timeouts: { readyMs: number; stepMs: number; installMs: number };
  /** `-cpu` where not the accelerator's default (a retry without arch-capabilities). */
  cpuModel?: string;
}

export interface ImagePrepareHost {
  exec: Exec;
  spawn: Spawn;
  findTool: (tool: string) => Promise<string>;
  freePort?: () => Promise<number>;
  track?: (pid: number, argv: readonly string[]) => void;
  untrack?: (pid: number) => void;
  /** Waits between SSH attempts (a clock injected for tests). */
  sleep?: (ms: number) => Promise<void>;
}

export interface PreparedImage {
  kernelRelease: string;
  rootArgs: string[];
  /** Where iperf3 came from: the image, or the package manager prepare installed it with. */
  iperf3: 'image' | PackageManager;
}

/**
 * Prepares `request.image` into `request.dir`, once more on a fresh overlay if the first try
 * fails; the second failure is the error, naming its step and the first try's reason.
 */
export async function prepareUserImage(
  request: ImagePrepareRequest,
  host: ImagePrepareHost,
): Promise<PreparedImage> {
  return await prepareWithRetry(
    request,
    (tried, outbound) => prepareOnce(tried, host, outbound),
    async (first, second) => {
      const step = second instanceof ImagePrepareError ? second.step : 'boot';
      const summary = consoleSummary(readConsole(await readConsoleTail(request.consoleLog), 8));
      return new ImagePrepareError(
        step,
        `preparing the image failed twice at step "${step}", each time on a fresh overlay: ${reason(second)} (first try: ${reason(first)})${summary === '' ? '' : `; ${summary}`}; console log ${request.consoleLog}`,
        { cause: second },
      );
    },
  );
}

async function prepareOnce(
  request: ImagePrepareRequest,
  host: ImagePrepareHost,
  outbound: boolean,
): Promise<PreparedImage> {
  await rm(request.dir, { recursive: true, force: true });
  await mkdir(request.dir, { recursive: true });
  const overlay = join(request.dir, PREPARED_FILES.overlay);
  await host.exec(
    overlayArgv(
      overlay,
      { name: OVERLAY_BACKING_NAME, format: request.image.format },
      request.image.virtualBytes,
    ),
  );
  const work = await mkdtemp(join(request.scratchDir, 'prepare-'));
  let vm: VmProcess | undefined;
  try {
    const key = await createOneRunKey(work, host.exec);
    const seed = join(work, 'seed.img');
    const instanceId = `nicgate-${process.pid}-${Date.now().toString(36)}`;
    await writeSeedVolume(seed, noCloudSeedFiles(key.publicKey, instanceId), work, host);
    const port = await (host.freePort ?? freeLoopbackPort)();
    const spec: VmSpec = {
      accel: request.accel,
      memoryMiB: request.memoryMiB,
      cpus: 1,
      ...(request.cpuModel === undefined ? {} : { cpuModel: request.cpuModel }),
      boot: {
        kind: 'disk',
        drives: [
          {
            file: overlay,
            format: 'qcow2',
            backing: { file: request.image.file, format: request.image.format },
          },
          { file: seed, format: 'raw', readOnly: true },
        ],
      },
      consoleFd: CONSOLE_FD,
      controlNic: { model: request.controlNicModel, hostPort: port, outbound },
    };
    vm = await startPrepareVm(spec, request.consoleLog, host);
    const ssh = guestShell(host, port, key.privateKey);
    await waitForKey(vm, request, host, (command) =>
      host.exec(sshArgv(port, command, key.privateKey), { allowFailure: true, timeoutMs: 30_000 }),
    );
    await step('cloud-init', 'waiting for cloud-init to finish', () =>
      ssh(IMAGE_COMMANDS.settle, { timeoutMs: request.timeouts.readyMs }),
    );
    const inspection = await step('hook install', 'reading what the image has', () =>
      ssh(IMAGE_COMMANDS.inspect, { timeoutMs: request.timeouts.stepMs }).then((r) =>
        parseInspection(r.stdout),
      ),
    );
    const missing = REQUIRED_TOOLS.filter((tool) => !inspection.tools.has(tool));
    if (missing.length > 0)
      throw new ImagePrepareError(
        'hook install',
        `the image has no ${missing.join(', ')}: nicgate's hook runs the image's own iproute2 and tar`,
      );
    const iperf3 = await ensureIperf3(inspection, outbound, request, ssh);
    await step('hook install', 'installing the hook', () =>
      ssh(IMAGE_COMMANDS.installHook, { input: request.hookArchive, timeoutMs: request.timeouts.stepMs }),
    );
    for (const [name, file] of [
      ['kernel', PREPARED_FILES.kernel],
      ['initrd', PREPARED_FILES.initrd],
    ] as const) {
      const copied = await step('hook install', `copying the image's ${name}`, () =>
        ssh(IMAGE_COMMANDS[name], { binary: true, timeoutMs: request.timeouts.stepMs }),
      );
      if (!copied.stdoutBytes || copied.stdoutBytes.length === 0)
        throw new ImagePrepareError('hook install', `the image's ${name} came out empty`);
      await writeFile(join(request.dir, file), copied.stdoutBytes);
    }
    // The connection drops as the guest powers off: ssh's exit status says nothing then.
    await host.exec(sshArgv(port, IMAGE_COMMANDS.powerOff, key.privateKey), {
      allowFailure: true,
      timeoutMs: request.timeouts.stepMs,
    });
    await vm.waitExit(request.timeouts.stepMs, 'the prepared image powering off');
    return { kernelRelease: inspection.kernelRelease, rootArgs: inspection.rootArgs, iperf3 };
  } catch (error) {
    if (error instanceof NeedsOutbound || error instanceof RunError) throw error;
    throw new ImagePrepareError('boot', `prepare failed: ${reason(error)}`, { cause: error });
  } finally {
    if (vm) {
      await vm.stop(1000);
      if (vm.pid !== undefined) host.untrack?.(vm.pid);
    }
    // The key's files go with the folder they were made in.
    await rm(work, { recursive: true, force: true });
  }
}

/** Tries SSH until the key is let in; a QEMU that exits, or time running out, names its step. */
async function waitForKey(
  vm: VmProcess,
  request: ImagePrepareRequest,
  host: ImagePrepareHost,
  probe: (command: string) => ReturnType<Exec>,
): Promise<void> {
  const sleep = host.sleep ?? defaultSleep;
  const deadline = Date.now() + request.timeouts.readyMs;
  let lastError = '';
  for (;;) {
    if (!vm.running) throw new ImagePrepareError('boot', `QEMU exited before SSH answered: ${vm.errorTail}`);
    const result = await probe(IMAGE_COMMANDS.probe);
    if (result.code === 0) return;
    lastError = result.stderr;
    if (Date.now() >= deadline) {
      const { step: failed, why } = readinessFailure(lastError, await readConsoleTail(request.consoleLog));
      throw new ImagePrepareError(
        failed,
        `${why}, ${Math.round(request.timeouts.readyMs / 1000)} s after boot`,
      );
    }
    await sleep(2000);
  }
}

async function ensureIperf3(
  inspection: ImageInspection,
  outbound: boolean,
  request: ImagePrepareRequest,
  ssh: (command: string, options: SshOptions) => ReturnType<Exec>,
): Promise<PreparedImage['iperf3']> {
  if (inspection.tools.has('iperf3')) return 'image';
  const manager = inspection.packageManager;
  if (manager === undefined)
    throw new ImagePrepareError(
      'iperf3 install',
      `the image has no iperf3 and none of the package managers nicgate installs it with (${PACKAGE_MANAGER_NAMES.join(', ')})`,
    );
  // Only this boot reaches outside the guest's own network, and only to install iperf3.
  if (!outbound) throw new NeedsOutbound();
  await step('iperf3 install', `installing iperf3 with ${manager}`, () =>
    ssh(PACKAGE_MANAGERS[manager], { timeoutMs: request.timeouts.installMs }),
  );
  const after = await step('iperf3 install', 'looking for iperf3 after the install', () =>
    ssh(IMAGE_COMMANDS.inspect, { timeoutMs: request.timeouts.stepMs }).then((r) =>
      parseInspection(r.stdout),
    ),
  );
  if (!after.tools.has('iperf3'))
    throw new ImagePrepareError('iperf3 install', `${manager} finished, and the image still has no iperf3`);
  return manager;
}
