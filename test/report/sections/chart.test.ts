import { renderChart } from '../../../src/report/sections/chart.js';

describe('renderChart', () => {
  it('explains overlapping bars and names what was not drawn', () => {
    const text = renderChart([
      { key: 'linux/a/send', baseline: 1e9, current: 9e8 },
      { key: 'linux/b/send', current: 5e8 },
    ])!;
    expect(text.startsWith('```mermaid\n')).toBe(true);
    expect(text).toContain('grey is the baseline median, blue this run’s drawn over it');
    expect(text).toContain('1 scenario without both medians not drawn.');
    expect(text).not.toContain('Labels leave out');
  });

  it('says when only this run is drawn, how many were cut, and the dropped label prefix', () => {
    const rows = Array.from({ length: 35 }, (_, i) => ({ key: `linux/e1000/p${i}/send`, current: 1e9 }));
    const text = renderChart(rows)!;
    expect(text).toContain('Bars: this run’s median.');
    expect(text).toContain('Showing the first 30 of 35, in table order.');
    expect(text).toContain('Labels leave out linux/e1000/.');
  });

  it('is absent when no row has a median', () => {
    expect(renderChart([{ key: 'a' }])).toBeUndefined();
  });
});
