// TCP's own figures (`metrics: tcp-stats`) as the tables and the "why" section show them: the
// sender's congestion window, retransmits and smoothed RTT. Shown, never judged.
import type { TcpStats } from '../model/tcp-stats.js';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB'] as const;

/** `64.0 KiB`, `1.50 MiB`: binary units (a window is a buffer size), three significant digits. */
export function formatBytes(bytes: number): string {
  let unit = 0;
  while (bytes >= 1024 ** (unit + 1) && unit < BYTE_UNITS.length - 1) unit++;
  if (unit === 0) return `${Math.round(bytes)} B`;
  return `${(bytes / 1024 ** unit).toPrecision(3)} ${BYTE_UNITS[unit]}`;
}

/** `0.062 ms`, `101 ms`: three significant digits. */
export function formatMicroseconds(microseconds: number): string {
  return `${Number((microseconds / 1000).toPrecision(3))} ms`;
}

/** `3`, `2.5` (a median of two): as counted, at most one decimal. */
function formatCount(count: number): string {
  return String(Number(count.toFixed(1)));
}

interface Figure {
  label: string;
  read: (stats: TcpStats) => number | undefined;
  format: (value: number) => string;
}

/** In the order they explain a throughput change: the window first (a capped buffer shows there). */
const FIGURES: readonly Figure[] = [
  { label: 'max cwnd', read: (s) => s.maxCongestionWindowBytes, format: formatBytes },
  { label: 'retransmits', read: (s) => s.retransmits, format: formatCount },
  { label: 'mean RTT', read: (s) => s.meanRttMicroseconds, format: formatMicroseconds },
];

/** `max cwnd 1.50 MiB, retransmits 0, mean RTT 101 ms`: the figures the sender reported; '' when none. */
export function tcpStatsText(stats: TcpStats | undefined): string {
  if (stats === undefined) return '';
  return FIGURES.flatMap(({ label, read, format }) => {
    const value = read(stats);
    return value === undefined ? [] : [`${label} ${format(value)}`];
  }).join(', ');
}

/** `max cwnd 1.50 MiB → 64.0 KiB, retransmits 0 → 3`: each figure both sides reported, base → head. */
export function tcpStatsChangeText(base: TcpStats, head: TcpStats): string {
  return FIGURES.flatMap(({ label, read, format }) => {
    const before = read(base);
    const after = read(head);
    return before === undefined || after === undefined
      ? []
      : [`${label} ${format(before)} → ${format(after)}`];
  }).join(', ');
}
