import {
  CHART_COLUMNS,
  changeChart,
  chartHeading,
  chartNotes,
  MAX_CHART_ROWS,
} from '../../src/report/change-chart.js';
import type { Verdict } from '../../src/model/verdicts.js';
import type { Abbreviation } from '../../src/report/scenario-labels.js';
import { textColumns } from '../../src/report/text-width.js';
import { createRandom } from '../../src/stats/random.js';
import { comparison, mixedVerdicts, pairedFile, unchanged } from './fixtures.js';
import { DEFAULT_MATRIX, matrixKeys, matrixVerdicts, randomMatrix, WIDE_MATRIX } from './matrices.js';

const verdict = (
  key: string,
  kind: 'regression' | 'improvement' | 'unchanged',
  low: number,
  high: number,
): Verdict => ({
  key,
  kind,
  reason: 'r',
  ...comparison(1e9, 1e9 * (1 + (low + high) / 2), low, high),
});

describe('changeChart', () => {
  it('draws a drop, an improvement and an interval across zero on one scale, in the order given', () => {
    const chart = changeChart(
      [
        verdict('linux/virtio-net-pci/tuned/rtt50ms/send', 'regression', -0.15, -0.05),
        verdict('linux/e1000/tuned/rtt50ms/send', 'improvement', 0.09, 0.15),
        verdict('linux/e1000/stock/rtt50ms/send', 'unchanged', -0.04, 0.04),
      ],
      0.05,
    )!;
    expect(chart.lines).toEqual([
      '                        -20%      -5%  0  +5%      +20%  change [95% CI]',
      'virtio-net-pci · tuned      ├───●──┤   │   :             -10.0% [-15.0%, -5.0%]  regression',
      'e1000 · tuned                      :   │   :  ├─●─┤      +12.0% [+9.0%, +15.0%]  improvement',
      'e1000 · stock                      :├──●──┤:             0.0% [-4.0%, +4.0%]     unchanged',
    ]);
    expect(chart).toMatchObject({ shown: 3, total: 3, undrawn: [], shared: ['linux', 'rtt50ms', 'send'] });
    expect(chart).toMatchObject({ level: 0.95, threshold: 0.05, unknownBounds: false });
  });

  it('draws an unknown bound as an arrow to the edge and writes it as ?', () => {
    const open: Verdict = {
      key: 'linux/a/send',
      kind: 'improvement',
      reason: 'r',
      ...comparison(1e9, 1.08e9, 0.05, Infinity),
    };
    const chart = changeChart([open, unchanged('linux/b/send')])!;
    expect(chart.lines[1]).toBe('a  ' + '               │       ├───●──>  +8.0% [+5.0%, ?]      improvement');
    expect(chart.unknownBounds).toBe(true);
  });

  it('leaves out kinds without a change, counting them, and draws a change without an interval as a dot', () => {
    const chart = changeChart(mixedVerdicts(), 0.05)!;
    expect(chart.total).toBe(4);
    expect(chart.undrawn).toEqual([
      ['new', 1],
      ['missing', 1],
      ['error', 1],
      ['inconclusive', 1],
    ]);
    const inconclusive: Verdict = {
      key: 'linux/c/send',
      kind: 'inconclusive',
      reason: 'r',
      relativeChange: 0.03,
    };
    const dot = changeChart([inconclusive])!;
    expect(dot.lines[1]).toMatch(/^linux · c · send {2}[ │:]*●[ │:]* {2}\+3\.0% {2}inconclusive$/);
    expect(dot.level).toBeUndefined();
  });

  it('draws nothing for a paired file’s inputs-unchanged verdict', () => {
    const chart = changeChart(pairedFile().verdicts)!;
    expect(chart.total).toBe(4);
    expect(chart.undrawn).toEqual([['inputs-unchanged', 1]]);
    expect(chart.lines.join('\n')).not.toContain('e1000e');
  });

  it('is absent when nothing has a change', () => {
    expect(changeChart([{ key: 'a', kind: 'inputs-unchanged', reason: 'r' }])).toBeUndefined();
    expect(changeChart([])).toBeUndefined();
  });

  it('caps the rows, keeping the first, and labels them by what differs among those drawn', () => {
    const verdicts = Array.from({ length: 45 }, (_, i) => unchanged(`linux/e1000/p${i}/lan/send`));
    verdicts.push(unchanged('linux/virtio-net-pci/p0/lan/send'));
    const chart = changeChart(verdicts)!;
    expect(chart).toMatchObject({
      shown: MAX_CHART_ROWS,
      total: 46,
      shared: ['linux', 'e1000', 'lan', 'send'],
    });
    expect(chart.lines).toHaveLength(MAX_CHART_ROWS + 1);
    expect(chart.lines[1]).toMatch(/^p0 /);
    expect(chart.lines[MAX_CHART_ROWS]).toMatch(/^p29 /);
  });

  it('lines up its columns under the header', () => {
    const chart = changeChart(pairedFile().verdicts, 0.05)!;
    const [header, ...rows] = chart.lines;
    const zero = header!.indexOf(' 0 ') + 1;
    const change = header!.indexOf('change [');
    for (const row of rows) {
      expect('│┼●├┤').toContain(row[zero]);
      expect(row.slice(change)).toMatch(/^[+-]?\d+\.\d% \[/);
    }
  });
});

describe('chartNotes', () => {
  it('explains the marks and what was left out', () => {
    const verdicts = [
      ...Array.from({ length: 35 }, (_, i) => unchanged(`linux/e1000/p${i}/lan/send`)),
      ...mixedVerdicts().filter((v) => v.kind === 'new' || v.kind === 'error'),
    ];
    const chart = changeChart(verdicts, 0.05)!;
    expect(chartHeading(chart)).toEqual(['All rows: linux, e1000, lan, send.']);
    expect(chartNotes(chart)).toEqual([
      '● the change, ├─┤ its 95% CI, │ no change, : the ±5.0% threshold.',
      'Showing the first 30 of 35, in table order.',
      '2 scenarios without a change not drawn (1 new, 1 error).',
    ]);
  });

  it('names the arrows when an end is unknown, and claims no level when intervals differ', () => {
    const open: Verdict = {
      key: 'a',
      kind: 'improvement',
      reason: 'r',
      ...comparison(1e9, 1.1e9, 0.05, Infinity),
    };
    const ninety = {
      ...verdict('b', 'unchanged', -0.01, 0.01),
      confidenceInterval: { level: 0.9, low: -0.01, high: 0.01 },
    } as Verdict;
    expect(chartNotes(changeChart([open, ninety])!)).toEqual([
      '● the change, ├─┤ its interval, │ no change, < or > an unknown end.',
    ]);
  });
});

describe('changeChart on generated matrices', () => {
  const shuffled = (keys: string[], seed: number): string[] => {
    const random = createRandom(seed);
    return [...keys].sort(() => random() - 0.5);
  };

  /** The key segments a label stands for, read back through the legend. */
  const readBack = (label: string, legend: readonly Abbreviation[]): string[] => {
    const byShort = new Map(legend.map(({ short, value }) => [short, value]));
    const expand = (part: string): string => byShort.get(part) ?? part;
    return expand(label).split(' · ').map(expand);
  };

  /** Segments that differ between the keys drawn (all of them when none differ). */
  const differing = (keys: readonly string[]): string[][] => {
    const split = keys.map((key) => key.split('/'));
    const positions = split[0]!.map((_, p) => p).filter((p) => split.some((s) => s[p] !== split[0]![p]));
    const shown = positions.length > 0 ? positions : split[0]!.map((_, p) => p);
    return split.map((segments) => shown.map((p) => segments[p]!));
  };

  const expectChartFits = (verdicts: Verdict[]): void => {
    const chart = changeChart(verdicts, 0.04)!;
    for (const line of chart.lines) expect(textColumns(line)).toBeLessThanOrEqual(CHART_COLUMNS);
    const keys = verdicts.slice(0, chart.shown).map((v) => v.key);
    // Labels are padded to one width and never hold two spaces in a row.
    const labels = chart.lines.slice(1).map((line) => line.split('  ')[0]!);
    expect(new Set(labels).size).toBe(labels.length);
    expect(new Set(chart.legend.map((a) => a.short)).size).toBe(chart.legend.length);
    for (const { short, value } of chart.legend) {
      // A code, or whole leading words of the value: never cut inside a word.
      const wholeWords = value.startsWith(short) && /^[-_]/.test(value.slice(short.length));
      expect(/^[A-Z]\d+$/.test(short) || wholeWords).toBe(true);
    }
    expect(labels.map((label) => readBack(label, chart.legend))).toEqual(differing(keys));
  };

  it('fits the default and the wide matrix within 95 columns, labels whole', () => {
    for (const matrix of [DEFAULT_MATRIX, WIDE_MATRIX])
      expectChartFits(matrixVerdicts(matrixKeys(matrix), 1));
  });

  it('fits every line within 95 columns, each label whole values or codes the legend maps back', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const keys = shuffled(matrixKeys(randomMatrix(seed)), seed);
      expectChartFits(matrixVerdicts(keys, seed, [0.05, 0.3, 3][seed % 3]));
    }
  });
});
