// What every boot of a run shares: the guest image, a scratch directory, the accelerator and the
// run's network namespace. Everything it creates is written to the ledger first; it removes
// nothing itself (the run's owner tears down).
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GUEST_OSES } from '../guest/registry.js';
import type { GuestImage, GuestOs } from '../guest/os.js';
import type { RunPlan } from '../model/plan.js';
import { resourceNames } from '../net/addresses.js';
import type { Ledger } from '../net/ledger.js';
import { createNamespace, hostHasNetem } from '../net/netns.js';
import { chooseAccel, type AccelChoice } from '../qemu/accel.js';
import { bootGuest, probeBoot, stopGuest, type BootContext, type BootedGuest } from './boot.js';
import type { EngineDeps } from './deps.js';
import type { EventSink } from './events.js';
import type { LoopSteps } from './loop.js';
import { runRepetition } from './repetition.js';

export interface Session {
  image: GuestImage;
  accel: AccelChoice;
  boot: BootContext;
}

function cacheDirFor(workDir: string): string {
  return join(resolve(workDir), 'cache');
}

/**
 * Where a run keeps its per-boot files: /dev/shm where it exists, which keeps a 15 MB initrd per
 * boot off the disk; teardown removes the directory on every path.
 */
async function createScratchDir(runId: string, workDir: string): Promise<string> {
  const base = await access('/dev/shm', constants.W_OK).then(
    () => '/dev/shm',
    () => workDir,
  );
  const dir = join(base, `nicgate-${runId}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** The plan's guest OS. Scenarios name one today (`linux`); a plan mixing several is for later. */
function guestOsOf(plan: RunPlan): GuestOs {
  return GUEST_OSES[plan.scenarios[0]?.guest ?? 'linux'];
}

/**
 * Prepares the session. `fixedAccel` skips the accelerator probe (benchmarks pick their own);
 * otherwise `--accel auto` boots a probe guest under KVM and falls back to TCG.
 */
export async function openSession(
  plan: RunPlan,
  ledger: Ledger,
  deps: EngineDeps,
  emit: EventSink,
  fixedAccel?: 'kvm' | 'tcg',
): Promise<Session> {
  const workDir = resolve(plan.workDir);
  await mkdir(workDir, { recursive: true });
  const os = guestOsOf(plan);
  emit({ type: 'stage', message: `preparing the ${os.label} guest image (cached by content hash)` });
  const image = await os.prepareImage(
    { cacheDir: cacheDirFor(plan.workDir), kernel: plan.kernel },
    deps.exec,
  );

  const scratchDir = await createScratchDir(ledger.data.runId, workDir);
  ledger.update((d) => (d.scratchDir = scratchDir));
  const accel = fixedAccel
    ? { accel: fixedAccel, note: `${fixedAccel} chosen by the caller` }
    : await pickAccel(plan, image, { workDir, scratchDir }, deps, emit);

  const { netns } = resourceNames(ledger.data.runId, 0);
  ledger.update((d) => (d.netns = netns));
  await createNamespace(netns, deps.exec);
  const hostNetem = await hostHasNetem(netns, deps.exec);
  const boot: BootContext = {
    image,
    accel: accel.accel,
    ledger,
    netns,
    hostNetem,
    workDir,
    scratchDir,
    uid: process.getuid?.() ?? 0,
    deps,
  };
  return { image, accel, boot };
}

async function pickAccel(
  plan: RunPlan,
  image: GuestImage,
  dirs: { workDir: string; scratchDir: string },
  deps: EngineDeps,
  emit: EventSink,
): Promise<AccelChoice> {
  emit({ type: 'stage', message: `choosing the accelerator (--accel ${plan.accel})` });
  const choice = await chooseAccel(
    plan.accel,
    () => probeBoot(image, 'kvm', dirs, 20_000, deps.spawn),
    deps.exec,
  );
  emit({ type: 'accel', accel: choice.accel, note: choice.note });
  if (plan.accel === 'auto' && choice.accel === 'tcg')
    emit({ type: 'warning', message: `using TCG (software emulation): ${choice.note}` });
  return choice;
}

/** The loop's steps on the real host: boot and stop guests of this session, run iperf3. */
export function sessionSteps(session: Session, deps: EngineDeps): LoopSteps<BootedGuest> {
  return {
    boot: (index, setup) => bootGuest(session.boot, index, setup),
    stop: (guest) => stopGuest(session.boot, guest),
    repetition: (target, settings, onRetry) => runRepetition(target, settings, onRetry, { exec: deps.exec }),
  };
}
