import {
  chartLabels,
  MAX_CHART_SCENARIOS,
  MAX_LABEL_LENGTH,
  mermaidText,
  renderThroughputChart,
} from '../../src/report/mermaid.js';

describe('chartLabels', () => {
  it('drops the segments every key shares at the front', () => {
    expect(chartLabels(['linux/e1000/tuned/lan/send', 'linux/e1000/stock/lan/send'])).toEqual({
      labels: ['tuned/lan/send', 'stock/lan/send'],
      droppedPrefix: 'linux/e1000/',
    });
  });

  it('keeps a lone key whole, and the last segment of keys that share everything else', () => {
    expect(chartLabels(['linux/e1000/tuned/lan/send']).labels).toEqual(['linux/e1000/tuned/lan/send']);
    expect(chartLabels(['a/b', 'a/b/c']).labels).toEqual(['b', 'b/c']);
  });

  it('shortens long labels in the middle, with an ellipsis', () => {
    const [label] = chartLabels(['x/virtio-net-pci-with-a-long-name/tuned/rtt50ms/send']).labels;
    expect(label).toHaveLength(MAX_LABEL_LENGTH);
    expect(label).toBe('x/virtio-net-pci…ed/rtt50ms/send');
  });

  it('keeps labels unique when shortening or cleaning makes them collide', () => {
    const keys = [
      'g/aaaaaaaaaaaaaaaa-one-bbbbbbbbbbbbbbbbbbbbb',
      'g/aaaaaaaaaaaaaaaa-two-bbbbbbbbbbbbbbbbbbbbb',
      'g/a"b',
      'g/a[b',
    ];
    const { labels } = chartLabels(keys);
    expect(new Set(labels).size).toBe(keys.length);
    expect(labels[1]).toMatch(/~2$/);
    expect(labels.slice(2)).toEqual(['a_b', 'a_b~2']);
    for (const label of labels) expect(label.length).toBeLessThanOrEqual(MAX_LABEL_LENGTH);
  });
});

describe('mermaidText', () => {
  it('replaces anything that could end the string, the statement or the fence', () => {
    expect(mermaidText('a"b[c]d`e\nf%%g;h#i;j{k}<l>@m')).toBe('a_b_c_d_e_f__g_h_i_j_k__l__m');
    expect(mermaidText('```')).toBe('___');
    expect(mermaidText('  ')).toBe('_');
    expect(mermaidText('virtio-net-pci/rtt50ms/send')).toBe('virtio-net-pci/rtt50ms/send');
  });
});

describe('renderThroughputChart', () => {
  it('draws baseline then current bars in Mbit/s on an axis from 0', () => {
    const chart = renderThroughputChart([
      { key: 'linux/a/send', baseline: 9.4e8, current: 8.63e8 },
      { key: 'linux/b/send', baseline: 9.41e9, current: 9.38e9 },
    ])!;
    const lines = chart.markdown.split('\n');
    expect(lines[0]).toBe('```mermaid');
    expect(lines[1]).toMatch(/^%%\{init: \{.*"plotColorPalette": "#9e9e9e, #2f81f7".*\}%%$/);
    expect(lines.slice(2)).toEqual([
      'xychart-beta horizontal',
      '  title "Median throughput"',
      '  x-axis ["a/send", "b/send"]',
      '  y-axis "Mbit/s" 0 --> 10000',
      '  bar [940, 9410]',
      '  bar [863, 9380]',
      '```',
    ]);
    expect(chart).toMatchObject({ shown: 2, total: 2, withBaseline: true, droppedPrefix: 'linux/' });
  });

  it('leaves out rows without both medians rather than drawing a 0', () => {
    const chart = renderThroughputChart([
      { key: 'new', current: 5e8 },
      { key: 'pair', baseline: 1e9, current: 1e9 },
      { key: 'missing', baseline: 1e9 },
      { key: 'nan', baseline: Number.NaN, current: 1e9 },
    ])!;
    expect(chart.markdown).toContain('x-axis ["pair"]');
    expect(chart.total).toBe(1);
  });

  it('draws this run alone when no row has a baseline', () => {
    const chart = renderThroughputChart([{ key: 'a', current: 1.234e9 }, { key: 'b' }])!;
    expect(chart.withBaseline).toBe(false);
    expect(chart.markdown.split('\n').filter((line) => line.startsWith('  bar'))).toEqual(['  bar [1234]']);
    expect(chart.markdown).toContain('"plotColorPalette": "#2f81f7"');
  });

  it('returns nothing when there is nothing to draw', () => {
    expect(renderThroughputChart([])).toBeUndefined();
    expect(renderThroughputChart([{ key: 'a' }, { key: 'b', baseline: 1e9 }])).toBeUndefined();
  });

  it('caps the scenarios drawn, keeping the first', () => {
    const rows = Array.from({ length: 45 }, (_, i) => ({ key: `s${i}`, baseline: 1e9, current: 1e9 + i }));
    const chart = renderThroughputChart(rows)!;
    expect(chart).toMatchObject({ shown: MAX_CHART_SCENARIOS, total: 45 });
    expect(chart.markdown).toContain('"s0", ');
    expect(chart.markdown).toContain('"s29"]');
    expect(chart.markdown).not.toContain('"s30"');
  });

  it('writes plain decimals, which is all mermaid parses', () => {
    const chart = renderThroughputChart([{ key: 'a', baseline: 1e30, current: 12345 }])!;
    for (const line of chart.markdown
      .split('\n')
      .filter((l) => l.startsWith('  bar') || l.startsWith('  y-axis'))) {
      expect(line).not.toMatch(/e[+-]?\d/);
    }
  });
});
