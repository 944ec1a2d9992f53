import {
  formatBytes,
  formatMicroseconds,
  tcpStatsChangeText,
  tcpStatsText,
} from '../../src/report/tcp-stats-text.js';

describe('tcp-stats text', () => {
  it('writes a window in binary units and an RTT in ms, three significant digits', () => {
    expect([
      formatBytes(900),
      formatBytes(65_536),
      formatBytes(1_572_864),
      formatBytes(3 * 1024 ** 3),
    ]).toEqual(['900 B', '64.0 KiB', '1.50 MiB', '3.00 GiB']);
    expect([formatMicroseconds(62), formatMicroseconds(101_234)]).toEqual(['0.062 ms', '101 ms']);
  });

  it('shows the figures the sender reported, window first, none where none were', () => {
    expect(tcpStatsText({ retransmits: 2.5, maxCongestionWindowBytes: 1_048_576 })).toBe(
      'max cwnd 1.00 MiB, retransmits 2.5',
    );
    expect(tcpStatsText({ retransmits: 7 })).toBe('retransmits 7');
    expect(tcpStatsText(undefined)).toBe('');
  });

  it('shows base → head only for figures both sides reported', () => {
    expect(
      tcpStatsChangeText(
        { retransmits: 0, maxCongestionWindowBytes: 3_145_728 },
        { retransmits: 3, maxCongestionWindowBytes: 65_536, meanRttMicroseconds: 100 },
      ),
    ).toBe('max cwnd 3.00 MiB → 64.0 KiB, retransmits 0 → 3');
  });
});
