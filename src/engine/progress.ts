// ETA bookkeeping for the run loop: what is left and the pace seen so far. Pure: each step
// returns a new state.
import type { Accelerator } from '../model/plan.js';

export interface Pace {
  bootSec: number;
  repetitionSec: number;
}

export interface Progress {
  /** Boots not yet started. */
  bootsLeft: number;
  /** Repetitions not yet attempted. */
  repetitionsLeft: number;
  pace: Pace;
  seen: { boots: number; bootSec: number; repetitions: number; repetitionSec: number };
}

/** Seconds left: remaining boots and repetitions at the pace seen so far. */
export function estimateRemaining(
  left: { boots: number; repetitions: number },
  pace: { bootSec: number; repetitionSec: number },
): number {
  return Math.round(left.boots * pace.bootSec + left.repetitions * pace.repetitionSec);
}

/**
 * Before anything ran: a guess of 2 s per boot under KVM and 4 s under TCG, and a repetition's
 * traffic plus a second for starting iperf3.
 */
export function startProgress(plan: {
  boots: number;
  repetitions: number;
  accel: Accelerator;
  durationSec: number;
  omitSec: number;
}): Progress {
  return {
    bootsLeft: plan.boots,
    repetitionsLeft: plan.repetitions,
    pace: { bootSec: plan.accel === 'kvm' ? 2 : 4, repetitionSec: plan.durationSec + plan.omitSec + 1 },
    seen: { boots: 0, bootSec: 0, repetitions: 0, repetitionSec: 0 },
  };
}

/** A boot begins: one fewer left, whether or not it works. */
export function bootStarted(progress: Progress): Progress {
  return { ...progress, bootsLeft: progress.bootsLeft - 1 };
}

/** A guest came up in `seconds`: the boot pace becomes the average so far. */
export function bootDone(progress: Progress, seconds: number): Progress {
  const boots = progress.seen.boots + 1;
  const bootSec = progress.seen.bootSec + seconds;
  return {
    ...progress,
    pace: { ...progress.pace, bootSec: bootSec / boots },
    seen: { ...progress.seen, boots, bootSec },
  };
}

/** A repetition ended (with a sample or an error) after `seconds`. */
export function repetitionDone(progress: Progress, seconds: number): Progress {
  const repetitions = progress.seen.repetitions + 1;
  const repetitionSec = progress.seen.repetitionSec + seconds;
  return {
    ...progress,
    repetitionsLeft: progress.repetitionsLeft - 1,
    pace: { ...progress.pace, repetitionSec: repetitionSec / repetitions },
    seen: { ...progress.seen, repetitions, repetitionSec },
  };
}

/** A guest that never came up: its repetitions will not run. */
export function repetitionsSkipped(progress: Progress, count: number): Progress {
  return { ...progress, repetitionsLeft: progress.repetitionsLeft - count };
}

export function etaSeconds(progress: Progress): number {
  return estimateRemaining(
    { boots: progress.bootsLeft, repetitions: progress.repetitionsLeft },
    progress.pace,
  );
}
