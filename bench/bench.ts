// `npm run bench`: figures for the speed goals, printed, never asserted.
//   guest ready    cold boots and restores of a saved guest, alternating (QEMU start -> ready)
//   speed          the default matrix with --guest-start restore and cold, side by side: per
//                  phase where the wall goes, and harness overhead = (wall - transfer) / wall
//   --part start    cold (base) against restored (head) paired jobs of the default scenarios
//   decision rule on real repeated runs: false-alarm rate (A/A, the same configuration run after
//   run) and detection rate (A/B, a link shaped 10% slower), each pair of runs compared as
//   current vs baseline
//   --part noise    A/A paired jobs of the default scenarios, pinned and not: the noise anatomy
//   --part quality  real paired jobs (A/A, and A/B with the send buffer capped at --caps), a
//                   CPU hog in a seeded half, appended to --records; then verdict quality
//   --part replay   ≥ 1000 jobs resampled from the recorded blocks through the real decision code,
//                   and the recorded jobs themselves judged again at --threshold
//   --part warm-up  the default matrix with and without the warm-up transfer after each boot, --runs each
//   --part pr       the wall of `nicgate run --base-ref` on a change to one profile file used by half the default matrix
//   --part stored   plain runs (a CPU hog beside a seeded quarter) judged run by run against the
//                   runs before them, and at volume from the recorded runs
// Usage: npm run bench -- [--part speed|start|noise|quality|replay|stored|warm-up|pr] [--speed-runs N] [--speed-modes restore,cold] [--runs N] [--boots N] [--accel tcg|auto]
//                         [--duration S] [--repetitions N] [--verdict-runs N] [--skip-verdicts]
//                         [--jobs N] [--pairs N] [--caps 0.9,0.95] [--kinds aa,ab90,ab95] [--records FILE] [--seed N]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { planFromOptions } from '../src/config/host-paths.js';
import { executeRun } from '../src/engine/run.js';
import { describeError } from '../src/common/errors.js';
import { summarize } from '../src/stats/summary.js';
import { formatBitrate } from '../src/common/format.js';
import { DECISION_DEFAULTS, PAIRED_DEFAULTS, RUN_DEFAULTS } from '../src/model/defaults.js';

import { readJobRecords, runPairedJob } from './paired-jobs.js';
import { breakdownLines, phaseRecorder, transferSeconds } from './breakdown.js';
import { printStartPairs, printStartTimes, startTimes } from './start.js';
import { noiseAnatomy, printAnatomy } from './noise.js';
import { printQuality, printRejudged, printReplay } from './quality.js';
import { printStored, readStoredRuns, runStoredRun } from './stored.js';
import { printWarmUpStudy, type WarmUpRun } from './warm-up.js';
import { prTime } from './pr-time.js';
import { decide } from './retired-rule/rule.js';
import { simulateDecisionRates } from './retired-rule/simulate.js';
import { createRandom } from '../src/stats/random.js';
import { mkdir, writeFile } from 'node:fs/promises';

/**
 * The link of the verdict-quality and stored-baseline series: 50 ms without a rate, where a
 * buffer's maximum sets the window (the receive buffer smoothly), so a capped buffer is a drop of
 * a known size. Fixed here, apart from the default link, so the series stay comparable.
 */
const QUALITY_LINK = 'rtt=50ms';

/** The guest kernel's default tcp_wmem maximum (4 MiB), which the stock profile leaves alone. */
const STOCK_WMEM_MAX = 4194304;

const { values } = parseArgs({
  options: {
    boots: { type: 'string', default: '5' },
    accel: { type: 'string', default: 'tcg' },
    duration: { type: 'string', default: '5' },
    repetitions: { type: 'string', default: RUN_DEFAULTS.repetitions },
    'work-dir': { type: 'string', default: '.nicgate' },
    'verdict-runs': { type: 'string', default: '5' },
    'skip-verdicts': { type: 'boolean', default: false },
    part: { type: 'string', default: 'speed' },
    jobs: { type: 'string', default: '2' },
    pairs: { type: 'string', default: String(PAIRED_DEFAULTS.pairs) },
    'per-side': { type: 'string', default: '2' },
    scenarios: { type: 'string', default: RUN_DEFAULTS.nic },
    profiles: { type: 'string', default: RUN_DEFAULTS.profile },
    pin: { type: 'string', default: 'auto,off' },
    records: { type: 'string' },
    seed: { type: 'string' },
    kinds: { type: 'string' },
    caps: { type: 'string', default: '0.9,0.95' },
    /** The base side's send buffer maximum, as a fraction of 4 MiB; A/B heads cap it at --caps of that. */
    'base-cap': { type: 'string', default: '1' },
    /** The buffer the caps act on: `wmem` (the guest sends) or `rmem` (the guest receives). */
    knob: { type: 'string', default: 'wmem' },
    /** `half`: a CPU hog beside a seeded half of the quality jobs; `off`: none (calibration). */
    hog: { type: 'string', default: 'half' },
    /** `build`: every quality job beside a build-like load on both cores (a unit-test loop and a type-check loop). */
    load: { type: 'string', default: 'off' },
    /** Noise anatomy: `off`, `on` or `off,on` (a CPU hog beside every job of that pass). */
    'noise-hog': { type: 'string', default: 'off' },
    runs: { type: 'string', default: '24' },
    link: { type: 'string', default: RUN_DEFAULTS.link },
    threshold: { type: 'string' },
    'speed-runs': { type: 'string', default: '1' },
    /** The guest starts each speed run times, in this order: `restore,cold`, or one of them. */
    'speed-modes': { type: 'string', default: 'restore,cold' },
  },
});

