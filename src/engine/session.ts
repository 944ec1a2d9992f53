// What every boot of a run shares: the guest image, a scratch directory, device access, the
// accelerator and the run's network namespace. Everything it creates is written to the ledger
// first; it removes nothing itself (the run's owner tears down).
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RunError } from '../common/errors.js';
import type { GuestImage, PrepareHost } from '../guest/os.js';
import type { GuestName } from '../model/guests.js';
import type { Accelerator, RunPlan } from '../model/plan.js';
import { resourceNames } from '../net/addresses.js';
import { ensureDeviceAccess } from '../net/device-access.js';
import { scratchBases } from '../net/ledger-schema.js';
import { createNamespace, hostHasNetem, PEER_CONGESTION_CONTROL } from '../net/netns.js';
import { linkRefusal } from '../net/link-shaping.js';
import { iperf3ClientUser } from '../proc/privilege.js';
import { chooseAccel, type AccelChoice, type KvmAccess } from '../qemu/accel.js';
import { deviceDeps, kvmAccess, vhostNetOpens } from './host-devices.js';
import { bootGuest } from './boot.js';
import { probeBoot } from './boot-probe.js';
import { stopGuest, type BootContext, type BootedGuest } from './boot-vm.js';
import type { EngineDeps } from './deps.js';
import { timed, type EventSink } from './events.js';
import type { RunLifetime } from './lifetime.js';
import type { LoopSteps } from './loop.js';
import { dataPortCycle, runRepetition } from './repetition.js';
import { qemuVersionOf } from './environment.js';
import { hostCpuIdentity, savedGuestStore } from './saved-guests.js';
import { QEMU_BINARY } from '../qemu/argv.js';
import { createScratchDir } from './scratch.js';
import { allowedCores, choosePinning, peerPrefix } from './pinning.js';

export interface Session {
  /** The image of the plan's first guest (the one most runs have). */
  image: GuestImage;
  /** Every guest's image, by the scenario's `guest` value. */
  images: Record<GuestName, GuestImage>;
  accel: AccelChoice;
  /** Whether /dev/vhost-net opened for this user: virtio-net's tap then gets `vhost=on`. */
  vhostNet: boolean;
  /** The boot context of the first guest; `contexts` has one per guest. */
  boot: BootContext;
  contexts: Record<GuestName, BootContext>;
  /** How a disk-image guest is prepared by a boot (another side's image may need one). */
  prepare: PrepareHost;
  /** The host iperf3 peer as the results record it. */
  hostPeer: { congestionControl: string };
}

/** The cores plan: `--pin auto` separates the vCPU from the rest where there are two cores or more. */
async function pinningFor(plan: RunPlan, emit: EventSink): Promise<BootContext['pinning']> {
  if (plan.pin === 'off') return undefined;
  const pinning = choosePinning(await allowedCores());
  emit({
    type: 'stage',
    message: pinning ? `pinning: ${pinning.description}` : 'pinning: one core, nothing to separate',
  });
  return pinning;
}

export function cacheDirFor(workDir: string): string {
  return join(resolve(workDir), 'cache');
}

/** The plan's guests, each once, in scenario order (`linux` for a plan without scenarios). */
export function guestsOf(plan: RunPlan): GuestName[] {
  const guests = [...new Set(plan.scenarios.map((s) => s.guest))];
  return guests.length > 0 ? guests : ['linux'];
}

/** The images of `plan`'s guests, each prepared (built, or reused by content hash) once. */
async function prepareImages(
  plan: RunPlan,
  deps: EngineDeps,
  emit: EventSink,
  prepare: PrepareHost,
  describeOnly: boolean,
): Promise<Record<GuestName, GuestImage>> {
  const images: Record<GuestName, GuestImage> = {};
  for (const guest of guestsOf(plan)) {
    const os = deps.guests.guest(guest);
    emit({ type: 'stage', message: `preparing the ${os.label} guest image (cached by content hash)` });
    images[guest] = await timed(emit, 'image', () =>
      os.prepareImage(
        {
          cacheDir: cacheDirFor(plan.workDir),
          kernel: plan.kernel,
          prepare,
          ...(describeOnly ? { describeOnly } : {}),
        },
        deps.exec,
      ),
    );
  }
  return images;
}

