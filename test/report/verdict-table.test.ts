import { renderVerdictTable } from '../../src/report/verdict-table.js';
import { mixedVerdicts, unchanged, verdictsFile } from './fixtures.js';
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
    expect(calm).toHaveLength(4);
  });
});

describe('renderVerdictTable with hostile text', () => {
  it('prints keys and reasons on one line each, with no workflow command and no control character', () => {
    const file = verdictsFile([
      { key: `linux/${HOSTILE}`, kind: 'error', error: HOSTILE, reason: HOSTILE },
      { ...unchanged('linux/e1000/stock/lan/send'), kind: 'inconclusive', reason: HOSTILE },
    ]);
    const table = renderVerdictTable(file);
    // headline, blank, header, two rows, blank, two reasons
    expect(table.split('\n')).toHaveLength(8);
    expect(commandLines(table)).toEqual([]);
    expect(table).not.toMatch(CONTROL);
  });
});
