// The latency figures of one sampling window (an idle window before a TCP repetition, or the
// repetition itself): the median and the 95th percentile of the replies' RTTs.
import { quantile } from '../stats/quantile.js';
import type { PingOutput } from './output.js';

export interface RttFigures {
  /** Probes sent: ping's own count, else the highest probe number seen (the unanswered tail unseen). */
  transmitted: number;
  /** Probes answered at least once. */
  received: number;
  /** Median RTT in ms (type 7 quantile, stats/quantile.ts); absent with no reply. */
  medianMs?: number;
  /** 95th percentile RTT in ms, same definition; absent with no reply. */
  p95Ms?: number;
}

/**
 * Figures over each probe's first reply: a duplicate is the network delivering a copy of an
 * answer already counted, and counting its RTT again would weigh that probe twice.
 */
export function rttFigures(output: PingOutput): RttFigures {
  const firstReplies = output.replies.filter((reply) => !reply.duplicate);
  const rtts = firstReplies.map((reply) => reply.rttMs);
  const highestSequence = Math.max(0, ...output.replies.map((reply) => reply.sequence));
  const figures: RttFigures = {
    transmitted: output.statistics?.transmitted ?? highestSequence,
    received: new Set(firstReplies.map((reply) => reply.sequence)).size,
  };
  if (rtts.length > 0) {
    figures.medianMs = quantile(rtts, 0.5);
    figures.p95Ms = quantile(rtts, 0.95);
  }
  return figures;
}

/** How much the median RTT rose under load over the idle window just before, in ms (may be < 0). */
export function latencyIncreaseMs(idle: RttFigures, loaded: RttFigures): number | undefined {
  if (idle.medianMs === undefined || loaded.medianMs === undefined) return undefined;
  return loaded.medianMs - idle.medianMs;
}
