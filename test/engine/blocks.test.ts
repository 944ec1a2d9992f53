import { blockFigure, blockOrders, disturbedBlocks, type BlockSides } from '../../src/engine/blocks.js';

const count = (order: string, letter: string): number => [...order].filter((l) => l === letter).length;

describe('blockOrders', () => {
  it('is reproducible from the seed', () => {
    expect(blockOrders(42, 12, 2)).toEqual(blockOrders(42, 12, 2));
    expect(blockOrders(42, 12, 3)).toEqual(blockOrders(42, 12, 3));
  });

  it('gives other orders for other seeds', () => {
    const seen = new Set([1, 2, 3, 4, 5].map((seed) => blockOrders(seed, 16, 2).join(' ')));
    expect(seen.size).toBeGreaterThan(1);
  });

  it('builds every block of the two balanced units ABBA and BAAB', () => {
    const orders = blockOrders(7, 40, 2);
    expect(orders).toHaveLength(40);
    for (const order of orders) expect(['ABBA', 'BAAB']).toContain(order);
  });

  it('uses both units over many blocks, each about half the time', () => {
    const orders = blockOrders(2024, 200, 2);
    const abba = orders.filter((o) => o === 'ABBA').length;
    expect(abba).toBeGreaterThan(60);
    expect(200 - abba).toBeGreaterThan(60);
  });

  it('gives each side perSide repetitions, repeating the unit for more', () => {
    for (const perSide of [1, 2, 3, 4, 5, 8]) {
      for (const order of blockOrders(99, 20, perSide)) {
        expect(order).toHaveLength(perSide * 2);
        expect(count(order, 'A')).toBe(perSide);
        expect(count(order, 'B')).toBe(perSide);
      }
    }
    const four = blockOrders(99, 20, 4);
    for (const order of four) expect(['ABBAABBA', 'BAABBAAB']).toContain(order);
  });

  it('ends an odd count on half a unit', () => {
    for (const order of blockOrders(5, 20, 3)) expect(['ABBAAB', 'BAABBA']).toContain(order);
    for (const order of blockOrders(5, 20, 1)) expect(['AB', 'BA']).toContain(order);
  });

  it('takes the unit of a block from the seeded generator, block by block', () => {
    // The same seed gives the same units whatever the repetitions per side.
    const two = blockOrders(314, 30, 2).map((o) => o[0]);
    const three = blockOrders(314, 30, 3).map((o) => o[0]);
    expect(three).toEqual(two);
    // A longer run starts with the blocks of a shorter one.
    expect(blockOrders(314, 10, 2)).toEqual(blockOrders(314, 30, 2).slice(0, 10));
  });

  it('gives no blocks when none are asked for', () => {
    expect(blockOrders(1, 0, 2)).toEqual([]);
  });
});

