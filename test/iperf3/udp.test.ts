import { readFileSync } from 'node:fs';
import { Iperf3Error } from '../../src/iperf3/client.js';
import { Iperf3FieldError } from '../../src/iperf3/json-fields.js';
import { parseIperf3UdpJson } from '../../src/iperf3/udp.js';

// Recorded with iperf3 3.12 on loopback against `iperf3 -s -1 -B 127.0.0.1 -p <port>`:
// udp-50m[-reverse]:      `iperf3 -c 127.0.0.1 -p <port> -u -b 50M -t 2 -J [-R]`
// udp-loss[-reverse]:     `... -u -b 2G -l 1400 -w 4k -t 2 -J [-R]` (a 4 KiB receive buffer overflows)
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

interface UdpSum {
  bytes: number;
  packets: number;
  lost_packets: number;
}

function rawEnd(name: string): { sum_sent: UdpSum; sum_received: UdpSum } {
  return (JSON.parse(fixture(name)) as { end: { sum_sent: UdpSum; sum_received: UdpSum } }).end;
}

describe('parseIperf3UdpJson', () => {
  it('reads a loss-free run at the offered rate', () => {
    const result = parseIperf3UdpJson(fixture('loopback-udp-50m'));
    expect(result.offered).toEqual({ bitsPerSecond: 50063596.495613515, packets: 382, seconds: 2.000236 });
    expect(result.delivered).toEqual({
      bitsPerSecond: 50053136.624323845,
      bytes: 12517376,
      seconds: 2.000654,
    });
    expect(result.lostPackets).toBe(0);
    expect(result.lostPercent).toBe(0);
    expect(result.jitterMs).toBeCloseTo(0.0244485, 6);
    expect(result.outOfOrder).toBe(0);
    expect(result.end).toHaveProperty('sum_received');
  });

  it('reads a reverse run (the server sent, the client received)', () => {
    const result = parseIperf3UdpJson(fixture('loopback-udp-50m-reverse'));
    expect(result.delivered.bitsPerSecond).toBeCloseTo(50067351.1, 0);
    expect(result.jitterMs).toBeCloseTo(0.0100308, 6);
    expect(result.lostPercent).toBe(0);
  });

  it.each([
    ['loopback-udp-loss', 66860, 55.7338512708085, 296821447.0725273],
    ['loopback-udp-loss-reverse', 67660, 52.2697073638021, 345986421.15615666],
  ])('reads the loss of an overflowing receiver (%s)', (name, lost, percent, delivered) => {
    const result = parseIperf3UdpJson(fixture(name));
    expect(result.lostPackets).toBe(lost);
    expect(result.lostPercent).toBe(percent);
    expect(result.delivered.bitsPerSecond).toBe(delivered);
    expect(result.delivered.bitsPerSecond).toBeLessThan(result.offered.bitsPerSecond / 2);
  });

  it.each(['loopback-udp-loss', 'loopback-udp-loss-reverse'])(
    'relies on sum_received being the receiver count and sum_sent the sender count (%s)',
    (name) => {
      const { sum_sent: sent, sum_received: received } = rawEnd(name);
      // 1400-byte datagrams (-l 1400): the receiver's bytes are the datagrams that arrived.
      expect(received.bytes).toBe((received.packets - received.lost_packets) * 1400);
      expect(sent.bytes).toBe(sent.packets * 1400);
      expect(sent.lost_packets).toBe(0);
    },
  );

  it('prefers an out-of-order total in sum_received (later iperf3 releases) over the streams', () => {
    const output = JSON.parse(fixture('loopback-udp-50m')) as {
      end: { sum_received: Record<string, unknown> };
    };
    output.end.sum_received.out_of_order = 4;
    expect(parseIperf3UdpJson(JSON.stringify(output)).outOfOrder).toBe(4);
  });

  it('leaves out-of-order out when a stream does not report it', () => {
    const output = JSON.parse(fixture('loopback-udp-50m')) as {
      end: { streams: { udp: Record<string, unknown> }[] };
    };
    delete output.end.streams[0]!.udp.out_of_order;
    expect(parseIperf3UdpJson(JSON.stringify(output))).not.toHaveProperty('outOfOrder');
  });

  it.each([
    ['lost_percent', undefined, 'end.sum_received.lost_percent'],
    ['jitter_ms', 'fast', 'end.sum_received.jitter_ms'],
    ['lost_packets', 1.5, 'end.sum_received.lost_packets'],
    ['bytes', -1, 'end.sum_received.bytes'],
  ])('names a missing or bad field: %s = %j', (field, value, path) => {
    const output = JSON.parse(fixture('loopback-udp-loss')) as {
      end: { sum_received: Record<string, unknown> };
    };
    if (value === undefined) delete output.end.sum_received[field];
    else output.end.sum_received[field] = value;
    const error = errorOf(() => parseIperf3UdpJson(JSON.stringify(output)));
    expect(error).toBeInstanceOf(Iperf3FieldError);
    expect(error).toBeInstanceOf(Iperf3Error);
    expect((error as Iperf3FieldError).field).toBe(path);
    expect((error as Iperf3FieldError).kind).toBe('other');
    expect((error as Error).message).toMatch(
      new RegExp(`^iperf3 UDP result: ${path.replace(/\./g, '\\.')}: `),
    );
    expect((error as Error).cause).toBeDefined();
  });

  it('names a stream without its udp figures by its index', () => {
    const output = JSON.parse(fixture('loopback-udp-50m')) as { end: { streams: unknown[] } };
    output.end.streams = [{ tcp: {} }];
    expect((errorOf(() => parseIperf3UdpJson(JSON.stringify(output))) as Iperf3FieldError).field).toBe(
      'end.streams[0].udp',
    );
  });

  it('refuses a TCP result, naming the protocol field', () => {
    const error = errorOf(() => parseIperf3UdpJson(fixture('loopback-plain')));
    expect((error as Iperf3FieldError).field).toBe('start.test_start.protocol');
  });

  it("keeps iperf3's own error report retryable as for TCP", () => {
    const error = errorOf(() => parseIperf3UdpJson(fixture('loopback-connection-refused')));
    expect(error).not.toBeInstanceOf(Iperf3FieldError);
    expect((error as Iperf3Error).kind).toBe('retryable');
  });

  it('names the document when it is not an object', () => {
    expect((errorOf(() => parseIperf3UdpJson('[]')) as Iperf3FieldError).field).toBe('(the document)');
  });
});
