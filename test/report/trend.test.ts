import { readFileSync } from 'node:fs';
import { appendRun, baselineRunFromResults } from '../../src/baseline/runs.js';
import type { BaselineFile } from '../../src/model/baseline.js';
import {
  changeText,
  MAX_SPARK_RUNS,
  MAX_TREND_ROWS,
  renderTrend,
  sparkline,
  TREND_WIDTH,
  trendSeries,
} from '../../src/report/trend.js';
import { results, scenario } from '../baseline/sample-results.js';

const E1000 = 'linux/e1000/tuned/lan/send';
const VIRTIO = 'linux/virtio-net-pci/tuned/lan/send';

/** A baseline of `main` whose run i measured each scenario at `medians[key][i]` (undefined: not measured). */
function baselineOf(medians: Record<string, (number | undefined)[]>, window = 20): BaselineFile {
  const count = Math.max(...Object.values(medians).map((values) => values.length));
  let baseline: BaselineFile | undefined;
  for (let i = 0; i < count; i += 1) {
    const scenarios = Object.entries(medians).flatMap(([key, values]) =>
      values[i] === undefined ? [] : [scenario(key, [values[i]! * 0.99, values[i]!, values[i]! * 1.01])],
    );
    const day = String(1 + (i % 28)).padStart(2, '0');
    const run = baselineRunFromResults(results(scenarios, { timestamp: `2026-11-${day}T10:00:00.000Z` }), {
      runId: String(100 + i),
      commit: String(i % 10).repeat(40),
      branch: 'main',
    });
    baseline = appendRun(baseline, run, 'main', window);
  }
  return baseline!;
}

const tableRows = (text: string): string[] => text.split('\n').filter((line) => line.startsWith('| `'));

describe('sparkline', () => {
  it('scales each series from its own lowest run to its highest, eight steps', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([2e9, 1e9, 1.5e9])).toBe('█▁▅');
    // The same shape at any level: the scale is the series' own.
    expect(sparkline([10, 20, 30])).toBe(sparkline([1000, 1001, 1002]));
  });

  it('draws a flat series, and a lone run, at mid height', () => {
    expect(sparkline([5e8, 5e8, 5e8])).toBe('▄▄▄');
    expect(sparkline([5e8])).toBe('▄');
  });
});

describe('changeText', () => {
  it('compares the newest median with the median of the earlier ones', () => {
    // Earlier: 1.0, 1.2, 0.9 → median 1.0; newest 0.9 → -10%.
    expect(changeText([1, 1.2, 0.9, 0.9])).toBe('-10.0%');
    expect(changeText([1, 1.05])).toBe('+5.0%');
    expect(changeText([1, 1])).toBe('0.0%');
  });

  it('says so for one run, and keeps a huge rise within its column', () => {
    expect(changeText([1e9])).toBe('one run');
    expect(changeText([1e6, 5e9])).toBe('> +999%');
    expect(changeText([0, 1e9])).toBe('n/a');
  });
});

describe('trendSeries', () => {
  it("lists the newest run's scenarios in key order, each with the runs it was measured in", () => {
    const baseline = baselineOf({
      [VIRTIO]: [3e9, undefined, 3.1e9],
      [E1000]: [1e9, 1.1e9, 1.2e9],
      gone: [],
    });
    expect(trendSeries(baseline.runs)).toEqual([
      { key: E1000, medians: [1e9, 1.1e9, 1.2e9] },
      { key: VIRTIO, medians: [3e9, 3.1e9] },
    ]);
  });

  it('leaves out a scenario the newest run no longer measures', () => {
    const baseline = baselineOf({ [VIRTIO]: [3e9, 3e9, undefined], [E1000]: [1e9, 1e9, 1e9] });
    expect(trendSeries(baseline.runs).map((s) => s.key)).toEqual([E1000]);
  });
});

