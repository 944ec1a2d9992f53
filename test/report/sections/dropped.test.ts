import { renderDroppedBlocks } from '../../../src/report/sections/dropped.js';
import type { Verdict } from '../../../src/model/verdicts.js';
import { comparison, mixedVerdicts, pairedFile } from '../fixtures.js';

describe('renderDroppedBlocks', () => {
  it('lists each scenario’s dropped blocks with their number and reason, collapsed', () => {
    const more: Verdict = {
      key: 'linux/e1000/stock/lan/send',
      kind: 'unchanged',
      reason: 'r',
      basis: 'paired',
      pairs: {
        used: 1,
        dropped: [
          { block: 2, reason: 'iperf3 failed' },
          { block: 5, reason: 'host load 4.2' },
        ],
      },
      ...comparison(1e9, 1e9),
    };
    expect(renderDroppedBlocks([...pairedFile().verdicts, more])).toBe(
      [
        '<details>',
        '<summary>Dropped blocks: 3 in 2 scenarios</summary>',
        '',
        '- linux/virtio-net-pci/tuned/rtt50ms/send: 1 dropped, 7 pairs used',
        '  - block 3: host steal time 12% (limit 5%)',
        '- linux/e1000/stock/lan/send: 2 dropped, 1 pair used',
        '  - block 2: iperf3 failed',
        '  - block 5: host load 4.2',
        '',
        '</details>',
      ].join('\n'),
    );
  });

  it('counts iperf3 retries and says why replacing stopped short', () => {
    const short: Verdict = {
      key: 'linux/e1000/stock/lan/send',
      kind: 'inconclusive',
      reason: 'r',
      basis: 'paired',
      pairs: {
        used: 5,
        needed: 7,
        blocks: 10,
        retries: 3,
        stopped: 'replacing stopped at the time cap (900 s) after 10 blocks, 5 of 8 pairs kept',
        dropped: [{ block: 4, reason: 'outside load fell on one side' }],
      },
    };
    const text = renderDroppedBlocks([short])!;
    expect(text).toContain('<summary>Dropped blocks: 1 in 1 scenario; iperf3 retries: 3</summary>');
    expect(text).toContain(
      '- linux/e1000/stock/lan/send: 1 dropped, 5 pairs used, 3 iperf3 retries (replacing stopped at the time cap (900 s) after 10 blocks, 5 of 8 pairs kept)',
    );
  });

  it('is absent when no block was dropped', () => {
    const file = pairedFile();
    expect(renderDroppedBlocks(file.verdicts.filter((v) => v.pairs?.dropped.length === 0))).toBeUndefined();
    expect(renderDroppedBlocks(mixedVerdicts())).toBeUndefined();
  });

  it('escapes keys and reasons from the file', () => {
    const hostile: Verdict = {
      key: 'linux/<b>/send',
      kind: 'unchanged',
      reason: 'r',
      pairs: { used: 7, dropped: [{ block: 1, reason: '</details>\n# @octocat <script>' }] },
      ...comparison(1e9, 1e9),
    };
    const text = renderDroppedBlocks([hostile])!;
    expect(text).toContain('- linux/&lt;b&gt;/send: 1 dropped');
    expect(text).toContain('  - block 1: &lt;/details&gt; # @\u200doctocat &lt;script&gt;');
    expect(text.match(/<\/details>/g)).toHaveLength(1);
  });
});