describe('disturbedBlocks', () => {
  const limits = { slowRatio: 0.85, outsideCpuGapCores: 0.5 };
  const steady = (n: number, base = 1000, head = 900): BlockSides[] =>
    Array.from({ length: n }, (_, i) => ({ base: base + (i % 3), head: head + (i % 2) }));

  it('keeps every clean block (undefined)', () => {
    expect(disturbedBlocks(steady(8), limits)).toEqual(Array<undefined>(8).fill(undefined));
  });

  it("flags a side well below the median of that side's other blocks while the other side was not", () => {
    const blocks = steady(6);
    blocks[3] = { ...blocks[3]!, base: 500 };
    const reasons = disturbedBlocks(blocks, limits);
    expect(reasons.filter((r) => r !== undefined)).toHaveLength(1);
    expect(reasons[3]).toBe("base at 50% of its other blocks' median while head was at 100% (limit 85%)");
  });

  it('flags a slow head side too', () => {
    const blocks = steady(5);
    blocks[0] = { ...blocks[0]!, head: 450 };
    const reasons = disturbedBlocks(blocks, limits);
    expect(reasons[0]).toMatch(
      /^head at 50% of its other blocks' median while base was at 100% \(limit 85%\)$/,
    );
    expect(reasons.slice(1)).toEqual([undefined, undefined, undefined, undefined]);
  });

  // Issue 26: a busy machine slows both sides of a block alike; the pair is unbiased and kept.
  it('keeps a block where both sides slowed alike', () => {
    const blocks = steady(6);
    blocks[2] = { base: 500, head: 460 };
    expect(disturbedBlocks(blocks, limits)).toEqual(Array<undefined>(6).fill(undefined));
    // Both slowed, but one far more than the other: biased.
    blocks[2] = { base: 800, head: 300 };
    expect(disturbedBlocks(blocks, limits)[2]).toBe(
      "head at 33% of its other blocks' median while base was at 80% (limit 85%)",
    );
  });

  it('compares a side with its own blocks only: a uniform real drop of the head is not a disturbance', () => {
    // Every head block at 60% (or 1%) of the base: a real change, not a disturbed block.
    expect(disturbedBlocks(steady(8, 1000, 600), limits).every((r) => r === undefined)).toBe(true);
    expect(disturbedBlocks(steady(8, 1000, 10), limits).every((r) => r === undefined)).toBe(true);
  });

  it('says nothing of slowness with fewer than two other blocks', () => {
    expect(disturbedBlocks([{ base: 1000, head: 100 }], limits)).toEqual([undefined]);
    expect(
      disturbedBlocks(
        [
          { base: 1000, head: 900 },
          { base: 100, head: 90 },
        ],
        limits,
      ),
    ).toEqual([undefined, undefined]);
    // Three blocks: two others each, enough.
    expect(
      disturbedBlocks(
        [
          { base: 1000, head: 900 },
          { base: 100, head: 900 },
          { base: 1000, head: 900 },
        ],
        limits,
      )[1],
    ).toMatch(/^base at 10%/);
  });

  it('does not flag a side just at the limit', () => {
    const blocks: BlockSides[] = [
      { base: 1000, head: 900 },
      { base: 1000, head: 900 },
      { base: 850, head: 900 },
    ];
    expect(disturbedBlocks(blocks, limits)).toEqual([undefined, undefined, undefined]);
    blocks[2] = { base: 849, head: 900 };
    expect(disturbedBlocks(blocks, limits)[2]).toBe(
      "base at 85% of its other blocks' median while head was at 100% (limit 85%)",
    );
  });

  // Issue 26: 1.55-1.71 cores busy on both sides dropped every block; now only a gap between the
  // sides does.
  it('keeps blocks measured under a sustained load that both sides saw alike', () => {
    const blocks = steady(8).map((b) => ({ ...b, outsideCpu: { base: 1.7, head: 1.55 } }));
    expect(disturbedBlocks(blocks, limits)).toEqual(Array<undefined>(8).fill(undefined));
  });

  it('flags a block whose outside load fell on one side', () => {
    const blocks: BlockSides[] = steady(3).map((b) => ({ ...b, outsideCpu: { base: 0.2, head: 0.2 } }));
    blocks.push({ base: 1000, head: 900, outsideCpu: { base: 0.1, head: 1.2 } });
    blocks.push({ base: 1000, head: 900, outsideCpu: { base: 1.0, head: 0.5 } });
    const reasons = disturbedBlocks(blocks, limits);
    expect(reasons).toEqual([
      undefined,
      undefined,
      undefined,
      'outside load fell on one side: 0.10 cores busy outside nicgate during base, 1.20 during head (gap limit 0.50)',
      undefined, // at the limit, not above it
    ]);
  });

  it('checks the outside CPU even where slowness cannot be judged, and before it', () => {
    expect(disturbedBlocks([{ base: 1, head: 1, outsideCpu: { base: 3.456, head: 0 } }], limits)).toEqual([
      'outside load fell on one side: 3.46 cores busy outside nicgate during base, 0.00 during head (gap limit 0.50)',
    ]);
    const blocks = steady(4);
    blocks[1] = { base: 10, head: 900, outsideCpu: { base: 4, head: 1 } };
    expect(disturbedBlocks(blocks, limits)[1]).toMatch(/^outside load fell on one side/);
  });

  it('gives nothing for no blocks', () => {
    expect(disturbedBlocks([], limits)).toEqual([]);
  });
});

describe('blockFigure', () => {
  it('is the best repetition of a side, whatever its place in the block', () => {
    expect(blockFigure([100e6, 400e6])).toBe(400e6);
    expect(blockFigure([400e6, 100e6, 250e6])).toBe(400e6);
    expect(blockFigure([300e6])).toBe(300e6);
  });
});
