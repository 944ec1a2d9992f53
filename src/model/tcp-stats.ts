// TCP's own figures (`metrics: tcp-stats`) as the results file keeps them: per repetition, as the
// sending end reported them (iperf3/tcp-counters.ts), and per scenario or paired block, each
// figure's median over the repetitions that reported it. Shown, not gated (docs/metrics.md).
import { z } from 'zod';
import { summarize } from '../stats/summary.js';

const microseconds = z.number().finite().positive();

export const tcpStatsSchema = z.object({
  /** Segments the sender retransmitted, the `-O` seconds left out. */
  retransmits: z.number().finite().nonnegative().optional(),
  /** The sender's smoothed RTT, mean over the measured intervals. */
  meanRttMicroseconds: microseconds.optional(),
  /** Its largest smoothed RTT at the end of a measured interval. */
  maxRttMicroseconds: microseconds.optional(),
  /** Its largest congestion window at the end of a measured interval. */
  maxCongestionWindowBytes: z.number().finite().positive().optional(),
});
export type TcpStats = z.infer<typeof tcpStatsSchema>;

/**
 * One repetition's figures and whose document they came from: the client's own (it sent), the
 * guest server's (it sent, `--get-server-output`), or `none` (only the retransmits the receiving
 * client was told: a server without `-J`, or a guest that does not report them).
 */
export const repetitionTcpStatsSchema = z.looseObject({
  ...tcpStatsSchema.shape,
  source: z.enum(['client', 'server', 'none']),
});
export type RepetitionTcpStats = z.infer<typeof repetitionTcpStatsSchema>;

const FIGURES = [
  'retransmits',
  'meanRttMicroseconds',
  'maxRttMicroseconds',
  'maxCongestionWindowBytes',
] as const satisfies readonly (keyof TcpStats)[];

/**
 * Each figure's median over the repetitions that reported it (a figure no repetition reported
 * stays absent); undefined when there is nothing at all, so a run without tcp-stats adds nothing.
 */
export function medianTcpStats(repetitions: readonly (TcpStats | undefined)[]): TcpStats | undefined {
  const stats: TcpStats = {};
  for (const figure of FIGURES) {
    const values = repetitions.flatMap((rep) => (rep?.[figure] === undefined ? [] : [rep[figure]]));
    if (values.length > 0) stats[figure] = summarize(values).median;
  }
  return Object.keys(stats).length === 0 ? undefined : stats;
}
