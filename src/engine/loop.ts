// The measurement pipeline: plan -> guest image -> accelerator -> namespace -> per boot group:
// boot, repetitions, stop -> results. Teardown of everything it made happens on every path.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describeError } from '../common/errors.js';
import { buildLinuxGuest, distroKernel, userKernel, type LinuxGuestImage } from '../guest/linux/image.js';
import { resourceNames } from '../net/addresses.js';
import type { Ledger } from '../net/ledger.js';
import { createNamespace, hostHasNetem } from '../net/netns.js';
import { teardown } from '../net/teardown.js';
import { chooseAccel } from '../qemu/accel.js';
import { QEMU_BINARY } from '../qemu/argv.js';
import { RESULTS_SCHEMA_VERSION, type ResultsFile, type ScenarioResult } from '../model/results.js';
import { summarize } from '../stats/summary.js';
import type { RunPlan, Scenario } from '../model/plan.js';
import {
  bootGuest,
  GUEST_IPERF3_PORT,
  probeBoot,
  createScratchDir,
  stopGuest,
  type BootContext,
  type BootedGuest,
} from './boot.js';
import { collectEnvironment } from './environment.js';
import type { EventSink } from './events.js';
import { bootGroups, estimateRemaining } from './groups.js';
import { runRepetition } from './repetition.js';

const WARM_UP_SECONDS = 1;

export function cacheDirFor(workDir: string): string {
  return join(resolve(workDir), 'cache');
}

export async function prepareGuestImage(plan: RunPlan): Promise<LinuxGuestImage> {
  const cacheDir = cacheDirFor(plan.workDir);
  const kernel = plan.kernel
    ? await userKernel(plan.kernel.image, plan.kernel.modulesDir)
    : await distroKernel(cacheDir);
  return await buildLinuxGuest(kernel, cacheDir);
}

function baseResult(scenario: Scenario, plan: RunPlan): ScenarioResult {
  return {
    key: scenario.key,
    guest: scenario.guest,
    nic: scenario.nic,
    profile: {
      name: scenario.profile.name,
      source: scenario.profile.source,
      sysctls: scenario.profile.sysctls,
    },
    link: {
      name: scenario.link.name,
      spec: scenario.link.spec,
      rttMs: scenario.link.rttMs,
      lossPct: scenario.link.lossPct,
      rateBitsPerSec: scenario.link.rateBitsPerSec,
      appliedAt: 'none',
    },
    direction: scenario.direction,
    streams: plan.measure.streams,
    durationSec: plan.measure.durationSec,
    omitSec: plan.measure.omitSec,
    samples: [],
    sampleDetails: [],
    appliedSysctls: [],
  };
}

/**
 * A fresh guest under TCG runs its first transfer far slower (the emulator is still translating
 * the guest's network path), so every boot gets one short transfer whose result is discarded.
 */
async function warmUp(netns: string, guest: BootedGuest, scenario: Scenario, plan: RunPlan): Promise<void> {
  await runRepetition(
    { netns, server: guest.addresses.guest, port: GUEST_IPERF3_PORT, direction: scenario.direction },
    { ...plan.measure, durationSec: WARM_UP_SECONDS, omitSec: 0, repetitions: 1 },
    () => undefined,
  );
}