const recordsPath = values.records ?? resolve(values['work-dir'], 'bench-paired-jobs.jsonl');

/**
 * Noise anatomy: A/A paired jobs of each default scenario, pinned and unpinned in alternation
 * (side by side in one run, so both meet the same machine), then the anatomy of every recorded
 * A/A job.
 */
async function noise(): Promise<void> {
  const pins = values.pin.split(',') as ('auto' | 'off')[];
  const duration = Number(values.duration);
  let seed = 1;
  const hogs = values['noise-hog'].split(',').map((h) => h === 'on');
  for (let job = 0; job < Number(values.jobs); job++)
    for (const hog of hogs)
      for (const nic of values.scenarios.split(','))
        for (const profile of values.profiles.split(','))
          for (const pin of pins) {
            const record = await runPairedJob(
              {
                kind: 'aa',
                label: 'noise',
                nic,
                baseProfile: profile,
                headProfile: profile,
                link: values.link,
                duration,
                pairs: Number(values.pairs),
                perSide: Number(values['per-side']),
                hog,
                pin,
                seed: seed++,
                workDir: values['work-dir'],
              },
              recordsPath,
            );
            console.log(
              `${record.key} pin=${pin}${hog ? ' +hog' : ''}: ${record.verdict.kind}, ${record.blocks.length} blocks, ${record.wallSeconds.toFixed(0)} s`,
            );
          }
  printAnatomy(noiseAnatomy(await readJobRecords(recordsPath)), console.log);
}

/** Samples of the single scenario of `runs` real runs of one configuration. */
async function repeatedSamples(link: string, runs: number): Promise<number[][]> {
  const all: number[][] = [];
  for (let i = 0; i < runs; i++) {
    const plan = planFromOptions({
      nic: 'virtio-net-pci',
      profile: 'stock',
      link,
      duration: '2',
      repetitions: '5',
      accel: values.accel,
      'work-dir': values['work-dir'],
      'allow-work-dir-in-checkout': 'true',
      out: resolve(values['work-dir'], 'bench-verdict-results.json'),
    });
    const outcome = await executeRun(plan, () => undefined, { handleSignals: true });
    const scenario = outcome.results.scenarios[0]!;
    if (scenario.error) throw new Error(`bench run failed: ${scenario.error}`);
    all.push(scenario.samples);
  }
  return all;
}

/** Every ordered pair (current, baseline) of different runs, decided by the rule. */
function pairVerdicts(current: number[][], baseline: number[][], sameRuns: boolean): string[] {
  const kinds: string[] = [];
  current.forEach((c, i) =>
    baseline.forEach((b, j) => {
      if (!sameRuns || i !== j)
        kinds.push(decide(`bench/${i}/${j}`, c, b, DECISION_DEFAULTS, { resamples: 200 }).kind);
    }),
  );
  return kinds;
}

/** As a baseline with a window works: each run against the pooled samples of all runs before it. */
function rollingVerdicts(runs: number[][]): string[] {
  return runs.slice(1).map(
    (current, i) =>
      decide(`bench/rolling/${i}`, current, runs.slice(0, i + 1).flat(), DECISION_DEFAULTS, {
        resamples: 200,
      }).kind,
  );
}

function rate(kinds: string[], kind: string): string {
  const count = kinds.filter((k) => k === kind).length;
  return `${count}/${kinds.length} (${((count / Math.max(kinds.length, 1)) * 100).toFixed(1)}%)`;
}

