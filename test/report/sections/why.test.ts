import { fitReport, type ReportParts } from '../../../src/report/fit.js';
import type { InputDifferences } from '../../../src/model/input-change.js';
import type { Verdict } from '../../../src/model/verdicts.js';
import { renderReport } from '../../../src/report/report.js';
import { renderWhy } from '../../../src/report/sections/why.js';
import { REGRESSION, input, pairedFile, unchanged, WMEM_CAPPED } from '../fixtures.js';
import { HOSTILE } from '../hostile.js';

const TUNED: InputDifferences = {
  differences: [
    WMEM_CAPPED,
    { input: 'net.core.wmem_max', change: 'removed', base: '16777216', file: 'profiles/tuned.conf' },
  ],
};
const LINK: InputDifferences = {
  differences: [{ input: 'link RTT', change: 'changed', base: '50 ms', head: '100 ms' }],
};

const verdict = (key: string, kind: Verdict['kind'], inputs?: InputDifferences): Verdict =>
  ({ ...REGRESSION, key, kind, ...(inputs ? { inputs } : {}) }) as Verdict;

describe('renderWhy', () => {
  it('lists each changed scenario under its verdict icon, scenarios with the same differences together', () => {
    const why = renderWhy([
      verdict('linux/e1000/tuned/rtt50ms/send', 'regression', TUNED),
      verdict('linux/virtio-net-pci/tuned/rtt50ms/send', 'improvement', TUNED),
      verdict('linux/e1000/stock/rtt100ms/send', 'inconclusive', LINK),
      unchanged('linux/e1000/stock/lan/send'),
    ]);
    expect(why).toBe(
      [
        '**Why it changed** (inputs base → head, as the guests applied them)',
        '',
        '- 🔴 linux/e1000/tuned/rtt50ms/send, 🟢 linux/virtio-net-pci/tuned/rtt50ms/send',
        '  - `net.ipv4.tcp_wmem` max 16777216 → 65536 (profiles/tuned.conf:4)',
        '  - `net.core.wmem_max` = 16777216 (removed; profiles/tuned.conf)',
        '- 🟡 linux/e1000/stock/rtt100ms/send',
        '  - link RTT 50 ms → 100 ms',
      ].join('\n'),
    );
  });

  it("shows the TCP sender's window and retransmits base → head where tcp-stats was measured", () => {
    const capped = {
      ...verdict('linux/e1000/tuned/rtt50ms/send', 'regression', { differences: [WMEM_CAPPED] }),
      tcpStats: {
        base: { retransmits: 0, maxCongestionWindowBytes: 3_145_728, meanRttMicroseconds: 101_000 },
        head: { retransmits: 3, maxCongestionWindowBytes: 65_536, meanRttMicroseconds: 100_500 },
      },
    } as Verdict;
    expect(renderWhy([capped])).toBe(
      [
        '**Why it changed** (inputs base → head, as the guests applied them)',
        '',
        '- 🔴 linux/e1000/tuned/rtt50ms/send',
        '  - `net.ipv4.tcp_wmem` max 16777216 → 65536 (profiles/tuned.conf:4)',
        '  - TCP sender (median of the blocks): max cwnd 3.00 MiB → 64.0 KiB, retransmits 0 → 3, mean RTT 101 ms → 101 ms',
      ].join('\n'),
    );
    const other = { ...capped, key: 'linux/virtio-net-pci/tuned/rtt50ms/send' } as Verdict;
    const both = renderWhy([capped, other])!;
    expect(both).toContain(
      '  - TCP sender, linux/virtio-net-pci/tuned/rtt50ms/send (median of the blocks): max cwnd',
    );
  });

  it('is absent where no verdict says what changed', () => {
    expect(renderWhy([REGRESSION, unchanged('linux/e1000/stock/lan/send')])).toBeUndefined();
  });

  it('names at most six scenarios of a group and counts the rest, and the differences left out', () => {
    const keys = Array.from({ length: 9 }, (_, i) => `linux/nic${i}/tuned/lan/send`);
    const why = renderWhy(keys.map((key) => verdict(key, 'regression', { ...LINK, more: 4 })))!;
    expect(why).toContain('linux/nic5/tuned/lan/send and 3 more\n');
    expect(why).not.toContain('nic6');
    expect(why.endsWith('  - … 4 more')).toBe(true);
  });

  it("escapes a fork's values: no markup, no HTML, nothing on a line of its own", () => {
    const hostile = '<img src=x>`code` **bold** @someone #12\n- item';
    const why = renderWhy([
      verdict('linux/e1000/tuned/lan/send', 'regression', {
        differences: [
          {
            input: hostile,
            change: 'changed',
            base: hostile,
            head: HOSTILE,
            note: hostile,
            file: 'a_b/<x>.conf',
          },
        ],
      }),
    ])!;
    const line = why.split('\n')[3]!;
    expect(why.split('\n')).toHaveLength(4);
    expect(line).not.toMatch(/<img|`code`|\*\*bold|@someone|#12/);
    expect(line).toContain('a\\_b/&lt;x&gt;.conf');
  });
});

describe('the report with why it changed', () => {
  const paired = pairedFile();
  paired.verdicts = paired.verdicts.map((v) => (v.kind === 'regression' ? { ...v, inputs: TUNED } : v));

  it('shows it right under the table, before the chart', () => {
    const body = renderReport(input({ verdicts: paired }));
    const why = body.indexOf('**Why it changed**');
    expect(why).toBeGreaterThan(body.lastIndexOf('| linux/'));
    expect(why).toBeLessThan(body.indexOf('```text'));
  });

  it('drops it last of the optional sections: after the chart, when the comment is too long', () => {
    const parts: ReportParts = {
      title: '<!-- m -->\n## nicgate: 1 regression',
      status: '🔴',
      tableHeader: ['| scenario |', '| --- |'],
      rows: ['| a |'],
      why: `why ${'x'.repeat(1000)}`,
      chart: `chart ${'x'.repeat(1000)}`,
      reasons: 'reasons',
      reasonsLabel: 'verdict reasons',
    };
    const body = fitReport(parts, { maxLength: 1700 });
    expect(body).toContain(parts.why);
    expect(body).toContain('Verdict reasons and chart left out');
    expect(fitReport(parts, { maxLength: 600 })).toContain(
      'Verdict reasons, chart and why it changed left out',
    );
  });
});
