import { renderChart } from '../../../src/report/sections/chart.js';
import type { Verdict } from '../../../src/model/verdicts.js';
import { comparison, mixedVerdicts, pairedFile, unchanged } from '../fixtures.js';

describe('renderChart', () => {
  it('says what the rows share, fences the chart as text and follows it with its notes', () => {
    const text = renderChart(pairedFile().verdicts, 0.05)!;
    const [heading, block, notes] = text.split('\n\n');
    expect(heading).toBe('All rows: linux, rtt50ms, send.');
    const lines = block!.split('\n');
    expect(lines[0]).toBe('```text');
    expect(lines[lines.length - 1]).toBe('```');
    expect(lines).toHaveLength(2 + 1 + 4);
    expect(notes).toBe(
      '● the change, ├─┤ its 95% CI, │ no change, : the ±5.0% threshold, &lt; or &gt; an unknown end. ' +
        '1 scenario without a change not drawn (1 inputs-unchanged).',
    );
  });

  it('escapes the shared segments for markdown, and keeps the fence closed', () => {
    const keys = ['x_y/me@octocat/a/send', 'x_y/me@octocat/b/send'];
    const text = renderChart(keys.map((key) => unchanged(key)))!;
    expect(text).toContain('All rows: x\\_y, me@\u200doctocat, send.');
    expect(text.split('\n').filter((line) => line.startsWith('```'))).toEqual(['```text', '```']);
  });

  it('says how many rows were cut', () => {
    const verdicts = Array.from({ length: 35 }, (_, i) => unchanged(`linux/e1000/p${i}/send`));
    expect(renderChart(verdicts)).toContain('Showing the first 30 of 35, in table order.');
  });

  it('is absent when no verdict has a change', () => {
    expect(renderChart(mixedVerdicts().filter((v) => !('relativeChange' in v)))).toBeUndefined();
    const inputs: Verdict = { key: 'k', kind: 'inputs-unchanged', reason: 'r' };
    expect(renderChart([inputs])).toBeUndefined();
    expect(
      renderChart([{ key: 'k', kind: 'regression', reason: 'r', ...comparison(1e9, 9e8) }]),
    ).toBeDefined();
  });
});
