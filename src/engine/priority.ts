// Measured processes ahead of other work on a busy host: nicgate raises its own scheduling
// priority before anything boots, and QEMU, the host iperf3 peer and every helper it starts
// inherit it. A build sharing the runner's cores then takes the time the guests leave, instead of
// starving a guest's vCPU mid-transfer (at equal priority a starved TCG guest varied threefold
// within one block under a build on both cores; bench/records/quality-load-*.jsonl).
import { getPriority, setPriority } from 'node:os';

/** The niceness measured processes run at: ahead of default-priority work, behind the kernel's own. */
export const MEASURE_NICENESS = -10;

export interface PriorityControl {
  get: () => number;
  set: (niceness: number) => void;
}

const processPriority: PriorityControl = {
  get: () => getPriority(0),
  set: (niceness) => setPriority(0, niceness),
};

/**
 * Raises this process to MEASURE_NICENESS (never lowers it). Returns what it did, for the run's
 * log; without the privilege (an unprivileged run) it says so and the run goes on at the niceness
 * it has.
 */
export function raiseMeasurePriority(control: PriorityControl = processPriority): string {
  const before = control.get();
  if (before <= MEASURE_NICENESS) return `priority: nice ${before} (already at or above ${MEASURE_NICENESS})`;
  try {
    control.set(MEASURE_NICENESS);
    return `priority: nice ${MEASURE_NICENESS} for QEMU and iperf3 (was ${before}): other work on the host goes behind them`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return `priority: left at nice ${before} (${code}): other work on the host competes with the guests on equal terms`;
  }
}
