// The warm-up study: does a guest's first repetition measure low without the discarded transfer
// after its boot? Per scenario, the first repetition against the median of the others. Pure.
import { summarize } from '../src/stats/summary.js';

export interface WarmUpRun {
  warmUpSec: number;
  /** Each scenario's samples in repetition order. */
  scenarios: { key: string; samples: readonly number[] }[];
  wall: number;
  transfer: number;
}

/** first / median(rest) for each scenario of each run, grouped by the warm-up length. */
function firstRepetitionRatios(runs: readonly WarmUpRun[]): Map<number, number[]> {
  const ratios = new Map<number, number[]>();
  for (const run of runs)
    for (const scenario of run.scenarios) {
      const [first, ...rest] = scenario.samples;
      if (first === undefined || rest.length === 0) continue;
      const ratio = first / summarize(rest).median;
      ratios.set(run.warmUpSec, [...(ratios.get(run.warmUpSec) ?? []), ratio]);
    }
  return ratios;
}

export function printWarmUpStudy(runs: readonly WarmUpRun[], print: (line: string) => void): void {
  print('\nwarm-up study: the first repetition of each guest against the median of its other repetitions');
  for (const [seconds, ratios] of [...firstRepetitionRatios(runs)].sort(([a], [b]) => b - a)) {
    const sorted = [...ratios].sort((a, b) => a - b);
    const low = ratios.filter((r) => r < 0.95).length;
    const overhead = runs
      .filter((run) => run.warmUpSec === seconds)
      .map((run) => ((run.wall - run.transfer) / run.wall) * 100);
    print(
      `  warm-up ${seconds} s: first/rest median ${summarize(ratios).median.toFixed(3)} (${sorted[0]!.toFixed(3)} to ${sorted.at(-1)!.toFixed(3)}), below 0.95 in ${low} of ${ratios.length} guests; harness overhead ${overhead.map((o) => `${o.toFixed(1)}%`).join(', ')} (${overhead.length} runs)`,
    );
  }
}
