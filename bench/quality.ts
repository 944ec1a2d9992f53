// Verdict quality from recorded paired jobs: counts per kind of job, with and without the CPU hog,
// the measured drop of each A/B kind, and the replay at volume. Pure apart from printing.
import { DECISION_DEFAULTS, PAIRED_DEFAULTS, SEQUENTIAL_DEFAULTS } from '../src/model/defaults.js';
import { blockFigure, disturbedBlocks } from '../src/engine/blocks.js';
import type { DecisionSettings } from '../src/model/verdicts.js';
import { summarize } from '../src/stats/summary.js';
import type { JobRecord } from './paired-jobs.js';
import { blockPool, replay } from './replay.js';
import { decidePaired } from '../src/verdicts/paired.js';

const pct = (x: number | undefined): string => (x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);

function countKinds(records: readonly JobRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.verdict.kind, (counts.get(r.verdict.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${kind} ${n}/${records.length}`).join(', ');
}

export function printQuality(records: readonly JobRecord[], print: (line: string) => void): void {
  const labels = [...new Set(records.filter((r) => r.spec.label !== 'noise').map((r) => r.spec.label))];
  print('\nverdict quality on real paired jobs (each job: one scenario, its pairs interleaved):');
  for (const label of labels) {
    const jobs = records.filter((r) => r.spec.label === label);
    const changes = jobs.flatMap((r) =>
      r.verdict.relativeChange === undefined ? [] : [r.verdict.relativeChange],
    );
    const dropped = jobs.reduce((n, r) => n + r.blocks.filter((b) => b.dropped).length, 0);
    const blocks = jobs.reduce((n, r) => n + r.blocks.length, 0);
    const wall = summarize(jobs.map((r) => r.wallSeconds)).median;
    print(
      `  ${label} (${jobs.length} jobs, ${jobs[0]!.key}, ${designOf(jobs[0]!)}): ${countKinds(jobs)}; median estimate ${pct(summarize(changes).median)} (range ${pct(Math.min(...changes))} to ${pct(Math.max(...changes))}); ${dropped}/${blocks} blocks dropped; median job ${wall.toFixed(0)} s`,
    );
    const looked = jobs.filter((r) => r.spec.sequential === true);
    if (looked.length > 0) print(`    ${pairsUsed(looked)}`);
    for (const hog of [false, true]) {
      const part = jobs.filter((r) => r.spec.hog === hog);
      if (part.length > 0) print(`    ${hog ? 'with' : 'without'} the CPU hog: ${countKinds(part)}`);
    }
    if (jobs[0]!.spec.kind === 'ab') print(`    ${estimateAgreement(jobs)}`);
    const load = outsideLoad(jobs);
    if (load) print(`    ${load}`);
  }
}

/** The job's design as the verdicts file states it. */
const designOf = (r: JobRecord): string =>
  r.spec.sequential === true
    ? `looks from ${SEQUENTIAL_DEFAULTS.firstLook} pairs, cap ${r.spec.pairs}`
    : `${r.spec.pairs} pairs`;

/** Pairs judged per job with looks (kept blocks up to the cap), as quartiles, and how many a look settled. */
function pairsUsed(jobs: readonly JobRecord[]): string {
  const used = jobs
    .map((r) => Math.min(r.spec.pairs, r.blocks.filter((b) => !b.dropped).length))
    .sort((a, b) => a - b);
  const settled = jobs.filter((r) => r.settled !== undefined).length;
  return `pairs judged: quartiles ${[0.25, 0.5, 0.75].map((q) => quantile(used, q)).join('/')} (${used[0]}-${used[used.length - 1]}); a look settled ${settled} of ${jobs.length} before the cap`;
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/**
 * The evidence behind the disturbed-block rule: the cores busy outside nicgate during each side of
 * each block, the gap between the two sides, how many blocks a rule set aside, and the retries.
 * Only blocks recorded with both sides' figures (headOutsideCpu) count.
 */
function outsideLoad(jobs: readonly JobRecord[]): string | undefined {
  const blocks = jobs.flatMap((r) => r.blocks).filter((b) => b.headOutsideCpu !== undefined);
  if (blocks.length === 0) return undefined;
  const busy = blocks.flatMap((b) => [b.outsideCpu!, b.headOutsideCpu!]).sort((a, b) => a - b);
  const gaps = blocks.map((b) => Math.abs(b.outsideCpu! - b.headOutsideCpu!)).sort((a, b) => a - b);
  const byGap = blocks.filter((b) => b.dropped?.startsWith('outside load fell on one side')).length;
  const bySlow = blocks.filter((b) => b.dropped && !b.dropped.startsWith('outside load')).length;
  const retries = jobs.reduce((n, r) => n + (r.retries ?? 0), 0);
  const stopped = jobs.filter((r) => r.stopped).length;
  const f = (x: number): string => x.toFixed(2);
  return `outside CPU per side: median ${f(quantile(busy, 0.5))} cores (${f(busy[0]!)}-${f(busy[busy.length - 1]!)}); gap between the sides: median ${f(quantile(gaps, 0.5))}, 95th percentile ${f(quantile(gaps, 0.95))}, max ${f(gaps[gaps.length - 1]!)} (${blocks.length} blocks); set aside: ${byGap} for a gap, ${bySlow} for one slow side; ${retries} iperf3 retries; ${stopped} jobs stopped by a cap`;
}

/**
 * The measured drop of an A/B kind is the median estimate of its jobs on a quiet machine (no
 * hog); how many estimates, with and without the hog, lie within ±3 points of it.
 */
function estimateAgreement(jobs: readonly JobRecord[]): string {
  const estimate = (r: JobRecord): number[] =>
    r.verdict.relativeChange === undefined ? [] : [r.verdict.relativeChange];
  const quiet = jobs.filter((r) => !r.spec.hog).flatMap(estimate);
  if (quiet.length === 0) return 'no job without the hog yet: no measured drop to compare with';
  const drop = summarize(quiet).median;
  const within = (part: readonly JobRecord[]): string => {
    const values = part.flatMap(estimate);
    return `${values.filter((v) => Math.abs(v - drop) <= 0.03).length}/${values.length}`;
  };
  return `measured drop ${pct(drop)} (median of ${quiet.length} jobs without the hog); estimates within ±3 points of it: ${within(jobs.filter((r) => !r.spec.hog))} without the hog, ${within(jobs.filter((r) => r.spec.hog))} with it`;
}

/** ≥ 1000 resampled jobs per scenario from the recorded A/A blocks: A/A and the head scaled by 0.90. */
export function printReplay(
  records: readonly JobRecord[],
  print: (line: string) => void,
  settings: DecisionSettings = DECISION_DEFAULTS,
  jobs = 1000,
): void {
  print(
    `\nreplay: ${jobs} jobs per scenario resampled from recorded A/A blocks, judged by the real decision code (threshold ${(settings.threshold * 100).toFixed(1)}%, alpha ${settings.alpha}):`,
  );
  for (const [key, pool] of blockPool(records)) {
    if (pool.length < 8) continue;
    for (const pairs of [8, 10])
      for (const scale of [1, 0.95, 0.9]) {
        const result = replay(key, pool, { jobs, pairs, scale, seed: 99, settings });
        const counts = Object.entries(result.counts)
          .map(([kind, n]) => `${kind} ${n}`)
          .join(', ');
        print(
          `  ${key} pool ${result.pool} blocks, ${pairs} pairs, head ×${scale.toFixed(2)}: ${counts} (median estimate ${pct(result.medianChange)})`,
        );
      }
  }
}

/** How a block's side becomes one figure: the gate's (its best repetition), or the median used before. */
const FIGURES = {
  best: blockFigure,
  median: (samples: readonly number[]) => summarize(samples).median,
} as const;

/**
 * One recorded job judged again from its blocks with `figure`: the blocks a one-sided CPU gap set
 * aside stay aside; the slow-side rule runs again on the new figures, as the loop would have.
 */
function rejudge(record: JobRecord, settings: DecisionSettings, figure: keyof typeof FIGURES): string {
  const value = FIGURES[figure];
  const sides = record.blocks.map((b) => ({ base: value(b.base), head: value(b.head) }));
  const slow = disturbedBlocks(sides, { slowRatio: PAIRED_DEFAULTS.slowRatio, outsideCpuGapCores: Infinity });
  const kept = sides.filter((_, i) => !record.blocks[i]!.dropped?.startsWith('outside load') && !slow[i]);
  const [verdict] = decidePaired(
    [{ key: record.key, base: kept.map((b) => b.base), head: kept.map((b) => b.head) }],
    settings,
  );
  return verdict!.kind;
}

/**
 * The recorded real jobs judged again at `settings` from their blocks, per kind of job, with each
 * block side's figure taken two ways side by side: what the same jobs would have said under another
 * threshold, alpha or block figure (each job's own verdict used the rules of its day).
 */
export function printRejudged(
  records: readonly JobRecord[],
  print: (line: string) => void,
  settings: DecisionSettings,
): void {
  print(`\nthe recorded jobs judged again (threshold ${pct(settings.threshold)}, alpha ${settings.alpha}):`);
  for (const label of [...new Set(records.map((r) => r.spec.label))]) {
    const jobs = records.filter((r) => r.spec.label === label);
    const byFigure = (Object.keys(FIGURES) as (keyof typeof FIGURES)[]).map((figure) => {
      const counts = new Map<string, number>();
      for (const record of jobs) {
        const kind = rejudge(record, settings, figure);
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
      }
      return `${figure}: ${[...counts].map(([kind, n]) => `${kind} ${n}/${jobs.length}`).join(', ')}`;
    });
    print(`  ${label} (${jobs.length} jobs): ${byFigure.join('; ')}`);
  }
}
