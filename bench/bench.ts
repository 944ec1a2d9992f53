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
//                   CPU hog in a seeded half, appended to --records; then verdict quality;
//                   --sequential on (the gate's default; --pairs is the cap, 12 unless given) or off
//   --part replay   ≥ 1000 jobs resampled from the recorded blocks through the real decision code,
//                   the sequential rule block by block beside the fixed design at each of
//                   --sequential-caps, and the recorded jobs themselves judged again at --threshold
//   --part warm-up  the default matrix with and without the warm-up transfer after each boot, --runs each
//   --part pr       the wall of `nicgate run --base-ref` on a change to one profile file used by half the
//                   default matrix, --pr-runs each of --sequential-modes (on,off), alternating
//   --part unchanged  the wall of `nicgate run --base-ref` and of the Action on a pull request that
//                   changes no input, --runs each (--cli, --action: the bundles run); nothing boots
//   --part stored   plain runs (a CPU hog beside a seeded quarter) judged run by run against the
//                   runs before them, and at volume from the recorded runs
// Usage: npm run bench -- [--part speed|start|noise|quality|replay|stored|warm-up|pr|unchanged] [--cli FILE] [--action FILE] [--speed-runs N] [--speed-modes restore,cold] [--runs N] [--boots N] [--accel tcg|auto]
//                         [--duration S] [--repetitions N] [--verdict-runs N] [--skip-verdicts]
//                         [--jobs N] [--pairs N] [--sequential on|off] [--caps 0.9,0.95] [--kinds aa,ab90,ab95] [--records FILE] [--seed N]
//                         [--threshold PERCENT] [--sequential-caps 8,12,16] [--sequential-modes on,off] [--pr-runs N]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeError } from '../src/common/errors.js';
import { formatBitrate } from '../src/common/format.js';
import { planFromOptions } from '../src/config/host-paths.js';
import {
  DECISION_DEFAULTS,
  PAIRED_DEFAULTS,
  RUN_DEFAULTS,
  SEQUENTIAL_DEFAULTS,
} from '../src/model/defaults.js';
import { createRandom } from '../src/stats/random.js';
import { noiseAnatomy, printAnatomy } from './noise.js';
import { readJobRecords, runPairedJob } from './paired-jobs.js';
import { prTime } from './pr-time.js';
import { printRejudged, printReplay } from './quality.js';
import { printSequentialReplay } from './replay.js';
import { quality, QUALITY_LINK } from './quality-run.js';
import { retiredRuleRates } from './retired-rule/rates.js';
import { speed, warmUpStudy } from './speed.js';
import { printStartPairs } from './start.js';
import { printStored, readStoredRuns, runStoredRun } from './stored.js';
import { unchangedTime } from './unchanged.js';

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
    /** Pairs per job; `--part quality` with looks: their cap (the gate's default when absent). */
    pairs: { type: 'string' },
    /** `--part quality`: sequential looks after every block (`on`, the gate's default) or the fixed design. */
    sequential: { type: 'string', default: 'on' },
    /** Repetitions per side in a block; `--part quality` alternates a list (2,6) job by job. */
    'per-side': { type: 'string', default: String(PAIRED_DEFAULTS.perSide) },
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
    /** The replay's caps (most pairs) for the sequential rule, each beside the fixed design of that many pairs. */
    'sequential-caps': { type: 'string', default: '8,12,16' },
    /** `--part pr`: the designs compared, runs alternating between them, and runs of each. */
    'sequential-modes': { type: 'string', default: 'on,off' },
    'pr-runs': { type: 'string', default: '3' },
    'speed-runs': { type: 'string', default: '1' },
    /** The guest starts each speed run times, in this order: `restore,cold`, or one of them. */
    'speed-modes': { type: 'string', default: 'restore,cold' },
    /** The bundles `--part unchanged` runs: the shipped ones, or a build of the work tree. */
    cli: { type: 'string', default: 'dist/cli.js' },
    action: { type: 'string', default: 'dist/index.js' },
  },
});

/** The fixed design's pairs unless `--pairs` gives them. */
const fixedPairs = (): number => Number(values.pairs ?? PAIRED_DEFAULTS.pairs);

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
                pairs: fixedPairs(),
                perSide: Number(values['per-side'].split(',')[0]),
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
            pairs: fixedPairs(),
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

/** What the speed part and the warm-up study measure, from the flags. */
const speedOptions = () => ({
  accel: values.accel,
  workDir: values['work-dir'],
  duration: values.duration,
  repetitions: values.repetitions,
  boots: Number(values.boots),
  speedRuns: Number(values['speed-runs']),
  modes: values['speed-modes'].split(',') as ('restore' | 'cold')[],
});

const qualityOptions = () => ({
  workDir: values['work-dir'],
  recordsPath,
  seed: Number(values.seed ?? '7'),
  jobs: Number(values.jobs),
  sequential: values.sequential !== 'off',
  perSides: values['per-side'].split(',').map(Number),
  pairs:
    values.pairs !== undefined
      ? Number(values.pairs)
      : values.sequential !== 'off'
        ? SEQUENTIAL_DEFAULTS.pairs
        : PAIRED_DEFAULTS.pairs,
  baseCap: Number(values['base-cap']),
  caps: values.caps.split(','),
  ...(values.kinds === undefined ? {} : { kinds: values.kinds.split(',') }),
  knob: values.knob === 'rmem' ? ('rmem' as const) : ('wmem' as const),
  hog: values.hog === 'off' ? ('off' as const) : ('half' as const),
  ...(values.load === 'build' ? { load: 'build' as const } : {}),
});

async function all(): Promise<void> {
  if (values.part === 'stored') return stored();
  if (values.part === 'warm-up') return warmUpStudy(speedOptions(), Number(values.runs));
  if (values.part === 'noise') return noise();
  if (values.part === 'quality') return quality(qualityOptions());
  if (values.part === 'start') return startPairs();
  if (values.part === 'pr')
    return prTime(
      values['work-dir'],
      { modes: values['sequential-modes'].split(',') as ('on' | 'off')[], runs: Number(values['pr-runs']) },
      console.log,
    );
  if (values.part === 'unchanged')
    return unchangedTime({ runs: Number(values.runs), cli: values.cli, action: values.action }, console.log);
  if (values.part === 'replay') {
    const settings = {
      ...DECISION_DEFAULTS,
      ...(values.threshold === undefined ? {} : { threshold: Number(values.threshold) / 100 }),
    };
    const records = await readJobRecords(recordsPath);
    printReplay(records, console.log, settings);
    printSequentialReplay(records, console.log, settings, {
      jobs: 1000,
      caps: values['sequential-caps'].split(',').map(Number),
    });
    return printRejudged(records, console.log, settings);
  }
  await speed(speedOptions());
  if (!values['skip-verdicts'])
    await retiredRuleRates({
      accel: values.accel,
      workDir: values['work-dir'],
      runs: Number(values['verdict-runs']),
    });
}

all().catch((error: unknown) => {
  console.error(`bench: ${describeError(error)}`);
  process.exit(1);
});