describe('renderTrend', () => {
  it('renders a heading, one row per scenario and a legend', () => {
    const baseline = baselineOf({ [E1000]: [1e9, 1.1e9, 0.9e9, 1.2e9], [VIRTIO]: [3e9, 3e9, 3e9, 3e9] });
    expect(renderTrend(baseline)).toBe(
      [
        '### Trend on main: last 4 runs',
        '',
        '| scenario | runs, oldest to newest | newest | change | runs |',
        '| --- | --- | ---: | ---: | ---: |',
        '| `e1000` | ▃▆▁█ | 1.20 Gbit/s | +20.0% | 4 |',
        '| `virtio-net-pci` | ▄▄▄▄ | 3.00 Gbit/s | 0.0% | 4 |',
        '',
        'All rows: `linux · tuned · lan · send`.',
        'Each bar is one run\'s median, from the scenario\'s lowest (▁) to its highest (█); "change" is',
        'the newest run against the median of the earlier ones.',
        'Runs of 2026-11-01 (commit 0000000) to 2026-11-04 (commit 3333333).',
      ].join('\n'),
    );
  });

  it('says when a scenario has one run, and when the baseline has only one', () => {
    const two = renderTrend(baselineOf({ [E1000]: [1e9, 1e9], [VIRTIO]: [undefined, 3e9] }))!;
    expect(tableRows(two)).toEqual([
      '| `e1000` | ▄▄ | 1.00 Gbit/s | 0.0% | 2 |',
      '| `virtio-net-pci` | ▄ | 3.00 Gbit/s | one run | 1 |',
    ]);
    const one = renderTrend(baselineOf({ [E1000]: [1e9] }))!;
    expect(one).toMatch(/^### Trend on main: last 1 run$/m);
    expect(tableRows(one)).toEqual([
      '| `linux · e1000 · tuned · lan · send` | ▄ | 1.00 Gbit/s | one run | 1 |',
    ]);
    expect(one).toContain('One run, of 2026-11-01 (commit 0000000).');
  });

  it('shows the runs the window keeps, and at most MAX_SPARK_RUNS of them', () => {
    const rising = Array.from({ length: 12 }, (_, i) => 1e9 + i * 1e7);
    const windowed = renderTrend(baselineOf({ [E1000]: rising }, 8))!;
    expect(windowed).toMatch(/^### Trend on main: last 8 runs$/m);
    expect(tableRows(windowed)).toEqual([
      // The oldest four fell out of the window: 1.04 to 1.11 Gbit/s, the earlier ones' median 1.07.
      '| `linux · e1000 · tuned · lan · send` | ▁▂▃▄▅▆▇█ | 1.11 Gbit/s | +3.7% | 8 |',
    ]);

    const fifty = Array.from({ length: 50 }, (_, i) => 1e9 + i);
    const long = renderTrend(baselineOf({ [E1000]: fifty, [VIRTIO]: fifty }, 50))!;
    expect(long).toMatch(new RegExp(`^### Trend on main: last ${MAX_SPARK_RUNS} runs$`, 'm'));
    expect(tableRows(long)[0]).toContain(
      ` | ${sparkline(Array.from({ length: MAX_SPARK_RUNS }, (_, i) => i))} | `,
    );
  });

  it(`keeps every line within ${TREND_WIDTH} characters, long keys and branch names included`, () => {
    const keys = [
      'linux/virtio-net-pci-with-a-very-long-model-name/a-tuning-profile-named-at-length/rtt120ms-loss0.5pct-rate100mbit/send',
      'linux/virtio-net-pci-with-a-very-long-model-name/another-tuning-profile-named-at-length/rtt120ms-loss0.5pct-rate100mbit/receive',
      'freebsd/e1000e/stock/lan/send',
    ];
    const wide = Array.from({ length: 40 }, (_, i) => 999.4e6 + i * 1e3);
    const baseline = baselineOf(Object.fromEntries(keys.map((key) => [key, wide])), 40);
    const trend = renderTrend({ ...baseline, branch: `release/${'x_'.repeat(80)}` })!;
    const tooWide = trend.split('\n').filter((line) => [...line].length > TREND_WIDTH);
    expect(tooWide).toEqual([]);
    expect(tableRows(trend)).toHaveLength(3);
    // The labels took the room they needed; the sparkline the rest.
    expect(trend).toMatch(/^### Trend on release\/x\\_x\\_.*…: last \d+ runs$/m);
  });

  it(`lists at most ${MAX_TREND_ROWS} scenarios and says how many more there are`, () => {
    const keys = Array.from(
      { length: MAX_TREND_ROWS + 3 },
      (_, i) => `linux/e1000/p${String(i).padStart(3, '0')}/lan/send`,
    );
    const trend = renderTrend(baselineOf(Object.fromEntries(keys.map((key) => [key, [1e9, 1.1e9]]))))!;
    expect(tableRows(trend)).toHaveLength(MAX_TREND_ROWS);
    expect(trend).toContain('3 more scenarios are not listed.');
  });

  it('renders the example docs/workflows.md shows', () => {
    const trend = renderTrend(
      baselineOf({
        [E1000]: [1e9, 1.12e9, 0.96e9, 1.2e9, 1.19e9],
        [VIRTIO]: [undefined, 3e9, 3e9, 3e9, 3e9],
      }),
    )!;
    const docs = readFileSync(new URL('../../docs/workflows.md', import.meta.url), 'utf8');
    const example = trend.split('\n').slice(0, 6).join('\n');
    expect(docs).toContain(`\n${example}\n`);
  });

  it('renders nothing for a baseline without runs', () => {
    expect(renderTrend({ schemaVersion: 1, branch: 'main', window: 20, runs: [] })).toBeUndefined();
  });
});
