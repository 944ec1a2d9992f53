import { renderVerdictTable } from '../../src/report/verdict-table.js';
import { mixedVerdicts, pairedFile, unchanged, verdictsFile } from './fixtures.js';
import { CONTROL, HOSTILE, commandLines } from './hostile.js';

describe('renderVerdictTable', () => {
  const lines = renderVerdictTable(verdictsFile(mixedVerdicts())).split('\n');
  const rowOf = (key: string): string => lines.find((line) => line.startsWith(`${key} `))!;

  it('starts with the headline, then the header', () => {
    expect(lines[0]).toBe(
      '2 regressions, 1 error, 1 improvement, 1 inconclusive, 1 missing, 1 new, 1 unchanged',
    );
    expect(lines[1]).toBe('');
    expect(lines[2]).toMatch(/^scenario\s+baseline\s+current\s+change \[95% CI\]\s+p\s+verdict$/);
  });

  it('keeps the verdicts’ own order (the console is read top to bottom, as measured)', () => {
    expect(lines[3]!.startsWith('linux/virtio-net-pci/tuned/lan/send ')).toBe(true);
  });

  it('writes medians, the change with its interval in brackets, and the p-value', () => {
    expect(rowOf('linux/e1000/tuned/rtt50ms/send')).toMatch(
      /940 Mbit\/s {3}863 Mbit\/s {4}-8\.2% \[-10\.1%, -6\.0%\] {2}p = 0\.001 {4}regression$/,
    );
  });

  it('puts a dash where a kind has no value', () => {
    expect(rowOf('linux/e1000/stock/lan/send')).toMatch(/^\S+\s+-\s+500 Mbit\/s\s+-\s+-\s+new$/);
    expect(rowOf('linux/e1000/tuned/lan/receive')).toMatch(/^\S+\s+-\s+-\s+-\s+-\s+error$/);
  });

  it('right-aligns every column but the first', () => {
    const widths = new Set(lines.slice(2, 11).map((line) => line.length));
    expect(widths.size).toBe(1);
  });

  it('lists the reasons of every verdict but the unchanged ones', () => {
    const reasons = lines.slice(lines.lastIndexOf('') + 1);
    expect(reasons).toHaveLength(7);
    expect(reasons).toContain('  linux/e1000/tuned/lan/receive: the guest did not boot');
    expect(reasons.some((line) => line.includes('within the 5.0% threshold'))).toBe(false);
  });

  it('has no reasons block when all are unchanged', () => {
    const calm = renderVerdictTable(verdictsFile([unchanged('linux/a/b/c/send')])).split('\n');
    // headline, blank, header, row, blank, the chart's scale and row, its legend
    expect(calm).toHaveLength(8);
    expect(calm.filter((line) => line.startsWith('  linux/'))).toEqual([]);
  });

  it('draws the change chart after the table, in the same order, what its rows share above it', () => {
    const start = lines.indexOf('', 3) + 1;
    expect(lines[start]).toBe('All rows: linux.');
    expect(lines[start + 1]).toMatch(/^ +-25% .* 0 .* \+25% {2}change$/);
    expect(lines.slice(start + 2, start + 6).map((line) => line.split('  ')[0])).toEqual([
      'virtio-net-pci · tuned · lan · send',
      'e1000 · tuned · rtt50ms · send',
      'e1000 · stock · rtt50ms · receive',
      'virtio-net-pci · stock · rtt50ms · send',
    ]);
  });
});

describe('renderVerdictTable for a paired job', () => {
  const lines = renderVerdictTable(pairedFile()).split('\n');

  it('names the columns base and head', () => {
    expect(lines[3]).toMatch(/^scenario +base +head /);
  });

  it('says how the verdicts were reached under the headline', () => {
    expect(lines[0]).toBe('1 regression, 1 improvement, 1 inconclusive, 1 unchanged, 1 inputs-unchanged');
    expect(lines[1]).toMatch(
      /^Measured base a1b2c3d and head e4f5a6b in this job, 8 pairs per changed scenario/,
    );
    expect(lines[2]).toBe('');
  });

  it('adds the pairs, and a basis other than the file’s, to the verdict', () => {
    const verdictOf = (key: string): string =>
      lines
        .find((line) => line.startsWith(`${key} `))!
        .split('  ')
        .pop()!
        .trim();
    expect(verdictOf('linux/virtio-net-pci/tuned/rtt50ms/send')).toBe('regression (7 pairs, 1 dropped)');
    expect(verdictOf('linux/e1000/tuned/rtt50ms/send')).toBe('improvement (8 pairs)');
    expect(verdictOf('linux/e1000/stock/rtt50ms/send')).toBe('inconclusive (stored baseline)');
    expect(lines.find((line) => line.startsWith('linux/e1000e/'))).toMatch(/ - +- +- +- +inputs-unchanged$/);
  });

  it('ends with the dropped blocks', () => {
    expect(lines.slice(-2)).toEqual([
      'dropped blocks:',
      '  linux/virtio-net-pci/tuned/rtt50ms/send: block 3 dropped: host steal time 12% (limit 5%)',
    ]);
  });
});

describe('renderVerdictTable with hostile text', () => {
  it('prints keys and reasons on one line each, with no workflow command and no control character', () => {
    const file = verdictsFile([
      { key: `linux/${HOSTILE}`, kind: 'error', error: HOSTILE, reason: HOSTILE },
      { ...unchanged('linux/e1000/stock/lan/send'), kind: 'inconclusive', reason: HOSTILE },
    ]);
    const table = renderVerdictTable(file);
    // headline, blank, header, two rows, blank, the chart (scale, one row, two notes), blank, two reasons
    expect(table.split('\n')).toHaveLength(13);
    expect(commandLines(table)).toEqual([]);
    expect(table).not.toMatch(CONTROL);
  });

  it('keeps a paired file’s commits and dropped-block reasons inert', () => {
    const file = pairedFile({ paired: { baseCommit: HOSTILE, headCommit: HOSTILE, pairs: 8, seed: 1 } });
    file.verdicts = file.verdicts.map((v) =>
      v.pairs
        ? {
            ...v,
            key: `linux/${HOSTILE}/${v.key}`,
            pairs: { used: 7, dropped: [{ block: 2, reason: HOSTILE }] },
          }
        : v,
    );
    const table = renderVerdictTable(file);
    expect(table.split('\n').filter((line) => line.includes('block 2 dropped'))).toHaveLength(3);
    expect(commandLines(table)).toEqual([]);
    expect(table).not.toMatch(CONTROL);
  });
});
