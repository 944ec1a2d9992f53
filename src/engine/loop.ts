// The boot-and-sample loop: per boot group, boot a guest, run each scenario's repetitions, stop
// the guest. It never tears down: the run's owner (run-owner.ts) does that once, on every path.
// Booting and measuring come in as steps, so the loop runs in tests without QEMU.
//
// No transfer is discarded after a boot, here or in the paired loop: a guest's first repetition
// (its first second omitted, as every repetition's) measures like its others. Plain loop,
// `npm run bench -- --part warm-up`: first/others median 1.002 over 12 guests (0.998 with a
// warm-up), and a default run spent 9.0% instead of 12.8% outside transfers; paired blocks,
// `--part noise`: first/second repetition 0.992–1.011 per scenario over 16–18 boots each.
import { describeError } from '../common/errors.js';
import type { LinkPlacement } from '../net/link-shaping.js';
import { LedgerClosedError } from '../net/ledger.js';
import type { Accelerator, MeasureSettings, RunPlan, Sysctl } from '../model/plan.js';
import type { GuestStart, ScenarioResult } from '../model/results.js';
import { GUEST_IPERF3_PORT, type GuestSetup } from './boot-spec.js';
import { timed, type EventSink } from './events.js';
import { bootGroups } from './groups.js';
import { outsideCores, type CpuSnapshot } from './host-cpu.js';
import {
  bootDone,
  bootStarted,
  etaSeconds,
  repetitionDone,
  repetitionsSkipped,
  startProgress,
  type Progress,
} from './progress.js';
import type { RepetitionSample, RepetitionTarget } from './repetition.js';
import { addSample, emptyResult, summarizeResult } from './scenario-result.js';

/** What the loop reads of a booted guest. */
export interface LoopGuest {
  addresses: { guest: string };
  report: {
    seconds: number;
    kernelRelease?: string;
    sysctls: Sysctl[];
    /** The standard TCP knobs as the guest has them; absent from guests that do not say. */
    effective?: Sysctl[];
    /** `-` (ignore if missing) sysctls the guest kernel lacks. */
    skipped?: string[];
  };
  linkAppliedAt: LinkPlacement;
  /** How the guest came up; absent from guests that do not say. */
  start?: GuestStart;
  /** vhost-net on its NIC's tap; absent for a NIC model without a vhost backend. */
  vhost?: 'on' | 'off';
}

export interface LoopSteps<G extends LoopGuest> {
  boot(index: number, setup: GuestSetup): Promise<G>;
  stop(guest: G): Promise<void>;
  /** One iperf3 repetition (retrying a failed connection itself). */
  repetition(
    target: RepetitionTarget,
    settings: MeasureSettings,
    onRetry: (message: string) => void,
  ): Promise<RepetitionSample>;
  /** Host CPU counters with these guests' processes counted as nicgate's; absent: not watched. */
  cpu?: (guests: readonly G[]) => Promise<CpuSnapshot>;
}

export interface LoopOutcome {
  scenarios: ScenarioResult[];
  /** The scenario whose repetitions are running, with the samples so far (for a partial file). */
  current?: ScenarioResult;
  /** The kernel release the last guest reported, when any did. */
  guestKernel?: string;
}

/** Where the loop measures; `hostPeer` is recorded in every scenario. */
export interface LoopWhere {
  netns: string;
  accel: Accelerator;
  hostPeer?: { congestionControl: string };
}

/** The boot event's `start` field, where the guest says how it came up. */
export function startOf(guest: LoopGuest): { start?: NonNullable<LoopGuest['start']> } {
  return guest.start ? { start: guest.start } : {};
}

/** What the booted guest said, on each of its scenarios. */
export function recordGuest(result: ScenarioResult, guest: LoopGuest): void {
  result.link.appliedAt = guest.linkAppliedAt;
  result.appliedSysctls = guest.report.sysctls;
  if (guest.report.effective) result.effectiveSysctls = guest.report.effective;
  if (guest.report.skipped) result.skippedSysctls = guest.report.skipped;
  result.bootSeconds = guest.report.seconds;
  if (guest.start) result.guestStart = guest.start;
  if (guest.vhost) result.vhost = guest.vhost;
}