/** One boot context per guest: its image; saved guests only where its image can be saved. */
export function guestContexts(
  boot: BootContext,
  images: Record<GuestName, GuestImage>,
): Record<GuestName, BootContext> {
  const { saved, ...rest } = boot;
  const contexts: Record<GuestName, BootContext> = {};
  for (const [guest, image] of Object.entries(images))
    contexts[guest] = { ...rest, image, ...(saved && image.canSave ? { saved } : {}) };
  return contexts;
}

/**
 * Prepares the session. With `--accel auto` a probe guest boots under KVM, and TCG is the fallback.
 */
export async function openSession(
  plan: RunPlan,
  lifetime: RunLifetime,
  deps: EngineDeps,
  emit: EventSink,
  /** False when nothing will be measured (a paired run with every scenario unchanged): no prepare boots. */
  measuring = true,
): Promise<Session> {
  const { ledger } = lifetime;
  const workDir = resolve(plan.workDir);
  await mkdir(workDir, { recursive: true });
  const devices = deviceDeps(lifetime, deps);
  // Granted here, inside the run: after the Action's package installs (an install can restart
  // udev, which resets /dev/kvm's mode and ACL), and before prepare boots under `--accel kvm`.
  const kvm = kvmAccess(ledger, devices);
  if (plan.accel !== 'tcg' && kvm.exists()) await kvm.ensure();
  // Before prepare: a user image's one-run key lives in it, and teardown removes it whatever happens.
  const scratchDir = await createScratchDir(ledger, scratchBases(lifetime.stateDir));
  const prepare: PrepareHost = {
    // Prepare boots before the accelerator probe: under KVM only when KVM was asked for.
    accel: plan.accel === 'kvm' ? 'kvm' : 'tcg',
    spawn: deps.spawn,
    consoleLog: join(workDir, 'prepare-console.log'),
    track: (pid, argv) => ledger.record((d) => d.vms.push({ pid, argv: [...argv] })),
    untrack: (pid) => ledger.forget((d) => (d.vms = d.vms.filter((vm) => vm.pid !== pid))),
    warn: (message) => emit({ type: 'warning', message }),
    scratchDir,
  };
  const images = await prepareImages(plan, deps, emit, prepare, !measuring);
  const image = images[guestsOf(plan)[0]!]!;
  const started = performance.now();

  // QEMU opens /dev/net/tun to attach its tap; on some hosts only root may (mode 0600).
  if (!(await ensureDeviceAccess('/dev/net/tun', ledger, devices)))
    throw new RunError(
      `QEMU cannot open /dev/net/tun as uid ${ledger.data.ownerUid}, and setfacl could not allow it`,
    );
  const { netns } = resourceNames(ledger.data.runId, 0);
  await ledger.create({ before: (d) => (d.netns = netns) }, () => createNamespace(netns, deps.exec));
  const hostNetem = await hostHasNetem(netns, deps.exec);
  // Before anything boots, the accelerator probe included.
  const unshapeable = linkRefusal(
    plan.scenarios,
    hostNetem,
    (guest) => deps.guests.guest(guest).os.shapesOwnLink,
  );
  if (unshapeable !== undefined) throw new RunError(unshapeable);
  const accel = await pickAccel(
    plan,
    await probeImage(plan, images, deps, prepare),
    { workDir, scratchDir },
    { lifetime, deps, kvm },
    emit,
  );
  const vhostNet = vhostNetOpens(deps, emit);

  // Pinned on each boot's route (net/netns.ts moveTapIntoNamespace).
  const hostPeer = { congestionControl: PEER_CONGESTION_CONTROL };
  const pinning = await pinningFor(plan, emit);
  const saved = await savedGuestsFor(plan, accel.accel, deps, emit);
  const boot: BootContext = {
    image,
    accel: accel.accel,
    cpu: accel.cpu,
    vhostNet,
    ...(pinning ? { pinning } : {}),
    ...(saved ? { saved } : {}),
    warn: (message) => emit({ type: 'warning', message }),
    onPhase: (phase, seconds) => emit({ type: 'phase', phase, seconds }),
    ledger,
    netns,
    hostNetem,
    workDir,
    scratchDir,
    uid: ledger.data.ownerUid,
    deps,
  };
  emit({ type: 'phase', phase: 'session', seconds: (performance.now() - started) / 1000 });
  return {
    image,
    images,
    accel,
    vhostNet,
    boot,
    contexts: guestContexts(boot, images),
    prepare,
    hostPeer,
  };
}

