import { readFileSync } from 'node:fs';
import { Iperf3Error } from '../../src/iperf3/client.js';
import { Iperf3FieldError } from '../../src/iperf3/json-fields.js';
import { parseIperf3TcpCounters } from '../../src/iperf3/tcp-counters.js';

// Recorded with iperf3 3.12 on loopback:
// loopback-plain, -reverse, -parallel2: `iperf3 -c 127.0.0.1 -p <port> -t 2 -O 1 --json [-R | -P 2]`;
// loopback[-reverse]-server-output: the same with `--get-server-output [-R]`, server `iperf3 -s -1 -J`.
function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/iperf3/${name}.json`, import.meta.url), 'utf8');
}

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parseIperf3TcpCounters', () => {
  it("reads the client's own figures when it sent, from the measured intervals", () => {
    // Intervals: rtt 32 (omitted), 47, 49; snd_cwnd 1047728 in each.
    expect(parseIperf3TcpCounters(fixture('loopback-plain'))).toEqual({
      source: 'client',
      retransmits: 9,
      meanRttMicroseconds: 48,
      maxRttMicroseconds: 49,
      maxCongestionWindowBytes: 1047728,
      streams: [
        {
          retransmits: 9,
          meanRttMicroseconds: 48,
          maxRttMicroseconds: 49,
          maxCongestionWindowBytes: 1047728,
        },
      ],
    });
  });

  it('sums retransmits over parallel streams and takes the largest RTT and window', () => {
    const counters = parseIperf3TcpCounters(fixture('loopback-parallel2'));
    expect(counters.streams).toEqual([
      { retransmits: 16, meanRttMicroseconds: 46, maxRttMicroseconds: 47, maxCongestionWindowBytes: 785796 },
      {
        retransmits: 12,
        meanRttMicroseconds: 56.5,
        maxRttMicroseconds: 57,
        maxCongestionWindowBytes: 785796,
      },
    ]);
    expect(counters.retransmits).toBe(28);
    expect(counters.meanRttMicroseconds).toBe(51.25);
    expect(counters.maxRttMicroseconds).toBe(57);
  });

  it("reads the server's document when the server sent (-R with --get-server-output)", () => {
    // Server intervals: rtt 101 (omitted), 59, 62, 57.
    expect(parseIperf3TcpCounters(fixture('loopback-reverse-server-output'))).toMatchObject({
      source: 'server',
      retransmits: 7,
      meanRttMicroseconds: 59.333333333333336,
      maxRttMicroseconds: 62,
      maxCongestionWindowBytes: 1047728,
    });
  });

  it('keeps to the client when it sent, even with the server document beside it', () => {
    const counters = parseIperf3TcpCounters(fixture('loopback-server-output'));
    expect(counters).toMatchObject({ source: 'client', retransmits: 11, maxRttMicroseconds: 83 });
  });

  it("reads a reverse run without the server's document as retransmits only, not zeros", () => {
    // The client received: its end writes max_rtt 0, max_snd_cwnd 0 as placeholders.
    const counters = parseIperf3TcpCounters(fixture('loopback-reverse'));
    expect(counters).toEqual({ source: 'none', retransmits: 17, streams: [{ retransmits: 17 }] });
  });

  it.each([
    'loopback-plain',
    'loopback-parallel2',
    'loopback-server-output',
    'loopback-reverse-server-output',
  ])("relies on end's retransmits leaving out the -O seconds and its max_rtt taking them in (%s)", (name) => {
    interface Stream {
      omitted: boolean;
      retransmits: number;
      rtt: number;
    }
    interface View {
      intervals: { streams: Stream[] }[];
      end: { streams: { sender: { retransmits: number; max_rtt: number } }[] };
    }
    const output = JSON.parse(fixture(name)) as View & { server_output_json?: View };
    const view = output.server_output_json && name.includes('reverse') ? output.server_output_json : output;
    view.end.streams.forEach((stream, index) => {
      const entries = view.intervals.map((interval) => interval.streams[index]!);
      const measured = entries.filter((entry) => !entry.omitted);
      expect(stream.sender.retransmits).toBe(measured.reduce((sum, entry) => sum + entry.retransmits, 0));
      expect(stream.sender.max_rtt).toBe(Math.max(...entries.map((entry) => entry.rtt)));
    });
  });

  it('leaves out what a sender does not report (a BSD sender), per stream and in the total', () => {
    const output = JSON.parse(fixture('loopback-parallel2')) as {
      intervals: { streams: Record<string, unknown>[] }[];
      end: { streams: { sender: Record<string, unknown> }[] };
    };
    for (const interval of output.intervals) delete interval.streams[1]!.rtt;
    delete output.end.streams[0]!.sender.retransmits;
    const counters = parseIperf3TcpCounters(JSON.stringify(output));
    expect(counters.streams[0]).not.toHaveProperty('retransmits');
    expect(counters.streams[1]).not.toHaveProperty('meanRttMicroseconds');
    expect(counters).not.toHaveProperty('retransmits');
    expect(counters).not.toHaveProperty('meanRttMicroseconds');
    expect(counters.maxCongestionWindowBytes).toBe(785796);
  });

  it('names a missing or bad field', () => {
    const output = JSON.parse(fixture('loopback-plain')) as {
      intervals: { streams: Record<string, unknown>[] }[];
      end: { streams: { sender: Record<string, unknown> }[] };
    };
    output.intervals[1]!.streams[0]!.snd_cwnd = -5;
    const error = errorOf(() => parseIperf3TcpCounters(JSON.stringify(output)));
    expect(error).toBeInstanceOf(Iperf3FieldError);
    expect((error as Iperf3FieldError).field).toBe('intervals[1].streams[0].snd_cwnd');
    delete output.end.streams[0]!.sender.sender;
    output.intervals[1]!.streams[0]!.snd_cwnd = 5;
    expect((errorOf(() => parseIperf3TcpCounters(JSON.stringify(output))) as Iperf3FieldError).field).toBe(
      'end.streams[0].sender.sender',
    );
  });

  it('refuses a UDP result and passes on iperf3 error reports', () => {
    expect(
      (errorOf(() => parseIperf3TcpCounters(fixture('loopback-udp-50m'))) as Iperf3FieldError).field,
    ).toBe('start.test_start.protocol');
    const refused = errorOf(() => parseIperf3TcpCounters(fixture('loopback-connection-refused')));
    expect((refused as Iperf3Error).kind).toBe('retryable');
  });
});
