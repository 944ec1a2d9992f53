// The verdicts file of a paired job judged with sequential looks: the design, per scenario the
// pairs used and why measuring stopped; `--sequential off` leaves the verdicts as they were; files
// with the new fields, and files from before them, read back.
import { parseResultsJson, type PairedBlock, type ScenarioResult } from '../../src/model/results.js';
import { parseVerdictsJson, type PairedDesign } from '../../src/model/verdicts.js';
import { pairedVerdictsFile } from '../../src/verdicts/paired-file.js';
import { results, scenario } from '../baseline/sample-results.js';

const KEYS = [
  'linux/e1000/tuned/lan/send',
  'linux/virtio-net-pci/tuned/lan/send',
  'linux/e1000/tuned/lan/receive',
];
const SEQUENTIAL: PairedDesign = { sequential: true, firstLook: 3, cap: 6, tests: 3 };

/** A side's blocks: `rate(i)` per block, some dropped. */
function blocks(rate: (i: number) => number, count: number, dropped: number[] = []): PairedBlock[] {
  return Array.from({ length: count }, (_, i) => ({
    block: i + 1,
    order: 'ABBA',
    samples: [rate(i), rate(i) - 1e6],
    median: rate(i) - 5e5,
    ...(dropped.includes(i + 1) ? { dropped: 'base at 50% of its other blocks' } : {}),
  }));
}

function side(which: 'base' | 'head', extra: Partial<ScenarioResult>[]) {
  const rates = [
    (i: number) => (which === 'base' ? 400e6 : 360e6 + (i % 2) * 2e6), // a 10% drop, settled early
    (i: number) => (which === 'base' ? 400e6 : 400e6 + (i % 2 ? 20e6 : -20e6)), // noise: to the cap
    () => (which === 'base' ? 400e6 : 360e6), // stopped by the block cap with 2 pairs
  ];
  const counts = [4, 6, 4];
  const dropped = [[], [], [1, 2]];
  return results(
    KEYS.map((key, s) =>
      scenario(key, [400e6], { pairedBlocks: blocks(rates[s]!, counts[s]!, dropped[s]), ...extra[s] }),
    ),
  );
}

function file(design?: PairedDesign) {
  const settled = { pairedSettled: 'settled: regression at look 2' };
  const capped = { pairedStop: 'replacing stopped at the cap of 4 blocks, 2 of 6 pairs kept' };
  return pairedVerdictsFile({
    changes: KEYS.map((key) => ({ key, change: 'changed' as const })),
    measured: new Set(KEYS),
    base: side('base', [{}, {}, capped]),
    head: side('head', [settled, {}, capped]),
    settings: { threshold: 0.04, alpha: 0.01 },
    commits: { base: 'a'.repeat(40), head: 'b'.repeat(40) },
    pairs: design?.cap ?? 8,
    seed: 7,
    ...(design === undefined ? {} : { design }),
  });
}

describe('pairedVerdictsFile with sequential looks', () => {
  it('records the design, the pairs each scenario used and why it stopped', () => {
    const judged = file(SEQUENTIAL);
    expect(judged.paired?.design).toEqual(SEQUENTIAL);
    expect(judged.verdicts.map((v) => [v.kind, v.pairs?.used, v.pairs?.needed, v.pairs?.stop])).toEqual([
      ['regression', 4, 3, 'settled: regression at look 2'],
      ['inconclusive', 6, 3, 'cap of 6 pairs reached'],
      ['inconclusive', 2, 3, 'replacing stopped at the cap of 4 blocks, 2 of 6 pairs kept'],
    ]);
    expect(judged.verdicts[0]!.reason).toContain('Bonferroni over 3 scenarios');
    expect(judged.verdicts[2]!.reason).toBe(
      '2 pairs cannot be judged: the first look needs 3; measure more pairs',
    );
    expect(judged.regressed).toBe(true);
  });

  it('with the fixed design gives the verdicts it gave before sequential looks, byte for byte', () => {
    const before = file();
    const off = file({ sequential: false, cap: 8 });
    expect(JSON.stringify(off.verdicts)).toBe(JSON.stringify(before.verdicts));
    expect(off.verdicts.every((v) => v.pairs?.stop === undefined)).toBe(true);
    expect(before.paired).not.toHaveProperty('design');
    expect(off.paired?.design).toEqual({ sequential: false, cap: 8 });
  });
});

describe('the verdicts file', () => {
  it('reads back the design and the stops as written', () => {
    const judged = file(SEQUENTIAL);
    expect(parseVerdictsJson(JSON.stringify(judged), 'verdicts.json')).toEqual(judged);
  });

  it('still reads a file written before them (no design, no stop)', () => {
    const old = file();
    const text = JSON.stringify(old);
    expect(text).not.toMatch(/"design"|"stop"/);
    const read = parseVerdictsJson(text, 'verdicts.json');
    expect(read).toEqual(old);
    expect(read.paired?.design).toBeUndefined();
  });
});

describe('the results file', () => {
  it("reads back a look's stop, and a file without one", () => {
    const settled = side('head', [{ pairedSettled: 'settled: regression at look 2' }, {}, {}]);
    const read = parseResultsJson(JSON.stringify(settled), 'results.json');
    expect(read.scenarios.map((s) => s.pairedSettled)).toEqual([
      'settled: regression at look 2',
      undefined,
      undefined,
    ]);
  });
});