/**
 * Runs every boot group. `outcome` fills as scenarios end, so the run's owner can save what was
 * measured if the run is interrupted. Teardown having begun (LedgerClosedError) ends the loop.
 */
export async function runScenarios<G extends LoopGuest>(
  plan: RunPlan,
  where: LoopWhere,
  steps: LoopSteps<G>,
  emit: EventSink,
  outcome: LoopOutcome = { scenarios: [] },
): Promise<LoopOutcome> {
  const groups = bootGroups(plan.scenarios);
  const total = plan.scenarios.length;
  const { repetitions } = plan.measure;
  let progress: Progress = startProgress({
    boots: groups.length,
    repetitions: total * repetitions,
    accel: where.accel,
    durationSec: plan.measure.durationSec,
    omitSec: plan.measure.omitSec,
  });
  const target = (guest: G, direction: RepetitionTarget['direction']): RepetitionTarget => ({
    netns: where.netns,
    server: guest.addresses.guest,
    port: GUEST_IPERF3_PORT,
    direction,
  });

  for (const [groupIndex, group] of groups.entries()) {
    const first = group.scenarios[0]!;
    progress = bootStarted(progress);
    let guest: G | undefined;
    let groupError: string | undefined;
    try {
      guest = await timed(emit, 'boot', () =>
        steps.boot(groupIndex, {
          guest: first.guest,
          nic: first.nic,
          profile: first.profile,
          link: first.link,
        }),
      );
      progress = bootDone(progress, guest.report.seconds);
      if (guest.report.kernelRelease) outcome.guestKernel = guest.report.kernelRelease;
      emit({ type: 'boot', group: group.key, seconds: guest.report.seconds, ...startOf(guest) });
    } catch (error) {
      if (error instanceof LedgerClosedError) throw error;
      groupError = `guest did not start: ${describeError(error)}`;
    }
    for (const scenario of group.scenarios) {
      const result = emptyResult(scenario, plan);
      const started = Date.now();
      const index = outcome.scenarios.length + 1;
      if (where.hostPeer) result.hostPeer = where.hostPeer;
      if (guest) recordGuest(result, guest);
      outcome.current = result;
      // CPU busy outside nicgate while this scenario measured: a neighbour the start-of-run probe
      // cannot see, for the stored-baseline rule to read as "environment differs".
      const before = guest && !groupError ? await steps.cpu?.([guest]) : undefined;
      for (let rep = 1; rep <= repetitions && guest && !groupError; rep++) {
        emit({
          type: 'repetition',
          index,
          total,
          key: scenario.key,
          repetition: rep,
          repetitions,
          etaSec: etaSeconds(progress),
        });
        const repStarted = Date.now();
        try {
          const where = target(guest, scenario.direction);
          const sample = await timed(emit, 'repetition', () =>
            steps.repetition(where, plan.measure, (message) => {
              result.retries = (result.retries ?? 0) + 1;
              emit({ type: 'retry', key: scenario.key, message });
            }),
          );
          addSample(result, sample);
        } catch (error) {
          result.error = `repetition ${rep}: ${describeError(error)}`;
          break;
        } finally {
          progress = repetitionDone(progress, (Date.now() - repStarted) / 1000);
        }
      }
      if (groupError) result.error = groupError;
      const after = before && guest ? await steps.cpu?.([guest]) : undefined;
      if (before && after) result.outsideCpu = Number(outsideCores(before, after).toFixed(3));
      summarizeResult(result);
      result.wallSeconds = (Date.now() - started) / 1000;
      outcome.scenarios.push(result);
      delete outcome.current;
      emit({ type: 'scenario', index, total, result });
    }
    if (!guest) progress = repetitionsSkipped(progress, group.scenarios.length * repetitions);
    const booted = guest;
    if (booted) await timed(emit, 'stop', () => steps.stop(booted));
  }
  return outcome;
}
