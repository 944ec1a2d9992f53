// Replay at volume: jobs resampled from recorded raw blocks, judged by the real decision code.
// Each A/A block gives one pair (each side's figure in the block, blockFigure); a resampled job draws `pairs`
// kept blocks of one scenario with replacement. For A/B the head side is scaled by `scale`, which
// keeps the recorded noise and adds a known change.
import { blockFigure } from '../src/engine/blocks.js';
import { createRandom } from '../src/stats/random.js';
import { summarize } from '../src/stats/summary.js';
import { decidePaired } from '../src/verdicts/paired.js';
import { lookAt, SEQUENTIAL_DESIGN_DEFAULTS, type SequentialDesign } from '../src/verdicts/sequential.js';
import type { DecisionSettings } from '../src/model/verdicts.js';
import type { JobRecord } from './paired-jobs.js';

export interface ReplayResult {
  key: string;
  /** Blocks the resampling drew from. */
  pool: number;
  jobs: number;
  counts: Record<string, number>;
  /** Median estimated change over the jobs. */
  medianChange: number;
}

export function blockPool(records: readonly JobRecord[]): Map<string, { base: number; head: number }[]> {
  const pools = new Map<string, { base: number; head: number }[]>();
  for (const record of records.filter((r) => r.spec.kind === 'aa')) {
    const pool = pools.get(record.key) ?? [];
    for (const block of record.blocks.filter((b) => !b.dropped))
      pool.push({ base: blockFigure(block.base), head: blockFigure(block.head) });
    pools.set(record.key, pool);
  }
  return pools;
}

export function replay(
  key: string,
  pool: readonly { base: number; head: number }[],
  options: { jobs: number; pairs: number; scale: number; seed: number; settings: DecisionSettings },
): ReplayResult {
  const random = createRandom(options.seed);
  const counts: Record<string, number> = {};
  const changes: number[] = [];
  for (let job = 0; job < options.jobs; job++) {
    const drawn = Array.from({ length: options.pairs }, () => pool[Math.floor(random() * pool.length)]!);
    // Which side is "base" is itself random: A/A blocks are symmetric, and this removes any
    // systematic order effect of the recording from the replay.
    const flip = drawn.map(() => random() < 0.5);
    const [verdict] = decidePaired(
      [
        {
          key,
          base: drawn.map((b, i) => (flip[i] ? b.head : b.base)),
          head: drawn.map((b, i) => (flip[i] ? b.base : b.head) * options.scale),
        },
      ],
      options.settings,
    );
    counts[verdict!.kind] = (counts[verdict!.kind] ?? 0) + 1;
    if ('relativeChange' in verdict! && verdict.relativeChange !== undefined)
      changes.push(verdict.relativeChange);
  }
  return { key, pool: pool.length, jobs: options.jobs, counts, medianChange: summarize(changes).median };
}

export interface SequentialReplayResult {
  counts: Record<string, number>;
  /** Pairs each job used, ascending. */
  pairsUsed: number[];
}

/**
 * The sequential rule replayed block by block: each job draws one kept block at a time (sides
 * swapped at random, the head scaled as in `replay`) and looks after each from the first look on,
 * stopping where the rule stops, at the latest at the cap.
 */
export function replaySequential(
  pool: readonly { base: number; head: number }[],
  options: {
    jobs: number;
    scale: number;
    seed: number;
    settings: DecisionSettings;
    design: SequentialDesign;
  },
): SequentialReplayResult {
  const random = createRandom(options.seed);
  const counts: Record<string, number> = {};
  const pairsUsed: number[] = [];
  for (let job = 0; job < options.jobs; job++) {
    const ratios: number[] = [];
    for (;;) {
      const block = pool[Math.floor(random() * pool.length)]!;
      const [base, head] = random() < 0.5 ? [block.head, block.base] : [block.base, block.head];
      ratios.push(Math.log((head * options.scale) / base));
      const look = lookAt(ratios, options.settings, options.design);
      if (!look.stop) continue;
      counts[look.kind] = (counts[look.kind] ?? 0) + 1;
      pairsUsed.push(look.pairs);
      break;
    }
  }
  return { counts, pairsUsed: pairsUsed.sort((a, b) => a - b) };
}

const quartiles = (sorted: readonly number[]): string =>
  [0.25, 0.5, 0.75].map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]).join('/');

/**
 * The sequential rule beside the fixed design, per A/A pool of at least `cap` blocks: the same
 * pool, drop and settings; the fixed design always measures `cap` pairs.
 */
export function printSequentialReplay(
  records: readonly JobRecord[],
  print: (line: string) => void,
  settings: DecisionSettings,
  options: { jobs: number; caps: readonly number[] },
): void {
  print(
    `\nsequential replay: ${options.jobs} jobs per line, blocks drawn one at a time from recorded A/A blocks, looked at after each from ${SEQUENTIAL_DESIGN_DEFAULTS.firstLook} pairs (threshold ${(settings.threshold * 100).toFixed(1)}%, alpha ${settings.alpha}); pairs used as quartiles 25/50/75:`,
  );
  for (const [key, pool] of blockPool(records)) {
    if (pool.length < 8) continue;
    for (const cap of options.caps)
      for (const scale of [1, 0.95, 0.9, 0.5]) {
        const design = { ...SEQUENTIAL_DESIGN_DEFAULTS, cap, tests: 1 };
        const sequential = replaySequential(pool, { jobs: options.jobs, scale, seed: 99, settings, design });
        const fixed = replay(key, pool, { jobs: options.jobs, pairs: cap, scale, seed: 99, settings });
        const counts = (c: Record<string, number>): string =>
          ['regression', 'improvement', 'unchanged', 'inconclusive']
            .map((kind) => `${kind} ${c[kind] ?? 0}`)
            .join(', ');
        print(
          `  ${key} (pool ${pool.length}), cap ${cap}, head ×${scale.toFixed(2)}: sequential ${counts(sequential.counts)}, pairs ${quartiles(sequential.pairsUsed)}; fixed ${cap} pairs ${counts(fixed.counts)}`,
        );
      }
  }
}
