// Replay at volume: jobs resampled from recorded raw blocks, judged by the real decision code.
// Each A/A block gives one pair (each side's figure in the block, blockFigure); a resampled job draws `pairs`
// kept blocks of one scenario with replacement. For A/B the head side is scaled by `scale`, which
// keeps the recorded noise and adds a known change.
import { blockFigure } from '../src/engine/blocks.js';
import { createRandom } from '../src/stats/random.js';
import { summarize } from '../src/stats/summary.js';
import { decidePaired } from '../src/verdicts/paired.js';
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
