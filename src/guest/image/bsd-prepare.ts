// Prepare of a user's BSD image with its OS's recipe (guest/<os>/prepare-recipe.ts): boot it once
// on a throwaway overlay (the image its pinned backing file, never written) with a user-mode
// control NIC, its serial console on a unix socket in the run's scratch directory, and the
// recipe's NoCloud seed where it has one; play the recipe's console dialogue (log in, type the
// one-run key, start sshd); then over SSH install iperf3 where the image lacks it (the recipe's
// package tool, on a second boot that alone reaches outside) and the install archive (the hook,
// started from /etc/rc.local), take the key out and power off. Not yet run on a real BSD guest.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RunError } from '../../common/errors.js';
import { KERNEL_RELEASE_PATTERN, type BsdPackageTool } from '../../model/prepared-image.js';
import type { Exec } from '../../proc/exec.js';
import type { VmSpec } from '../../qemu/argv.js';
import { CONSOLE_FD } from '../../qemu/console-file.js';
import type { VmProcess } from '../../qemu/vm.js';
import type { Accelerator } from '../../model/plan.js';
import { consoleSummary, readConsole } from '../console-log.js';
import { readConsoleTail } from '../console-tail.js';
import { freeLoopbackPort, overlayArgv, sshArgv, startPrepareVm } from '../disk/prepare.js';
import { checkedEd25519PublicKey } from '../recipe/public-key.js';
import {
  connectConsole,
  ConsoleStepError,
  runConsoleDialogue,
  type ConsoleLink,
} from '../recipe/console-session.js';
import type { ImageRecipe } from '../recipe/recipe.js';
import { ImagePrepareError } from './prepare-commands.js';
import { OVERLAY_BACKING_NAME, PREPARED_FILES, type ImagePrepareHost } from './prepare.js';
import { defaultSleep, guestShell, NeedsOutbound, prepareWithRetry, reason, step } from './prepare-tries.js';
import { writeSeedVolume } from './seed.js';
import { createOneRunKey } from './ssh-key.js';

export interface BsdPrepareRequest {
  image: { file: string; format: 'raw' | 'qcow2'; virtualBytes: number };
  /** A new folder prepare fills: the overlay. */
  dir: string;
  accel: Accelerator;
  memoryMiB: number;
  consoleLog: string;
  controlNicModel: string;
  recipe: ImageRecipe;
  /** The hook and its scripts (bsd/install.ts), unpacked by the recipe's `hook install`. */
  installArchive: Buffer;
  /** The run's scratch directory (0700, removed by teardown): the key, the seed, the console socket. */
  scratchDir: string;
  timeouts: { readyMs: number; stepMs: number; installMs: number };
  cpuModel?: string;
}

export interface BsdPrepareHost extends ImagePrepareHost {
  /** The pause between typed characters (tests shorten it). */
  typingDelayMs?: number;
}

export interface PreparedBsdImage {
  kernelRelease: string;
  iperf3: 'image' | BsdPackageTool;
}

/** The commands prepare itself runs over SSH (the recipe's own are its `overSsh`): constants. */
export const BSD_IMAGE_COMMANDS = {
  probe: 'true',
  // `sh -c`: root's login shell may be csh, which has no `command -v`.
  hasIperf3: "sh -c 'command -v iperf3'",
  release: 'uname -r',
} as const;

/** A unix socket's path is at most 104 bytes on the BSDs, 108 on Linux (sun_path, its NUL included). */
const MAX_SOCKET_PATH = 100;
/** How long QEMU may take to make its console socket. */
const CONSOLE_CONNECT_MS = 30_000;

/** Prepares `request.image` into `request.dir`, once more on a fresh overlay if that fails. */
export async function prepareBsdImage(
  request: BsdPrepareRequest,
  host: BsdPrepareHost,
): Promise<PreparedBsdImage> {
  return await prepareWithRetry(
    request,
    (tried, outbound) => prepareOnce(tried, host, outbound),
    async (first, second) => {
      const step = second instanceof ImagePrepareError ? second.step : 'boot';
      // A console step's message carries the console's end already.
      const fromConsole = second instanceof Error && second.cause instanceof ConsoleStepError;
      const summary = fromConsole
        ? ''
        : consoleSummary(readConsole(await readConsoleTail(request.consoleLog), 8));
      return new ImagePrepareError(
        step,
        `preparing the image failed twice at step "${step}", each time on a fresh overlay: ${reason(second)} (first try: ${reason(first)})${summary === '' ? '' : `; ${summary}`}; console log ${request.consoleLog}`,
        { cause: second },
      );
    },
  );
}

