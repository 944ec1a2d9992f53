// Paired blocks, pure: the seeded order of each block's repetitions, and which blocks were
// disturbed. A = base, B = head. Each block boots both sides afresh, so the variance that arises
// per boot is inside every pair rather than shared by all of them.
import { createRandom } from '../stats/random.js';
import { summarize } from '../stats/summary.js';

/** Each side's repetitions in a block, and the balanced unit they follow. */
const UNIT = ['ABBA', 'BAAB'] as const;

/**
 * The order of every block, e.g. `ABBA`: a balanced unit (each side first half the time, linear
 * drift within a block cancels), chosen per block by the seeded generator, repeated until each
 * side has `perSide` repetitions (an odd count ends on a half unit).
 */
export function blockOrders(seed: number, blocks: number, perSide: number): string[] {
  const random = createRandom(seed);
  return Array.from({ length: blocks }, () => {
    const unit = UNIT[random() < 0.5 ? 0 : 1];
    return unit.repeat(Math.ceil(perSide / 2)).slice(0, perSide * 2);
  });
}

export interface BlockSides {
  /** Each side's median in this block (bits per second). */
  base: number;
  head: number;
  /** Host CPU busy outside nicgate's processes during the block, in cores. */
  outsideCpu?: number;
}

export interface DisturbanceLimits {
  /** A side below this fraction of its own median over the other blocks is disturbed. */
  slowRatio: number;
  /** Cores busy outside nicgate above which a block is disturbed. */
  outsideCpuCores: number;
}

/**
 * Why each block is disturbed (undefined: kept). A side is compared with the median of its own
 * other blocks, so a real change (every head block lower) is never mistaken for a disturbance;
 * it needs three blocks of that side to say anything.
 */
export function disturbedBlocks(
  blocks: readonly BlockSides[],
  limits: DisturbanceLimits,
): (string | undefined)[] {
  return blocks.map((block, i) => {
    if (block.outsideCpu !== undefined && block.outsideCpu > limits.outsideCpuCores)
      return `${block.outsideCpu.toFixed(2)} cores busy outside nicgate (limit ${limits.outsideCpuCores})`;
    for (const side of ['base', 'head'] as const) {
      const others = blocks.filter((_, j) => j !== i).map((b) => b[side]);
      if (others.length < 2) continue;
      const typical = summarize(others).median;
      if (block[side] < limits.slowRatio * typical)
        return `${side} at ${((block[side] / typical) * 100).toFixed(0)}% of its other blocks' median (limit ${(limits.slowRatio * 100).toFixed(0)}%)`;
    }
    return undefined;
  });
}
