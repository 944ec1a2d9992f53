// Noise anatomy from recorded A/A paired jobs (pure): within a boot, between boots, the share of
// slow boots, and whether slow episodes hit both guests of a block together (the time: the
// machine) or one (that boot).
import { summarize } from '../src/stats/summary.js';
import type { JobRecord } from './paired-jobs.js';

export interface Anatomy {
  group: string;
  jobs: number;
  boots: number;
  samples: number;
  /** Median over boots of the coefficient of variation of a boot's repetitions. */
  withinBoot: number;
  /** Coefficient of variation of boot medians (each side's, pooled), robust: 1.4826 MAD / median. */
  betweenBoot: number;
  /** Boots whose median is below 0.85 of the group's median of boot medians. */
  slowBoots: number;
  /** Of the slow boots, how many had a slow partner in the same block. */
  slowWithPartner: number;
  /** Pearson correlation of the two sides' log block medians across the blocks. */
  sideCorrelation: number;
  /** Median over boots of a boot's first repetition over its second: below 1, a cold start shows. */
  firstOverSecond: number;
  medianBitsPerSecond: number;
}

const median = (xs: readonly number[]): number => summarize(xs).median;

function cv(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return Math.sqrt(variance) / mean;
}

function robustCv(xs: readonly number[]): number {
  const m = median(xs);
  return (1.4826 * median(xs.map((x) => Math.abs(x - m)))) / m;
}

function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 3) return Number.NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** One row per (scenario, pinning, hog) group of A/A jobs. */
export function noiseAnatomy(records: readonly JobRecord[]): Anatomy[] {
  const groups = new Map<string, JobRecord[]>();
  for (const record of records.filter((r) => r.spec.kind === 'aa')) {
    const group = `${record.key} pin=${record.spec.pin}${record.spec.hog ? ' +hog' : ''}`;
    groups.set(group, [...(groups.get(group) ?? []), record]);
  }
  return [...groups].map(([group, jobs]) => {
    const blocks = jobs.flatMap((job) => job.blocks);
    const boots = blocks.flatMap((block) => [block.base, block.head]);
    const bootMedians = boots.map(median);
    const typical = median(bootMedians);
    const slow = (xs: number[]) => median(xs) < 0.85 * typical;
    const slowBoots = blocks.flatMap((b) => [
      slow(b.base) ? slow(b.head) : undefined,
      slow(b.head) ? slow(b.base) : undefined,
    ]);
    return {
      group,
      jobs: jobs.length,
      boots: boots.length,
      samples: boots.reduce((n, boot) => n + boot.length, 0),
      withinBoot: median(boots.map(cv)),
      betweenBoot: robustCv(bootMedians),
      slowBoots: slowBoots.filter((s) => s !== undefined).length,
      slowWithPartner: slowBoots.filter((s) => s === true).length,
      sideCorrelation: pearson(
        blocks.map((b) => Math.log(median(b.base))),
        blocks.map((b) => Math.log(median(b.head))),
      ),
      firstOverSecond: median(boots.filter((boot) => boot.length >= 2).map((boot) => boot[0]! / boot[1]!)),
      medianBitsPerSecond: typical,
    };
  });
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function printAnatomy(rows: readonly Anatomy[], print: (line: string) => void): void {
  print(
    'group                                                   jobs boots samples  median Mbit/s  within-boot  between-boot  slow boots (with slow partner)  side r  1st/2nd',
  );
  for (const r of rows)
    print(
      `${r.group.padEnd(55)} ${String(r.jobs).padStart(4)} ${String(r.boots).padStart(5)} ${String(r.samples).padStart(7)} ${(r.medianBitsPerSecond / 1e6).toFixed(0).padStart(14)} ${pct(r.withinBoot).padStart(12)} ${pct(r.betweenBoot).padStart(13)}  ${`${r.slowBoots}/${r.boots} = ${pct(r.slowBoots / r.boots)} (${r.slowWithPartner})`.padStart(30)}  ${r.sideCorrelation.toFixed(2).padStart(6)}  ${r.firstOverSecond.toFixed(3)}`,
    );
}