async function prepareOnce(
  request: BsdPrepareRequest,
  host: BsdPrepareHost,
  outbound: boolean,
): Promise<PreparedBsdImage> {
  const { recipe } = request;
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
  let link: ConsoleLink | undefined;
  try {
    const consoleSocket = join(work, 'console.sock');
    if (Buffer.byteLength(consoleSocket) > MAX_SOCKET_PATH)
      throw new RunError(
        `the scratch directory's path is too long for the guest console's socket (${consoleSocket}): a unix socket's path has at most ${MAX_SOCKET_PATH} bytes`,
      );
    const key = await createOneRunKey(work, host.exec);
    const publicKey = checkedEd25519PublicKey(key.publicKey);
    const drives: Extract<VmSpec['boot'], { kind: 'disk' }>['drives'] = [
      { file: overlay, format: 'qcow2', backing: { file: request.image.file, format: request.image.format } },
    ];
    if (recipe.seed !== undefined) {
      const text = recipe.seed({ publicKey });
      const seed = join(work, 'seed.img');
      await writeSeedVolume(seed, { 'meta-data': text.metaData, 'user-data': text.userData }, work, host);
      drives.push({ file: seed, format: 'raw', readOnly: true });
    }
    const port = await (host.freePort ?? freeLoopbackPort)();
    const spec: VmSpec = {
      accel: request.accel,
      memoryMiB: request.memoryMiB,
      cpus: 1,
      ...(request.cpuModel === undefined ? {} : { cpuModel: request.cpuModel }),
      boot: { kind: 'disk', drives },
      consoleFd: CONSOLE_FD,
      consoleSocket,
      biosOnConsole: recipe.loaderOnBiosConsole,
      controlNic: { model: request.controlNicModel, hostPort: port, outbound },
    };
    const started = await startPrepareVm(spec, request.consoleLog, host);
    vm = started;
    const gone = (): string | undefined => (started.running ? undefined : started.errorTail || 'QEMU exited');
    link = await connectConsole(consoleSocket, { timeoutMs: CONSOLE_CONNECT_MS, gone });
    await runConsoleDialogue(recipe, publicKey, link, {
      ...(host.typingDelayMs === undefined ? {} : { typingDelayMs: host.typingDelayMs }),
    }).catch((error: unknown) => {
      if (!(error instanceof ConsoleStepError)) throw error;
      throw new ImagePrepareError(
        error.step,
        `the console dialogue failed at step "${error.step}": ${error.message}`,
        {
          cause: error,
        },
      );
    });
    const ssh = guestShell(host, port, key.privateKey);
    await waitForSsh(started, request, host, (command) =>
      host.exec(sshArgv(port, command, key.privateKey), { allowFailure: true, timeoutMs: 30_000 }),
    );
    const iperf3 = await ensureIperf3(request, outbound, ssh);
    const kernelRelease = await step('hook install', 'reading the kernel release', async () => {
      const release = (
        await ssh(BSD_IMAGE_COMMANDS.release, { timeoutMs: request.timeouts.stepMs })
      ).stdout.trim();
      if (!KERNEL_RELEASE_PATTERN.test(release))
        throw new ImagePrepareError(
          'hook install',
          `the image's kernel release is not one nicgate can use: ${JSON.stringify(release.slice(0, 100))}`,
        );
      return release;
    });
    await step('hook install', 'installing the hook', () =>
      ssh(recipe.overSsh['hook install'], {
        input: request.installArchive,
        timeoutMs: request.timeouts.stepMs,
      }),
    );
    // The connection drops as the guest powers off: ssh's exit status says nothing then.
    await host.exec(sshArgv(port, recipe.overSsh.powerOff, key.privateKey), {
      allowFailure: true,
      timeoutMs: request.timeouts.stepMs,
    });
    await started.waitExit(request.timeouts.stepMs, 'the prepared image powering off');
    return { kernelRelease, iperf3 };
  } catch (error) {
    if (error instanceof NeedsOutbound || error instanceof ImagePrepareError) throw error;
    throw new ImagePrepareError('boot', `prepare failed: ${reason(error)}`, { cause: error });
  } finally {
    link?.close();
    if (vm) {
      await vm.stop(1000);
      if (vm.pid !== undefined) host.untrack?.(vm.pid);
    }
    // The key, the seed and the console socket go with the folder they were made in.
    await rm(work, { recursive: true, force: true });
  }
}

/** Tries SSH until the key is let in: the dialogue started sshd, the control NIC may still be coming up. */
async function waitForSsh(
  vm: VmProcess,
  request: BsdPrepareRequest,
  host: BsdPrepareHost,
  probe: (command: string) => ReturnType<Exec>,
): Promise<void> {
  const deadline = Date.now() + request.timeouts.readyMs;
  for (;;) {
    if (!vm.running) throw new ImagePrepareError('boot', `QEMU exited before SSH answered: ${vm.errorTail}`);
    const result = await probe(BSD_IMAGE_COMMANDS.probe);
    if (result.code === 0) return;
    if (Date.now() >= deadline)
      throw new ImagePrepareError(
        'ssh',
        `sshd started on the console, but SSH never let the one-run key in within ${Math.round(request.timeouts.readyMs / 1000)} s (last: ${result.stderr.trim().split('\n').pop()?.slice(0, 200) ?? ''})`,
      );
    await (host.sleep ?? defaultSleep)(2000);
  }
}

async function ensureIperf3(
  request: BsdPrepareRequest,
  outbound: boolean,
  ssh: ReturnType<typeof guestShell>,
): Promise<PreparedBsdImage['iperf3']> {
  // A command that fails says no: the image has no iperf3 on root's PATH.
  const has = (): Promise<boolean> =>
    ssh(BSD_IMAGE_COMMANDS.hasIperf3, { timeoutMs: request.timeouts.stepMs }).then(
      () => true,
      () => false,
    );
  if (await has()) return 'image';
  // Only this boot reaches outside the guest's own network, and only to install iperf3.
  if (!outbound) throw new NeedsOutbound();
  const tool = request.recipe.packageTool;
  await step('iperf3 install', `installing iperf3 with ${tool}`, () =>
    ssh(request.recipe.overSsh['iperf3 install'], { timeoutMs: request.timeouts.installMs }),
  );
  if (!(await has()))
    throw new ImagePrepareError('iperf3 install', `${tool} finished, and the image still has no iperf3`);
  return tool;
}
