import type { PairedBlock } from '../../src/model/results.js';
import { pairedVerdictsFile } from '../../src/verdicts/paired-file.js';
import { results, scenario } from '../baseline/sample-results.js';

const KEY = 'linux/virtio-net-pci/tuned/rtt50ms/receive';

/** Eight blocks of one side, each with two repetitions from `samples(i)`. */
function side(samples: (i: number) => [number, number], outsideCpu?: number) {
  const blocks: PairedBlock[] = Array.from({ length: 8 }, (_, i) => {
    const pair = samples(i);
    return {
      block: i + 1,
      order: 'ABBA',
      samples: pair,
      median: (pair[0] + pair[1]) / 2,
      ...(outsideCpu === undefined ? {} : { outsideCpu }),
    };
  });
  return results([
    scenario(
      KEY,
      blocks.flatMap((b) => b.samples),
      { pairedBlocks: blocks },
    ),
  ]);
}

function judge(base: ReturnType<typeof side>, head: ReturnType<typeof side>) {
  return pairedVerdictsFile({
    changes: [{ key: KEY, change: 'changed' }],
    measured: new Set([KEY]),
    base,
    head,
    settings: { threshold: 0.04, alpha: 0.01 },
    commits: { base: 'a'.repeat(40), head: 'b'.repeat(40) },
    pairs: 8,
    seed: 1,
  }).verdicts[0]!;
}

describe('pairedVerdictsFile judges each block side by its best repetition', () => {
  it('does not call a regression where only the head had one starved repetition per block', () => {
    // The head's medians are 30% down, but every block has one full-speed repetition on each side.
    const base = side((i) => [400e6 + i * 1e6, 398e6 + i * 1e6]);
    const head = side((i) => [280e6, 401e6 + i * 1e6]);
    const verdict = judge(base, head);
    expect(verdict.kind).not.toBe('regression');
    expect(verdict).toEqual(expect.objectContaining({ relativeChange: expect.closeTo(0, 2) }));
  });

  it('calls a real drop that both repetitions show', () => {
    const base = side((i) => [400e6 + i * 1e6, 398e6 + i * 1e6]);
    const head = side((i) => [360e6 + i * 1e6, 358e6 + i * 1e6]);
    const verdict = judge(base, head);
    expect(verdict).toEqual(
      expect.objectContaining({ kind: 'regression', relativeChange: expect.closeTo(-0.1, 2) }),
    );
  });
});

describe('pairedVerdictsFile on a busy host', () => {
  // Pairs that swing ±15%: the interval on the change cannot fit inside ±4%.
  const swing = (i: number): [number, number] => {
    const level = i % 2 === 0 ? 1.15 : 0.85;
    return [300e6 * level, 300e6 * level];
  };
  const steady = (): [number, number] => [300e6, 300e6];

  it('says an inconclusive verdict was measured beside other work, and how busy the host was', () => {
    const verdict = judge(side(steady, 1.4), side(swing, 1.6));
    expect(verdict.kind).toBe('inconclusive');
    expect(verdict.reason).toMatch(
      /; the host was busy \(1\.50 cores in use outside nicgate during the blocks, median\): a quieter runner or more pairs narrows the interval$/,
    );
  });

  it('adds nothing on a quiet host or where the load was not measured', () => {
    for (const verdict of [judge(side(steady, 0.1), side(swing, 0.2)), judge(side(steady), side(swing))]) {
      expect(verdict.kind).toBe('inconclusive');
      expect(verdict.reason).not.toContain('busy');
    }
  });
});

describe('pairedVerdictsFile: why a changed scenario changed', () => {
  const inputs = {
    differences: [
      {
        input: 'net.ipv4.tcp_wmem',
        field: 'max',
        change: 'changed' as const,
        base: '16777216',
        head: '65536',
        file: 'profiles/tuned.conf',
        line: 4,
      },
    ],
  };

  it("puts the change's differences on its verdict, whatever the verdict", () => {
    const failedKey = 'linux/e1000/tuned/rtt50ms/receive';
    const file = pairedVerdictsFile({
      changes: [
        { key: KEY, change: 'changed', inputs },
        { key: failedKey, change: 'changed', inputs },
        { key: 'linux/e1000/stock/rtt50ms/receive', change: 'unchanged' },
      ],
      measured: new Set([KEY, failedKey]),
      base: side((i) => [400e6 + i * 1e6, 398e6 + i * 1e6]),
      head: side((i) => [360e6 + i * 1e6, 358e6 + i * 1e6]),
      settings: { threshold: 0.04, alpha: 0.01 },
      commits: { base: 'a'.repeat(40), head: 'b'.repeat(40) },
      pairs: 8,
      seed: 1,
    });
    expect(file.verdicts.map((v) => [v.kind, v.inputs])).toEqual([
      ['regression', inputs],
      // Not measured (the run stopped): still why it was to be measured.
      ['error', inputs],
      ['inputs-unchanged', undefined],
    ]);
  });
});

describe("pairedVerdictsFile with TCP's own figures", () => {
  /** Eight blocks whose window (tcp-stats) is `cwnd(i)`; block 1 dropped on the head side when asked. */
  function withTcp(rate: number, cwnd: (i: number) => number, dropFirst = false) {
    const file = side(() => [rate, rate]);
    const blocks = file.scenarios[0]!.pairedBlocks!.map((b, i) => ({
      ...b,
      tcpStats: { retransmits: i, maxCongestionWindowBytes: cwnd(i) },
      ...(dropFirst && i === 0 ? { dropped: 'slower than its other blocks' } : {}),
    }));
    return results([{ ...file.scenarios[0]!, pairedBlocks: blocks }]);
  }

  it("carries each side's median over its kept blocks, for the report's why", () => {
    const verdict = judge(
      withTcp(400e6, () => 3_000_000),
      withTcp(300e6, (i) => (i === 0 ? 1 : 64_000 + i), true),
    );
    // Block 1 dropped: the head's 1-byte window there is left out, and so is the base's block 1.
    expect(verdict.tcpStats).toEqual({
      base: { retransmits: 4, maxCongestionWindowBytes: 3_000_000 },
      head: { retransmits: 4, maxCongestionWindowBytes: 64_004 },
    });
  });

  it('carries nothing without tcp-stats on both sides', () => {
    expect(
      judge(
        withTcp(400e6, () => 3e6),
        side(() => [300e6, 300e6]),
      ).tcpStats,
    ).toBeUndefined();
  });
});
