import { scenarioSeed } from '../../src/engine/paired-loop.js';
import { base, fakeSteps, head, plans, runPaired, settings } from './paired-fakes.js';

describe('scenarioSeed', () => {
  it('is reproducible, differs per scenario and per run seed, and stays a 32-bit unsigned integer', () => {
    const a = scenarioSeed(7, 'linux/virtio-net-pci/stock/rtt50ms/send');
    expect(scenarioSeed(7, 'linux/virtio-net-pci/stock/rtt50ms/send')).toBe(a);
    expect(scenarioSeed(7, 'linux/e1000/stock/rtt50ms/send')).not.toBe(a);
    expect(scenarioSeed(8, 'linux/virtio-net-pci/stock/rtt50ms/send')).not.toBe(a);
    for (const seed of [0, 1, 2 ** 31, 2 ** 32 - 1]) {
      const s = scenarioSeed(seed, 'k');
      expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    }
  });
});

describe('runPairedScenarios', () => {
  it('boots both sides per block, runs the seeded order, and gives one pair per block', async () => {
    const { steps, log } = fakeSteps();
    const { outcome } = await runPaired(steps);
    const [b, h] = [outcome.base[0]!, outcome.head[0]!];
    expect(b.pairedBlocks).toHaveLength(4);
    expect(b.pairedBlocks!.map((x) => x.guestStart)).toEqual([
      'restored',
      'restored',
      'restored',
      'restored',
    ]);
    expect(b.pairedBlocks!.map((x) => x.median)).toEqual([400e6, 400e6, 400e6, 400e6]);
    expect(h.pairedBlocks!.map((x) => x.median)).toEqual([360e6, 360e6, 360e6, 360e6]);
    expect(b.samples).toHaveLength(8);
    expect(b.appliedSysctls).toEqual(base.profile.sysctls);
    expect(h.appliedSysctls).toEqual(head.profile.sysctls);
    // The measured letters of each block follow its order; both guests stop after every block.
    const measured = log.filter((line) => line === 'A' || line === 'B').join('');
    expect(measured).toBe(b.pairedBlocks!.map((x) => x.order).join(''));
    for (const block of b.pairedBlocks!) expect(['ABBA', 'BAAB']).toContain(block.order);
    expect(log.filter((line) => line.startsWith('boot'))).toHaveLength(8);
    expect(log.filter((line) => line.startsWith('stop'))).toHaveLength(8);
    // No transfer is discarded: every repetition of a block is one of its letters.
    expect(log.filter((line) => line === 'A' || line === 'B')).toHaveLength(16);
  });

  it('sets a disturbed block aside, says why, and measures one more in its place', async () => {
    // Boot 2 is the base guest of the second block: both its repetitions crawl.
    const { steps } = fakeSteps((boot) => (boot === 2 ? 200e6 : undefined));
    const { outcome } = await runPaired(steps);
    const blocks = outcome.base[0]!.pairedBlocks!;
    expect(blocks).toHaveLength(5);
    expect(blocks.filter((x) => x.dropped)).toEqual([
      expect.objectContaining({
        block: 2,
        dropped: expect.stringMatching(/^base at 50% of its other blocks' median/),
      }),
    ]);
  });

  it('keeps a block where one repetition of a side was starved: a side is judged by its best repetition', async () => {
    // Boot 2 is the base guest of the second block: its first repetition crawls, its second does not.
    const { steps } = fakeSteps((boot, n) => (boot === 2 && n === 0 ? 100e6 : undefined));
    const { outcome } = await runPaired(steps);
    const blocks = outcome.base[0]!.pairedBlocks!;
    expect(blocks).toHaveLength(4);
    expect(blocks.filter((x) => x.dropped)).toEqual([]);
    // The median of the starved side is half-way down; the pair is judged from the best repetition.
    expect(blocks[1]!.median).toBe(250e6);
    expect(blocks[1]!.samples).toEqual([100e6, 400e6]);
  });

  it('stops at the cap of blocks when disturbances keep coming, and says so', async () => {
    // The base of every other block (boots 2, 6, 10) is slow: half the blocks are disturbed.
    const { steps } = fakeSteps((boot) => (boot % 4 === 2 ? 100e6 : undefined));
    const { outcome, events } = await runPaired(steps);
    expect(outcome.base[0]!.pairedBlocks).toHaveLength(settings.maxBlocks);
    expect(outcome.head[0]!.pairedStop).toBe(
      'replacing stopped at the cap of 6 blocks, 4 of 4 pairs kept'.replace('4 of', '3 of'),
    );
    expect(events).toContainEqual({ type: 'warning', message: expect.stringContaining('cap of 6 blocks') });
  });

  it('keeps replacing past the asked-for blocks until the time cap, then says so', async () => {
    let clock = 0;
    const { steps } = fakeSteps((boot) => (boot % 4 === 2 ? 100e6 : undefined));
    const timed = { ...settings, maxBlocks: 40, maxSeconds: 50, now: () => (clock += 10_000) };
    const { outcome } = await runPaired(steps, plans, timed);
    // Each look at the clock advances it 10 s: the cap is reached once the asked-for blocks ran.
    expect(outcome.base[0]!.pairedBlocks!.length).toBeGreaterThanOrEqual(settings.pairs);
    expect(outcome.base[0]!.pairedBlocks!.length).toBeLessThan(40);
    expect(outcome.head[0]!.pairedStop).toMatch(
      /^replacing stopped at the time cap \(50 s\) after \d+ blocks, \d of 4 pairs kept$/,
    );
  });

  it('keeps every block measured under a load that both sides saw alike', async () => {
    const { steps } = fakeSteps();
    let tick = 0;
    // 1.6 cores busy outside nicgate all the time: each snapshot 1 s later, 160 more busy ticks.
    steps.cpu = async () => ({ atMs: ++tick * 1000, hostBusyTicks: tick * 160, ownTicks: 0 });
    const { outcome } = await runPaired(steps);
    const blocks = outcome.base[0]!.pairedBlocks!;
    expect(blocks).toHaveLength(4);
    expect(blocks.every((b) => b.dropped === undefined && b.outsideCpu === 1.6)).toBe(true);
  });

  it('counts the iperf3 retries of each side', async () => {
    const { steps } = fakeSteps();
    const repetition = steps.repetition;
    let calls = 0;
    steps.repetition = async (target, measure, onRetry) => {
      if (++calls % 3 === 0) onRetry('unable to connect to server: Connection refused');
      return repetition(target, measure, onRetry);
    };
    const { outcome } = await runPaired(steps);
    expect((outcome.base[0]!.retries ?? 0) + (outcome.head[0]!.retries ?? 0)).toBe(Math.floor(16 / 3));
  });

  it('records a failed boot as the scenario error and stops the guest that did boot', async () => {
    const { steps, log } = fakeSteps();
    const boot = steps.boot;
    steps.boot = async (index, setup) => {
      if (index === 3) throw new Error('QEMU exited with 1 before the guest reported in');
      return boot(index, setup);
    };
    const { outcome } = await runPaired(steps);
    expect(outcome.head[0]!.error).toBe('block 2: QEMU exited with 1 before the guest reported in');
    expect(outcome.base[0]!.error).toBe(outcome.head[0]!.error);
    expect(outcome.base[0]!.pairedBlocks).toHaveLength(1);
    expect(log).toContain('stop 2');
  });
});

describe("runPairedScenarios with TCP's own figures", () => {
  it("gives each block side the median of its repetitions' figures, and each side its scenario's", async () => {
    const { steps } = fakeSteps();
    let n = 0;
    const withTcp: typeof steps = {
      ...steps,
      repetition: async (target, measure, onRetry) => {
        const sample = await steps.repetition(target, measure, onRetry);
        // The head's window is capped: 64 KiB against the base's 3 MiB; retransmits count up.
        const cwnd = sample.bitsPerSecond === 400e6 ? 3_145_728 : 65_536;
        return { ...sample, tcp: { source: 'server', retransmits: n++, maxCongestionWindowBytes: cwnd } };
      },
    };
    const tcpPlans = {
      base: {
        ...plans.base,
        measure: { ...plans.base.measure, metrics: ['throughput', 'tcp-stats'] as const },
      },
      head: {
        ...plans.head,
        measure: { ...plans.head.measure, metrics: ['throughput', 'tcp-stats'] as const },
      },
    };
    const { outcome } = await runPaired(withTcp, tcpPlans);
    const [b, h] = [outcome.base[0]!, outcome.head[0]!];
    expect(b.metrics).toEqual(['throughput', 'tcp-stats']);
    expect(b.pairedBlocks!.map((x) => x.tcpStats?.maxCongestionWindowBytes)).toEqual([
      3_145_728, 3_145_728, 3_145_728, 3_145_728,
    ]);
    expect(h.tcpStats?.maxCongestionWindowBytes).toBe(65_536);
    // Two repetitions per side and block: each block's retransmits are the mean of its two counts.
    const block = h.pairedBlocks![0]!;
    const counts = h.sampleDetails.slice(0, 2).map((d) => d.tcp!.retransmits!);
    expect(block.tcpStats?.retransmits).toBe((counts[0]! + counts[1]!) / 2);
  });
});
