// TCP's own figures from the sending end of an iperf3 TCP run: retransmissions, round-trip time
// and congestion window, per stream, from the same `--json` document the rate is read from.
//
// Only the sending end knows them (Linux's TCP_INFO of the sending socket). Checked on iperf3 3.12
// loopback recordings (fixtures/iperf3/loopback-*):
// - without -R the client sends: its own `end.streams[].sender` and `intervals[].streams[]` carry
//   them; with -R the server sends, and they are in the server's document, which the client
//   carries as `server_output_json` when asked with `--get-server-output` (server run with -J);
// - the receiving end's document writes 0 for the RTT and window fields (`"sender": false`): a
//   placeholder, read here as not reported. Retransmits alone are passed to the receiving client
//   too, and are taken from there when the server's document is absent;
// - `end`'s retransmits leave out the `-O` seconds, as its bytes do, but its max_rtt, min_rtt,
//   mean_rtt (and max_snd_cwnd) take in the omitted warm-up: a 101 us max_rtt from the omitted
//   second against 62 us after it. So RTT and window come from the intervals not marked
//   `omitted`: each carries the stream's smoothed RTT and congestion window at its end.
// A sender that does not report a figure (a BSD without TCP_INFO) leaves it undefined, never 0.
import { z } from 'zod';
import { readIperf3Output } from './client.js';
import { checkIperf3Fields } from './json-fields.js';

export interface TcpStreamCounters {
  retransmits?: number;
  /** Mean of the smoothed RTT at the end of each measured interval, in microseconds. */
  meanRttMicroseconds?: number;
  /** Largest of those, in microseconds. */
  maxRttMicroseconds?: number;
  /** Largest congestion window at the end of a measured interval, in bytes. */
  maxCongestionWindowBytes?: number;
}

/** Whose document the figures came from: the client's own, the server's, or neither sent them. */
export type TcpCountersSource = 'client' | 'server' | 'none';

export interface TcpSenderCounters extends TcpStreamCounters {
  source: TcpCountersSource;
  /** One entry per stream, in iperf3's order; the fields above are over all of them. */
  streams: TcpStreamCounters[];
}

const count = z.number().int().nonnegative();

const endStreamSchema = z.object({
  sender: z.object({ sender: z.boolean(), retransmits: count.optional() }),
});

const intervalStreamSchema = z.object({
  omitted: z.boolean(),
  rtt: count.optional(),
  snd_cwnd: count.optional(),
});

const viewSchema = z.object({
  intervals: z.array(z.object({ streams: z.array(intervalStreamSchema) })),
  end: z.object({ streams: z.array(endStreamSchema).min(1) }),
});

// The protocol first: zod reports the first failing key, and a UDP document should say so.
const tcpOutputSchema = z.object({
  start: z.object({ test_start: z.object({ protocol: z.literal('TCP') }) }),
  ...viewSchema.shape,
  server_output_json: viewSchema.optional(),
});

type View = z.output<typeof viewSchema>;

/**
 * The sending end's counters of one TCP client run's `--json` output (with -R, complete only when
 * it carries the server's document). A missing or bad field is an Iperf3FieldError naming it.
 */
export function parseIperf3TcpCounters(text: string): TcpSenderCounters {
  const output = checkIperf3Fields(tcpOutputSchema, readIperf3Output(text), 'iperf3 TCP result');
  const sending = [
    { source: 'client' as const, view: output as View },
    { source: 'server' as const, view: output.server_output_json },
  ].find(({ view }) => view !== undefined && view.end.streams.every((stream) => stream.sender.sender));
  if (sending === undefined) {
    // The receiving client: only the retransmits iperf3 passed back to it.
    const streams = output.end.streams.map((stream) =>
      withDefined({ retransmits: stream.sender.retransmits }),
    );
    return { source: 'none', ...overStreams(streams), streams };
  }
  const streams = countersPerStream(sending.view!);
  return { source: sending.source, ...overStreams(streams), streams };
}

function countersPerStream(view: View): TcpStreamCounters[] {
  return view.end.streams.map((stream, index) => {
    const measured = view.intervals
      .map((interval) => interval.streams[index])
      .filter(
        (entry): entry is z.output<typeof intervalStreamSchema> => entry !== undefined && !entry.omitted,
      );
    // 0 is iperf3's placeholder for "no figure"; a real RTT or window is never 0.
    const rtts = measured.flatMap((entry) => (entry.rtt ? [entry.rtt] : []));
    const windows = measured.flatMap((entry) => (entry.snd_cwnd ? [entry.snd_cwnd] : []));
    return withDefined({
      retransmits: stream.sender.retransmits,
      meanRttMicroseconds:
        rtts.length === 0 ? undefined : rtts.reduce((sum, rtt) => sum + rtt, 0) / rtts.length,
      maxRttMicroseconds: rtts.length === 0 ? undefined : Math.max(...rtts),
      maxCongestionWindowBytes: windows.length === 0 ? undefined : Math.max(...windows),
    });
  });
}

/**
 * Over all streams: retransmits summed, the mean RTT averaged (each stream's mean with equal
 * weight), the largest RTT and window. A figure some stream lacks is left out of the total.
 */
function overStreams(streams: readonly TcpStreamCounters[]): TcpStreamCounters {
  const all = (pick: (stream: TcpStreamCounters) => number | undefined): number[] | undefined => {
    const values = streams.map(pick);
    return values.every((value): value is number => value !== undefined) ? values : undefined;
  };
  const retransmits = all((stream) => stream.retransmits);
  const means = all((stream) => stream.meanRttMicroseconds);
  const maxRtts = all((stream) => stream.maxRttMicroseconds);
  const windows = all((stream) => stream.maxCongestionWindowBytes);
  return withDefined({
    retransmits: retransmits?.reduce((sum, value) => sum + value, 0),
    meanRttMicroseconds: means && means.reduce((sum, value) => sum + value, 0) / means.length,
    maxRttMicroseconds: maxRtts && Math.max(...maxRtts),
    maxCongestionWindowBytes: windows && Math.max(...windows),
  });
}

/** The object without its undefined fields: absent means "not reported", and stays absent. */
function withDefined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}