async function verdictRates(runs: number): Promise<void> {
  const simulated = simulateDecisionRates({
    trials: 1000,
    noise: 0.03,
    drop: 0.1,
    nCurrent: 5,
    nBaseline: 15,
    seed: 20240611,
    settings: DECISION_DEFAULTS,
  });
  console.log(
    `\ndecision rule, simulated (3% noise, 5 vs 15 samples, 1000 trials): false regressions ${(simulated.falseRegressionRate * 100).toFixed(1)}%, 10% drop caught ${(simulated.detectionRate * 100).toFixed(1)}%`,
  );
  console.log(
    `decision rule on real runs (${runs} runs per configuration, 5 repetitions of 2 s, virtio-net-pci, stock):`,
  );
  const lan = await repeatedSamples('lan', runs);
  const spread = lan.map((samples) => summarize(samples).median);
  const aa = pairVerdicts(lan, lan, true);
  const rolling = rollingVerdicts(lan);
  console.log(`  A/A on lan: run medians ${spread.map((m) => formatBitrate(m)).join(', ')}`);
  console.log(
    `    run vs run: regression in ${rate(aa, 'regression')}, improvement in ${rate(aa, 'improvement')} of ordered pairs`,
  );
  console.log(
    `    run vs the pooled runs before it (the baseline window): regression in ${rate(rolling, 'regression')}`,
  );
  const fast = await repeatedSamples('rtt=10ms,rate=100mbit', runs);
  const slow = await repeatedSamples('rtt=10ms,rate=90mbit', runs);
  const ab = pairVerdicts(slow, fast, false);
  const bb = pairVerdicts(fast, fast, true);
  const abRolling = slow.map(
    (current, i) => decide(`bench/ab/${i}`, current, fast.flat(), DECISION_DEFAULTS, { resamples: 200 }).kind,
  );
  console.log(
    `  A/B, rate 100 -> 90 Mbit/s (a known 10% drop): regression detected in ${rate(ab, 'regression')} of run pairs, ${rate(abRolling, 'regression')} of runs against all baseline runs pooled`,
  );
  console.log(`  A/A at rate 100 Mbit/s: regression in ${rate(bb, 'regression')} of ordered run pairs`);
}

/** One run of the default matrix, with its wall, its transfer seconds and where the rest went. */
async function matrixRun(
  guestStart: 'cold' | 'restore',
  warmUpSec?: number,
  measure = { duration: values.duration, repetitions: values.repetitions },
) {
  const plan = planFromOptions({
    nic: RUN_DEFAULTS.nic,
    profile: RUN_DEFAULTS.profile,
    link: RUN_DEFAULTS.link,
    ...measure,
    accel: values.accel,
    'guest-start': guestStart,
    'work-dir': values['work-dir'],
    'allow-work-dir-in-checkout': 'true',
    out: resolve(values['work-dir'], `bench-results-${guestStart}.json`),
  });
  if (warmUpSec !== undefined) plan.measure.warmUpSec = warmUpSec;
  const { tally, sink } = phaseRecorder();
  const started = performance.now();
  const outcome = await executeRun(plan, sink, { handleSignals: true });
  const wall = (performance.now() - started) / 1000;
  return { outcome, tally, wall, transfer: transferSeconds(outcome.results) };
}

