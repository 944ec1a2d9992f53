// Where a run's wall time goes: the engine's phase events summed per phase, beside the seconds
// iperf3 actually transferred. Printed by the speed part, for cold boots and restored guests.
import type { EngineEvent, EnginePhase } from '../src/engine/events.js';
import type { ResultsFile } from '../src/model/results.js';

export interface PhaseTally {
  seconds: Partial<Record<EnginePhase, number>>;
  counts: Partial<Record<EnginePhase, number>>;
}

export function phaseRecorder(): { tally: PhaseTally; sink: (event: EngineEvent) => void } {
  const tally: PhaseTally = { seconds: {}, counts: {} };
  return {
    tally,
    sink: (event) => {
      if (event.type !== 'phase') return;
      tally.seconds[event.phase] = (tally.seconds[event.phase] ?? 0) + event.seconds;
      tally.counts[event.phase] = (tally.counts[event.phase] ?? 0) + 1;
    },
  };
}

/** Seconds iperf3 transferred (omit included): the part of the wall that is measurement. */
export function transferSeconds(results: ResultsFile): number {
  return results.scenarios.reduce((sum, s) => sum + s.samples.length * (s.durationSec + s.omitSec), 0);
}

const ROWS: { phase: EnginePhase; label: string }[] = [
  { phase: 'preflight', label: 'preflight (host checks, stale cleanup)' },
  { phase: 'image', label: 'guest image (cached)' },
  { phase: 'session', label: 'session (scratch, devices, namespace)' },
  { phase: 'boot', label: 'boot or restore, start to ready' },
  { phase: 'tap', label: '  of which tap setup' },
  { phase: 'repetition', label: 'repetitions (iperf3 start to result)' },
  { phase: 'stop', label: 'guest stop' },
  { phase: 'teardown', label: 'teardown' },
];

/** The breakdown as lines: per phase its seconds, count and share of the wall. */
export function breakdownLines(tally: PhaseTally, wall: number, transfer: number): string[] {
  const lines = ROWS.map(({ phase, label }) => {
    const seconds = tally.seconds[phase] ?? 0;
    const count = tally.counts[phase] ?? 0;
    return `  ${label.padEnd(40)} ${seconds.toFixed(2).padStart(7)} s  ${String(count).padStart(3)}x  ${((seconds / wall) * 100).toFixed(1).padStart(5)}%`;
  });
  const repetitions = tally.counts.repetition ?? 0;
  const perRepetition = repetitions > 0 ? ((tally.seconds.repetition ?? 0) - transfer) / repetitions : 0;
  return [
    ...lines,
    `  per repetition beyond its transfer: ${perRepetition.toFixed(3)} s (${repetitions} repetitions, ${transfer.toFixed(0)} s transferred)`,
  ];
}
