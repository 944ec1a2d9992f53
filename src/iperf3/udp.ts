// iperf3 UDP results: `iperf3 -c <guest> -u -b <rate> --json [-R]`, the host the client as for TCP.
//
// Which end counted what, checked on iperf3 3.12 loopback recordings (fixtures/iperf3/loopback-udp-*):
// `end.sum_sent` is the sending end's count (datagrams and bytes offered; its jitter and loss are
// always 0), `end.sum_received` the receiving end's (bytes delivered, datagrams lost, jitter),
// passed back to the client when the server received. With a receiver that overflowed its socket
// buffer, sum_received's bytes are exactly the datagrams that arrived times the datagram size,
// while sum_sent's are all that were sent. Out-of-order counts appear per stream
// (`end.streams[].udp.out_of_order`) in 3.12, and in sum_received in later releases.
// `-O` seconds are left out of `end` for UDP as for TCP.
import { z } from 'zod';
import { readIperf3Output } from './client.js';
import { checkIperf3Fields } from './json-fields.js';

export interface Iperf3UdpResult {
  /** What the sending end sent, over its own seconds. */
  offered: { bitsPerSecond: number; packets: number; seconds: number };
  /** What arrived, over the receiving end's seconds. */
  delivered: { bitsPerSecond: number; bytes: number; seconds: number };
  /** Datagrams the receiver never saw, by gaps in their sequence numbers. */
  lostPackets: number;
  /** Lost datagrams as a percentage of the datagrams the receiver accounted for. */
  lostPercent: number;
  /** The receiver's smoothed inter-arrival jitter (RFC 3550), in milliseconds. */
  jitterMs: number;
  /** Datagrams that arrived after a later one; absent when iperf3 does not report it. */
  outOfOrder?: number;
  /** iperf3's `end` object as it wrote it, kept for the results file. */
  end: unknown;
}

const count = z.number().int().nonnegative();
const finite = z.number().finite().nonnegative();

const sentSumSchema = z.object({ seconds: finite, bits_per_second: finite, packets: count });

const receivedSumSchema = z.object({
  seconds: finite,
  bytes: count,
  bits_per_second: finite,
  packets: count,
  // iperf3 counts a late datagram against the loss it first caused, so duplicates could take the
  // count below zero: accepted as written rather than failing a measured repetition.
  lost_packets: z.number().int(),
  lost_percent: z.number().finite().max(100),
  jitter_ms: finite,
  out_of_order: count.optional(),
});

const udpOutputSchema = z.object({
  start: z.object({ test_start: z.object({ protocol: z.literal('UDP') }) }),
  end: z.object({
    sum_sent: sentSumSchema,
    sum_received: receivedSumSchema,
    streams: z.array(z.object({ udp: z.object({ out_of_order: count.optional() }) })).min(1),
  }),
});

/** Reads one UDP client run's `--json` output; a missing or bad field is an Iperf3FieldError naming it. */
export function parseIperf3UdpJson(text: string): Iperf3UdpResult {
  const output = readIperf3Output(text);
  const { end } = checkIperf3Fields(udpOutputSchema, output, 'iperf3 UDP result');
  const { sum_sent: sent, sum_received: received } = end;
  const result: Iperf3UdpResult = {
    offered: { bitsPerSecond: sent.bits_per_second, packets: sent.packets, seconds: sent.seconds },
    delivered: { bitsPerSecond: received.bits_per_second, bytes: received.bytes, seconds: received.seconds },
    lostPackets: received.lost_packets,
    lostPercent: received.lost_percent,
    jitterMs: received.jitter_ms,
    end: (output as { end: unknown }).end,
  };
  const outOfOrder =
    received.out_of_order ?? sumOfStreams(end.streams.map((stream) => stream.udp.out_of_order));
  if (outOfOrder !== undefined) result.outOfOrder = outOfOrder;
  return result;
}

/** The streams' total, or undefined when any stream lacks the figure. */
function sumOfStreams(values: readonly (number | undefined)[]): number | undefined {
  let total = 0;
  for (const value of values) {
    if (value === undefined) return undefined;
    total += value;
  }
  return total;
}