/** Times the default matrix once; returns its harness overhead in percent. */
async function speedRun(guestStart: 'cold' | 'restore'): Promise<number> {
  const { outcome, tally, wall, transfer } = await matrixRun(guestStart);
  console.log(
    `\n--guest-start ${guestStart}: the default matrix at --duration ${values.duration}, ${values.repetitions} repetitions`,
  );
  console.log('  scenario                                   median     guest     ready s  wall s');
  for (const s of outcome.results.scenarios)
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

/** `--part warm-up`: the default matrix (restored guests) with and without the warm-up, alternating, `--runs` each. */
async function warmUpStudy(): Promise<void> {
  const runs: WarmUpRun[] = [];
  for (let run = 0; run < Number(values.runs); run++)
    for (const warmUpSec of [1, 0]) {
      const { outcome, wall, transfer } = await matrixRun('restore', warmUpSec);
      runs.push({
        warmUpSec,
        scenarios: outcome.results.scenarios.map((s) => ({ key: s.key, samples: s.samples })),
        wall,
        transfer,
      });
      console.log(
        `run ${run + 1}, warm-up ${warmUpSec} s: ${outcome.results.scenarios.map((s) => s.samples.map((b) => (b / 1e6).toFixed(0)).join('/')).join('  ')}`,
      );
    }
  printWarmUpStudy(runs, console.log);
}

async function main(): Promise<void> {
  const accel = values.accel === 'kvm' ? 'kvm' : 'tcg';
  printStartTimes(await startTimes(Number(values.boots), accel, values['work-dir']), accel, console.log);
  // Every default NIC's saved guest exists before the restore run is timed (a job with a warm
  // guest cache finds them so): one short run boots and saves whichever is missing.
  if (Number(values['speed-runs']) > 0)
    await matrixRun('restore', undefined, { duration: '1', repetitions: '1' });
  // Side by side in one benchmark, restored first.
  const modes = values['speed-modes'].split(',') as ('restore' | 'cold')[];
  const overheads = new Map(modes.map((mode) => [mode, [] as number[]]));
  for (let run = 0; run < Number(values['speed-runs']); run++)
    for (const mode of modes) overheads.get(mode)!.push(await speedRun(mode));
  if (Number(values['speed-runs']) > 1) {
    console.log('\nharness overhead of the default matrix, per guest start:');
    for (const [mode, list] of overheads) {
      const sorted = [...list].sort((a, b) => a - b);
      console.log(
        `  --guest-start ${mode}: median ${summarize(list).median.toFixed(1)}% of ${list.length} runs (${sorted.map((o) => `${o.toFixed(1)}%`).join(', ')})`,
      );
    }
  }
}

/**
 * Cold against restored guests, paired, for each default scenario: base boots cold, head restores,
 * through the gate's paired loop and verdict code (records in --records, default
 * bench-start-jobs.jsonl, kept apart from the verdict-quality records).
 */
async function startPairs(): Promise<void> {
  const path = values.records ?? resolve(values['work-dir'], 'bench-start-jobs.jsonl');
  let seed = 3000;
  for (let job = 0; job < Number(values.jobs); job++)
    for (const nic of values.scenarios.split(','))
      for (const profile of values.profiles.split(',')) {
        const record = await runPairedJob(
          {
            kind: 'start',
            label: 'cold/restored',
            nic,
            baseProfile: profile,
            headProfile: profile,
            link: values.link,
            duration: PAIRED_DEFAULTS.durationSec,
            pairs: Number(values.pairs),
            perSide: PAIRED_DEFAULTS.perSide,
            hog: false,
            pin: 'auto',
            seed: seed++,
            workDir: values['work-dir'],
          },
          path,
        );
        console.log(`${record.key}: ${record.verdict.kind} (${record.wallSeconds.toFixed(0)} s)`);
      }
  printStartPairs(await readJobRecords(path), console.log);
}

/**
 * A sysctl file that sets the guest's send buffer maximum to `fraction` of 4 MiB, named alike on
 * both sides (in a folder of its own per fraction), so base and head share the scenario key as a
 * profile changed in a pull request does.
 */
async function cappedProfile(fraction: number): Promise<string> {
  const knob = values.knob === 'rmem' ? 'rmem' : 'wmem';
  const dir = resolve(values['work-dir'], `${knob}-${Math.round(fraction * 1000) / 10}`);
  await mkdir(dir, { recursive: true });
  const path = resolve(dir, `${knob}.conf`);
  // The kernel's own defaults below the maximum: 16 KiB to send, 128 KiB to receive.
  // A cap below them (64 KiB) takes the default down with it: the default never exceeds the maximum.
  const max = Math.round(STOCK_WMEM_MAX * fraction);
  const initial = Math.min(knob === 'wmem' ? 16384 : 131072, max);
  await writeFile(path, `net.ipv4.tcp_${knob} = 4096 ${initial} ${max}\n`);
  return path;
}

/**
 * Verdict quality on real paired jobs of one scenario (virtio-net-pci at rtt=50ms, where throughput
 * is bound by the guest's send buffer, so a capped buffer is a known drop). The base side sets the
 * send buffer's maximum to 4 MiB explicitly: the small guest's own default maximum is lower, so a
 * cap at 90% of 4 MiB against `stock` would change nothing. A/A jobs pair that profile with
 * itself; A/B jobs pair it with caps at 90% and 95%. A CPU hog runs in a seeded half of each kind,
 * and kinds are interleaved job by job, so drift of the machine reaches all of them alike.
 */
async function quality(): Promise<void> {
  const random = createRandom(Number(values.seed ?? '7'));
  const jobs = Number(values.jobs);
  const baseProfile = await cappedProfile(Number(values['base-cap']));
  const baseCap = Number(values['base-cap']);
  const baseMiB = Math.round(baseCap * 4 * 100) / 100;
  const heads = [
    { kind: 'aa' as const, name: 'aa', label: 'A/A', profile: baseProfile },
    ...(await Promise.all(
      values.caps.split(',').map(async (text) => {
        // `64k`: a cap of 64 KiB, whatever the base's; `0.9`: 90% of the base's maximum.
        const kib = /^(\d+)k$/i.exec(text.trim());
        if (kib)
          return {
            kind: 'ab' as const,
            name: `ab${kib[1]}k`,
            label: `A/B ${kib[1]} KiB`,
            profile: await cappedProfile((Number(kib[1]) * 1024) / STOCK_WMEM_MAX),
          };
        const percent = Math.round(Number(text) * 1000) / 10;
        return {
          kind: 'ab' as const,
          name: `ab${percent}`,
          label: `A/B ${percent}%${baseCap === 1 ? '' : ` of ${baseMiB} MiB`}`,
          profile: await cappedProfile(baseCap * Number(text)),
        };
      }),
    )),
  ].filter((h) => values.kinds === undefined || values.kinds.split(',').includes(h.name));
  let seed = 1000;
  for (let job = 0; job < jobs; job++)
    for (const head of heads) {
      const load = values.load === 'build' ? ('build' as const) : undefined;
      const hog = !load && random() < 0.5 && values.hog !== 'off';
      const record = await runPairedJob(
        {
          kind: head.kind,
          label: load ? `${head.label} +build load` : head.label,
          ...(load ? { load } : {}),
          nic: 'virtio-net-pci',
          baseProfile,
          headProfile: head.profile,
          direction: values.knob === 'rmem' ? 'receive' : 'send',
          link: QUALITY_LINK,
          duration: PAIRED_DEFAULTS.durationSec,
          pairs: Number(values.pairs),
          perSide: PAIRED_DEFAULTS.perSide,
          hog,
          pin: 'auto',
          seed: seed++,
          workDir: values['work-dir'],
        },
        recordsPath,
      );
      const change = record.verdict.relativeChange;
      console.log(
        `${head.label.padEnd(8)} ${load ? 'build load' : `hog=${hog ? 'yes' : 'no '}`} ${record.verdict.kind.padEnd(12)} ${change === undefined ? '' : `${(change * 100).toFixed(1)}%`} (${record.blocks.length} blocks, ${record.blocks.filter((b) => b.dropped).length} dropped, ${record.retries ?? 0} retries, ${record.wallSeconds.toFixed(0)} s)`,
      );
    }
  printQuality(await readJobRecords(recordsPath), console.log);
}

/**
 * Stored baselines on real runs: `--runs` plain runs of virtio-net-pci/stock at rtt=50ms (the
 * default repetitions at 2 s), a CPU hog beside a seeded quarter of them, then judged run by run.
 */
async function stored(): Promise<void> {
  const random = createRandom(Number(values.seed ?? '5'));
  const path = values.records ?? resolve(values['work-dir'], 'bench-stored-runs.jsonl');
  const plan = planFromOptions({
    nic: 'virtio-net-pci',
    profile: 'stock',
    link: QUALITY_LINK,
    duration: '2',
    accel: values.accel,
    'work-dir': values['work-dir'],
    'allow-work-dir-in-checkout': 'true',
    out: resolve(values['work-dir'], 'bench-stored-results.json'),
  });
  for (let run = 0; run < Number(values.runs); run++) {
    const hog = random() < 0.25;
    const record = await runStoredRun(plan, hog, path);
    console.log(
      `run ${run + 1}: ${formatBitrate(record.median)}, probe ${record.probe ?? '-'}${hog ? ' (CPU hog)' : ''}`,
    );
  }
  printStored(await readStoredRuns(path), console.log);
}

async function all(): Promise<void> {
  if (values.part === 'stored') return stored();
  if (values.part === 'warm-up') return warmUpStudy();
  if (values.part === 'noise') return noise();
  if (values.part === 'quality') return quality();
  if (values.part === 'start') return startPairs();
  if (values.part === 'pr') return prTime(values['work-dir'], console.log);
  if (values.part === 'replay') {
    const settings = {
      ...DECISION_DEFAULTS,
      ...(values.threshold === undefined ? {} : { threshold: Number(values.threshold) / 100 }),
    };
    const records = await readJobRecords(recordsPath);
    printReplay(records, console.log, settings);
    return printRejudged(records, console.log, settings);
  }
  await main();
  if (!values['skip-verdicts']) await verdictRates(Number(values['verdict-runs']));
}

all().catch((error: unknown) => {
  console.error(`bench: ${describeError(error)}`);
  process.exit(1);
});