/** The accelerator probe boots the initramfs guest (a kernel to user space), whichever guests run. */
async function probeImage(
  plan: RunPlan,
  images: Record<GuestName, GuestImage>,
  deps: EngineDeps,
  prepare: PrepareHost,
): Promise<GuestImage> {
  return (
    images.linux ??
    (await deps.guests
      .guest('linux')
      .prepareImage({ cacheDir: cacheDirFor(plan.workDir), kernel: plan.kernel, prepare }, deps.exec))
  );
}

/** Saved guests for `--guest-start restore`; none when QEMU's version cannot be read (it keys every state). */
async function savedGuestsFor(
  plan: RunPlan,
  accel: Accelerator,
  deps: EngineDeps,
  emit: EventSink,
): Promise<BootContext['saved']> {
  if (plan.guestStart === 'cold') return undefined;
  const qemuVersion = await qemuVersionOf(QEMU_BINARY, deps.exec);
  if (qemuVersion === 'unknown') {
    emit({ type: 'warning', message: 'QEMU did not say its version; every guest boots cold' });
    return undefined;
  }
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  return {
    store: savedGuestStore(cacheDirFor(plan.workDir)),
    qemuVersion,
    hostCpu: hostCpuIdentity(accel, cpuinfo),
  };
}

async function pickAccel(
  plan: RunPlan,
  image: GuestImage,
  dirs: { workDir: string; scratchDir: string },
  host: { lifetime: RunLifetime; deps: EngineDeps; kvm: KvmAccess },
  emit: EventSink,
): Promise<AccelChoice> {
  emit({ type: 'stage', message: `choosing the accelerator (--accel ${plan.accel})` });
  const { ledger } = host.lifetime;
  const choice = await chooseAccel(
    plan.accel,
    (cpu) => probeBoot(image, { accel: 'kvm', cpu }, dirs, 20_000, { spawn: host.deps.spawn, ledger }),
    host.kvm,
  );
  emit({ type: 'accel', accel: choice.accel, note: choice.note });
  if (plan.accel === 'auto' && choice.accel === 'tcg')
    emit({ type: 'warning', message: `using TCG (software emulation): ${choice.note}` });
  return choice;
}

/** The loop's steps on the real host: boot and stop guests of this session, run iperf3. */
export function sessionSteps(session: Session, deps: EngineDeps): LoopSteps<BootedGuest> {
  const repetitionDeps = {
    exec: deps.exec,
    // Never root: the invoking user under sudo, nobody for a run started as root.
    runAs: iperf3ClientUser(),
    peerPrefix: peerPrefix(session.boot.pinning),
    dataPort: dataPortCycle(),
  };
  return {
    boot: (index, setup) => bootGuest(session.contexts[setup.guest] ?? session.boot, index, setup),
    stop: (guest) => stopGuest(session.boot, guest),
    repetition: (target, settings, onRetry) => runRepetition(target, settings, onRetry, repetitionDeps),
  };
}
