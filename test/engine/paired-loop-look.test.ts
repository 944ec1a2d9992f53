// The paired loop with an injected look: it sees each side's figures of the kept blocks in block
// order from the first look on, and a stop ends the scenario there. The caps still apply.
import type { PairedLook } from '../../src/engine/paired-loop.js';
import { fakeSteps, plans, runPaired, settings } from './paired-fakes.js';

/** A look that records what it saw and stops once `stopAt` kept pairs are in (never, by default). */
function recordingLook(stopAt = Infinity, firstLook = 3) {
  const seen: { key: string; base: number[]; head: number[] }[] = [];
  const look: PairedLook = {
    firstLook,
    at: (key, kept) => {
      seen.push({ key, ...kept });
      return kept.base.length >= stopAt ? { stop: true, reason: 'settled: regression at look 1' } : undefined;
    },
  };
  return { look, seen };
}

describe('runPairedScenarios with a look', () => {
  it('looks after every block from the first look and stops at its word, recording why', async () => {
    const { steps, log } = fakeSteps();
    const { look, seen } = recordingLook(3);
    const { outcome, events } = await runPaired(steps, plans, { ...settings, pairs: 6, maxBlocks: 12, look });
    expect(outcome.base[0]!.pairedBlocks).toHaveLength(3);
    expect(seen).toEqual([
      { key: plans.head.scenarios[0]!.key, base: [400e6, 400e6, 400e6], head: [360e6, 360e6, 360e6] },
    ]);
    for (const side of ['base', 'head'] as const) {
      expect(outcome[side][0]!.pairedSettled).toBe('settled: regression at look 1');
      expect(outcome[side][0]!.pairedStop).toBeUndefined();
    }
    expect(log.filter((line) => line.startsWith('boot'))).toHaveLength(6);
    expect(events).toContainEqual({
      type: 'stage',
      message: expect.stringContaining('settled: regression at look 1 with 3 pairs'),
    });
  });

  it('goes on while the look says so, up to the pairs asked for', async () => {
    const { steps } = fakeSteps();
    const { look, seen } = recordingLook();
    const goOn: PairedLook = {
      ...look,
      at: (key, kept) => (look.at(key, kept), { stop: false, reason: 'x' }),
    };
    const { outcome } = await runPaired(steps, plans, { ...settings, look: goOn });
    expect(outcome.base[0]!.pairedBlocks).toHaveLength(settings.pairs);
    // Looks at 3 and 4 kept pairs: one after each block from the first look.
    expect(seen.map((s) => s.base.length)).toEqual([3, 4]);
    expect(outcome.head[0]!.pairedSettled).toBeUndefined();
  });

  it('shows the look only the kept pairs, and keeps replacing disturbed blocks', async () => {
    // Boot 2 is the base guest of the second block: it crawls, the block is set aside.
    const { steps } = fakeSteps((boot) => (boot === 2 ? 200e6 : undefined));
    const { look, seen } = recordingLook(3);
    const { outcome } = await runPaired(steps, plans, { ...settings, pairs: 6, maxBlocks: 12, look });
    const blocks = outcome.base[0]!.pairedBlocks!;
    expect(blocks).toHaveLength(4);
    expect(blocks.filter((b) => b.dropped).map((b) => b.block)).toEqual([2]);
    // The disturbed block's 200 Mbit/s never reaches the look.
    expect(seen).toEqual([expect.objectContaining({ base: [400e6, 400e6, 400e6] })]);
    expect(outcome.head[0]!.pairedSettled).toBe('settled: regression at look 1');
  });

  it('still stops at the cap of blocks, saying so, when the look never settles', async () => {
    // The base of every other block (boots 2, 6, 10) is slow: half the blocks are disturbed.
    const { steps } = fakeSteps((boot) => (boot % 4 === 2 ? 100e6 : undefined));
    const { look } = recordingLook();
    const { outcome } = await runPaired(steps, plans, { ...settings, look });
    expect(outcome.base[0]!.pairedBlocks).toHaveLength(settings.maxBlocks);
    expect(outcome.head[0]!.pairedStop).toBe('replacing stopped at the cap of 6 blocks, 3 of 4 pairs kept');
    expect(outcome.head[0]!.pairedSettled).toBeUndefined();
  });
});
