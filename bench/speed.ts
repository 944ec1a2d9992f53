// The speed part of `npm run bench` (its default): guest start times, then the default matrix
// with restored guests and with cold boots, per phase where the wall goes and the harness
// overhead = (wall - transfer) / wall. Also the warm-up study (`--part warm-up`).
import { resolve } from 'node:path';
import { formatBitrate } from '../src/common/format.js';
import { planFromOptions } from '../src/config/host-paths.js';
import { executeRun } from '../src/engine/run.js';
import { RUN_DEFAULTS } from '../src/model/defaults.js';
import { summarize } from '../src/stats/summary.js';
import { breakdownLines, phaseRecorder, transferSeconds } from './breakdown.js';
import { printStartTimes, startTimes } from './start.js';
import { printWarmUpStudy, type WarmUpRun } from './warm-up.js';
import { executeWarmUpRun } from './warm-up-run.js';

export interface SpeedOptions {
  accel: string;
  workDir: string;
  /** Seconds and repetitions of each measured run, as the flags give them. */
  duration: string;
  repetitions: string;
  /** Cold boots and restores timed each. */
  boots: number;
  /** Timed runs of the default matrix per guest start mode, in `modes` order. */
  speedRuns: number;
  modes: readonly ('restore' | 'cold')[];
}

type MatrixOptions = Pick<SpeedOptions, 'accel' | 'workDir' | 'duration' | 'repetitions'>;

/** One run of the default matrix, with its wall, its transfer seconds and where the rest went. */
async function matrixRun(options: MatrixOptions, guestStart: 'cold' | 'restore', warmUpSec = 0) {
  const plan = planFromOptions({
    nic: RUN_DEFAULTS.nic,
    profile: RUN_DEFAULTS.profile,
    link: RUN_DEFAULTS.link,
    duration: options.duration,
    repetitions: options.repetitions,
    accel: options.accel,
    'guest-start': guestStart,
    'work-dir': options.workDir,
    'allow-work-dir-in-checkout': 'true',
    out: resolve(options.workDir, `bench-results-${guestStart}.json`),
  });
  const { tally, sink } = phaseRecorder();
  const started = performance.now();
  const results =
    warmUpSec > 0
      ? await executeWarmUpRun(plan, warmUpSec, sink, { handleSignals: true })
      : (await executeRun(plan, sink, { handleSignals: true })).results;
  const wall = (performance.now() - started) / 1000;
  return { results, tally, wall, transfer: transferSeconds(results) };
}

/** Times the default matrix once; returns its harness overhead in percent. */
async function speedRun(options: MatrixOptions, guestStart: 'cold' | 'restore'): Promise<number> {
  const { results, tally, wall, transfer } = await matrixRun(options, guestStart);
  console.log(
    `\n--guest-start ${guestStart}: the default matrix at --duration ${options.duration}, ${options.repetitions} repetitions`,
  );
  console.log('  scenario                                   median     guest     ready s  wall s');
  for (const s of results.scenarios)
    console.log(
      `  ${s.key.padEnd(42)} ${(s.summary ? formatBitrate(s.summary.median) : 'failed').padStart(11)} ${(s.guestStart ?? '-').padStart(9)} ${(s.bootSeconds ?? 0).toFixed(2).padStart(7)} ${(s.wallSeconds ?? 0).toFixed(1).padStart(7)}`,
    );
  for (const line of breakdownLines(tally, wall, transfer)) console.log(line);
  const overhead = ((wall - transfer) / wall) * 100;
  console.log(
    `  whole run: wall ${wall.toFixed(1)} s, iperf3 transferring ${transfer.toFixed(1)} s, harness overhead ${overhead.toFixed(1)}%`,
  );
  return overhead;
}

/** `--part warm-up`: the default matrix (restored guests) with and without the warm-up, alternating, `runs` each. */
export async function warmUpStudy(options: MatrixOptions, runs: number): Promise<void> {
  const measured: WarmUpRun[] = [];
  for (let run = 0; run < runs; run++)
    for (const warmUpSec of [1, 0]) {
      const { results, wall, transfer } = await matrixRun(options, 'restore', warmUpSec);
      measured.push({
        warmUpSec,
        scenarios: results.scenarios.map((s) => ({ key: s.key, samples: s.samples })),
        wall,
        transfer,
      });
      console.log(
        `run ${run + 1}, warm-up ${warmUpSec} s: ${results.scenarios.map((s) => s.samples.map((b) => (b / 1e6).toFixed(0)).join('/')).join('  ')}`,
      );
    }
  printWarmUpStudy(measured, console.log);
}

export async function speed(options: SpeedOptions): Promise<void> {
  const accel = options.accel === 'kvm' ? 'kvm' : 'tcg';
  printStartTimes(await startTimes(options.boots, accel, options.workDir), accel, console.log);
  // Every default NIC's saved guest exists before the restore run is timed (a job with a warm
  // guest cache finds them so): one short run boots and saves whichever is missing.
  if (options.speedRuns > 0) await matrixRun({ ...options, duration: '1', repetitions: '1' }, 'restore');
  // Side by side in one benchmark, restored first.
  const overheads = new Map(options.modes.map((mode) => [mode, [] as number[]]));
  for (let run = 0; run < options.speedRuns; run++)
    for (const mode of options.modes) overheads.get(mode)!.push(await speedRun(options, mode));
  if (options.speedRuns > 1) {
    console.log('\nharness overhead of the default matrix, per guest start:');
    for (const [mode, list] of overheads) {
      const sorted = [...list].sort((a, b) => a - b);
      console.log(
        `  --guest-start ${mode}: median ${summarize(list).median.toFixed(1)}% of ${list.length} runs (${sorted.map((o) => `${o.toFixed(1)}%`).join(', ')})`,
      );
    }
  }
}
