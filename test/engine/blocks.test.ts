import { blockOrders, disturbedBlocks, type BlockSides } from '../../src/engine/blocks.js';

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
  const limits = { slowRatio: 0.85, outsideCpuCores: 2 };
  const steady = (n: number, base = 1000, head = 900): BlockSides[] =>
    Array.from({ length: n }, (_, i) => ({ base: base + (i % 3), head: head + (i % 2) }));

  it('keeps every clean block (undefined)', () => {
    expect(disturbedBlocks(steady(8), limits)).toEqual(Array<undefined>(8).fill(undefined));
  });

  it("flags a side well below the median of that side's other blocks", () => {
    const blocks = steady(6);
    blocks[3] = { ...blocks[3]!, base: 500 };
    const reasons = disturbedBlocks(blocks, limits);
    expect(reasons.filter((r) => r !== undefined)).toHaveLength(1);
    expect(reasons[3]).toBe("base at 50% of its other blocks' median (limit 85%)");
  });

  it('flags a slow head side too', () => {
    const blocks = steady(5);
    blocks[0] = { ...blocks[0]!, head: 450 };
    const reasons = disturbedBlocks(blocks, limits);
    expect(reasons[0]).toMatch(/^head at 50% of its other blocks' median \(limit 85%\)$/);
    expect(reasons.slice(1)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('compares a side with its own blocks only: a uniform real drop of the head is not a disturbance', () => {
    // Every head block at 60% of the base: a real change, not a disturbed block.
    const blocks = steady(8, 1000, 600);
    expect(disturbedBlocks(blocks, limits).every((r) => r === undefined)).toBe(true);
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
    expect(disturbedBlocks(blocks, limits)[2]).toBe("base at 85% of its other blocks' median (limit 85%)");
  });

  it('flags a block with more host CPU busy outside nicgate than the limit', () => {
    const blocks: BlockSides[] = steady(2).map((b) => ({ ...b, outsideCpu: 0.5 }));
    blocks.push({ base: 1000, head: 900, outsideCpu: 2.5 });
    blocks.push({ base: 1000, head: 900, outsideCpu: 2 });
    const reasons = disturbedBlocks(blocks, limits);
    expect(reasons).toEqual([
      undefined,
      undefined,
      '2.50 cores busy outside nicgate (limit 2)',
      undefined, // at the limit, not above it
    ]);
  });

  it('checks the outside CPU even where slowness cannot be judged, and before it', () => {
    expect(disturbedBlocks([{ base: 1, head: 1, outsideCpu: 3.456 }], limits)).toEqual([
      '3.46 cores busy outside nicgate (limit 2)',
    ]);
    const blocks = steady(4);
    blocks[1] = { base: 10, head: 900, outsideCpu: 4 };
    expect(disturbedBlocks(blocks, limits)[1]).toMatch(/cores busy outside nicgate/);
  });

  it('gives nothing for no blocks', () => {
    expect(disturbedBlocks([], limits)).toEqual([]);
  });
});
