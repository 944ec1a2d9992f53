import type { InputDifference } from '../../src/model/input-change.js';
import type { Verdict } from '../../src/model/verdicts.js';
import { differenceText, renderWhyConsole } from '../../src/report/input-differences.js';
import { CONTROL, HOSTILE, commandLines } from './hostile.js';
import { REGRESSION } from './fixtures.js';

const at = { file: 'profiles/tuned.conf', line: 4 };
const WMEM = 'net.ipv4.tcp_wmem';

describe('differenceText', () => {
  it.each<[InputDifference, string]>([
    [
      { input: WMEM, field: 'max', change: 'changed', base: '16777216', head: '65536', ...at },
      'net.ipv4.tcp_wmem max 16777216 → 65536 (profiles/tuned.conf:4)',
    ],
    [
      { input: 'net.core.rmem_max', change: 'changed', base: '16777216', head: '212992' },
      'net.core.rmem_max 16777216 → 212992',
    ],
    [
      { input: 'net.ipv4.tcp_congestion_control', change: 'added', base: 'cubic', head: 'bbr', ...at },
      'net.ipv4.tcp_congestion_control cubic → bbr (added; profiles/tuned.conf:4)',
    ],
    [
      { input: 'net.ipv4.tcp_congestion_control', change: 'added', head: 'bbr' },
      'net.ipv4.tcp_congestion_control = bbr (added)',
    ],
    [
      { input: 'net.core.wmem_max', change: 'removed', base: '16777216', file: 'profiles/tuned.conf' },
      'net.core.wmem_max = 16777216 (removed; profiles/tuned.conf)',
    ],
    [
      { input: 'net.core.wmem_max', change: 'removed', base: '16777216', head: '212992' },
      'net.core.wmem_max 16777216 → 212992 (removed)',
    ],
    [
      { input: 'sysctl order', change: 'changed', note: 'the same sysctls in another order', file: 'p.conf' },
      'sysctl order: the same sysctls in another order; p.conf',
    ],
    [
      {
        input: 'net.core.rmem_max',
        change: 'changed',
        base: '1',
        head: '2',
        note: 'as written; both guests applied 1',
      },
      'net.core.rmem_max 1 → 2 (as written; both guests applied 1)',
    ],
    [
      { input: 'net.core.default_qdisc', change: 'changed', base: '', head: 'fq' },
      'net.core.default_qdisc (empty) → fq',
    ],
    [{ input: 'link RTT', change: 'changed', base: '50 ms', head: '100 ms' }, 'link RTT 50 ms → 100 ms'],
  ])('%j reads %j', (difference, text) => {
    expect(differenceText(difference)).toBe(text);
  });
});

describe('renderWhyConsole', () => {
  const inputs = {
    differences: [
      { input: WMEM, field: 'max', change: 'changed' as const, base: '16777216', head: '65536', ...at },
    ],
  };

  it('lists each changed scenario with its differences under it; nothing without any', () => {
    expect(renderWhyConsole([REGRESSION])).toEqual([]);
    expect(renderWhyConsole([{ ...REGRESSION, inputs: { ...inputs, more: 2 } }])).toEqual([
      'Why it changed (inputs base → head, as the guests applied them):',
      '  linux/e1000/tuned/rtt50ms/send (regression)',
      '    net.ipv4.tcp_wmem max 16777216 → 65536 (profiles/tuned.conf:4)',
      '    … 2 more',
    ]);
  });

  it("adds the TCP sender's figures base → head where tcp-stats was measured", () => {
    const tcpStats = {
      base: { retransmits: 0, maxCongestionWindowBytes: 3_145_728 },
      head: { retransmits: 12, maxCongestionWindowBytes: 65_536 },
    };
    expect(renderWhyConsole([{ ...REGRESSION, inputs, tcpStats }]).at(-1)).toBe(
      '    TCP sender (median of the blocks): max cwnd 3.00 MiB → 64.0 KiB, retransmits 0 → 12',
    );
  });

  it("prints a fork's values inert: one line each, no control characters, no workflow commands", () => {
    const hostile: Verdict = {
      ...REGRESSION,
      inputs: {
        differences: [{ input: HOSTILE, change: 'changed', base: HOSTILE, head: HOSTILE, note: HOSTILE }],
      },
    };
    const text = renderWhyConsole([hostile]).join('\n');
    expect(text.split('\n')).toHaveLength(3);
    expect(commandLines(text)).toEqual([]);
    expect(text).not.toMatch(CONTROL);
  });
});