export async function runPlan(plan: RunPlan, ledger: Ledger, emit: EventSink): Promise<ResultsFile> {
  const workDir = resolve(plan.workDir);
  await mkdir(workDir, { recursive: true });
  emit({ type: 'stage', message: 'preparing the Linux guest image (cached by content hash)' });
  const image = await prepareGuestImage(plan);

  const scratchDir = await createScratchDir(ledger.data.runId, workDir);
  ledger.update((d) => (d.scratchDir = scratchDir));
  emit({ type: 'stage', message: `choosing the accelerator (--accel ${plan.accel})` });
  const choice = await chooseAccel(plan.accel, () =>
    probeBoot(image, 'kvm', { workDir, scratchDir }, 20_000),
  );
  emit({ type: 'accel', accel: choice.accel, note: choice.note });
  if (plan.accel === 'auto' && choice.accel === 'tcg')
    emit({ type: 'warning', message: `using TCG (software emulation): ${choice.note}` });

  const { netns } = resourceNames(ledger.data.runId, 0);
  const results: ScenarioResult[] = [];
  let guestKernel = image.kernelRelease;
  try {
    ledger.update((d) => (d.netns = netns));
    await createNamespace(netns);
    const hostNetem = await hostHasNetem(netns);
    const ctx: BootContext = {
      image,
      accel: choice.accel,
      ledger,
      netns,
      hostNetem,
      workDir,
      scratchDir,
      uid: process.getuid?.() ?? 0,
    };
    const groups = bootGroups(plan.scenarios);
    const perRepetition = plan.measure.durationSec + plan.measure.omitSec + 1;
    const pace = { bootSec: choice.accel === 'kvm' ? 2 : 4, repetitionSec: perRepetition };
    const seen = { boots: 0, bootSec: 0, repetitions: 0, repetitionSec: 0 };
    let scenarioIndex = 0;
    let repetitionsLeft = plan.scenarios.length * plan.measure.repetitions;

    for (const [groupIndex, group] of groups.entries()) {
      const first = group.scenarios[0]!;
      let guest: BootedGuest | undefined;
      let groupError: string | undefined;
      try {
        guest = await bootGuest(ctx, groupIndex, {
          nic: first.nic,
          profile: first.profile,
          link: first.link,
        });
        seen.boots++;
        seen.bootSec += guest.report.seconds;
        pace.bootSec = seen.bootSec / seen.boots;
        if (guest.report.kernelRelease) guestKernel = guest.report.kernelRelease;
        emit({ type: 'boot', group: group.key, seconds: guest.report.seconds });
        await warmUp(netns, guest, first, plan);
      } catch (error) {
        groupError = `guest did not start: ${describeError(error)}`;
      }
      for (const scenario of group.scenarios) {
        const result = baseResult(scenario, plan);
        const started = Date.now();
        scenarioIndex++;
        if (guest) {
          result.link.appliedAt = guest.linkAppliedAt;
          result.appliedSysctls = guest.report.sysctls;
          result.bootSeconds = guest.report.seconds;
        }
        for (let rep = 1; rep <= plan.measure.repetitions && guest && !groupError; rep++) {
          emit({
            type: 'repetition',
            index: scenarioIndex,
            total: plan.scenarios.length,
            key: scenario.key,
            repetition: rep,
            repetitions: plan.measure.repetitions,
            etaSec: estimateRemaining(
              { boots: groups.length - groupIndex - 1, repetitions: repetitionsLeft },
              pace,
            ),
          });
          const repStarted = Date.now();
          try {
            const sample = await runRepetition(
              {
                netns,
                server: guest.addresses.guest,
                port: GUEST_IPERF3_PORT,
                direction: scenario.direction,
              },
              plan.measure,
              (message) => emit({ type: 'retry', key: scenario.key, message }),
            );
            result.samples.push(sample.bitsPerSecond);
            result.sampleDetails.push({
              bitsPerSecond: sample.bitsPerSecond,
              iperf3End: sample.end,
              ...(sample.retransmits === undefined ? {} : { retransmits: sample.retransmits }),
            });
          } catch (error) {
            result.error = `repetition ${rep}: ${describeError(error)}`;
            break;
          } finally {
            repetitionsLeft--;
            seen.repetitions++;
            seen.repetitionSec += (Date.now() - repStarted) / 1000;
            pace.repetitionSec = seen.repetitionSec / seen.repetitions;
          }
        }
        if (groupError) result.error = groupError;
        if (result.samples.length > 0 && !result.error) result.summary = summarize(result.samples);
        result.wallSeconds = (Date.now() - started) / 1000;
        results.push(result);
        emit({ type: 'scenario', index: scenarioIndex, total: plan.scenarios.length, result });
      }
      if (!guest) repetitionsLeft -= group.scenarios.length * plan.measure.repetitions;
      if (guest) await stopGuest(ctx, guest);
    }
  } finally {
    await teardown(ledger.data);
    ledger.update((d) => {
      d.vms = [];
      d.taps = [];
      delete d.netns;
      delete d.scratchDir;
    });
  }

  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    environment: await collectEnvironment({
      accelerator: choice.accel,
      acceleratorNote: choice.note,
      qemuBinary: QEMU_BINARY,
      guestKernel,
      guestKernelSource: image.kernelSource,
    }),
    scenarios: results,
  };
}
