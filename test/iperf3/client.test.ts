import { readFileSync } from 'node:fs';
import { RunError } from '../../src/common/errors.js';
import {
  assertBenchmarkAddress,
  buildIperf3ClientArgv,
  Iperf3Error,
  parseIperf3Json,
  reverseFor,
} from '../../src/iperf3/client.js';

// Recorded with iperf3 3.12 on loopback: `iperf3 -c 127.0.0.1 -p 5299 -t 2 -O 1 --json [-R | -P 2]`.
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

const base = {
  server: '198.18.0.2',
  port: 5201,
  durationSec: 5,
  omitSec: 1,
  streams: 1,
  reverse: false,
  connectTimeoutMs: 3000,
};

describe('buildIperf3ClientArgv', () => {
  it('builds a JSON client run', () => {
    expect(buildIperf3ClientArgv(base)).toEqual([
      '-c',
      '198.18.0.2',
      '-p',
      '5201',
      '--json',
      '-t',
      '5',
      '-O',
      '1',
      '-P',
      '1',
      '--connect-timeout',
      '3000',
    ]);
  });

  it('adds -R only in reverse mode', () => {
    const argv = buildIperf3ClientArgv({ ...base, reverse: true, streams: 4 });
    expect(argv).toContain('-R');
    expect(argv[argv.indexOf('-P') + 1]).toBe('4');
    expect(buildIperf3ClientArgv(base)).not.toContain('-R');
  });

  it("asks for the server's document with --get-server-output only when told to", () => {
    expect(buildIperf3ClientArgv({ ...base, reverse: true, serverOutput: true })).toContain(
      '--get-server-output',
    );
    expect(buildIperf3ClientArgv({ ...base, reverse: true })).not.toContain('--get-server-output');
  });

  it('refuses targets outside the benchmark range and loopback', () => {
    expect(() => buildIperf3ClientArgv({ ...base, server: '8.8.8.8' })).toThrow(RunError);
  });
});

describe('assertBenchmarkAddress', () => {
  it.each(['127.0.0.1', '198.18.0.1', '198.19.255.254'])('allows %s', (address) => {
    expect(() => assertBenchmarkAddress(address)).not.toThrow();
  });

  it.each(['198.20.0.1', '198.17.255.255', '10.0.2.2', 'localhost', '198.18.0.256', '::1', ''])(
    'refuses %j',
    (address) => {
      expect(() => assertBenchmarkAddress(address)).toThrow('is outside 198.18.0.0/15 and loopback');
    },
  );
});

describe('reverseFor', () => {
  it('reverses when the guest (the iperf3 server) sends', () => {
    expect(reverseFor('send')).toBe(true);
    expect(reverseFor('receive')).toBe(false);
  });
});

describe('parseIperf3Json', () => {
  it('takes the receiver-side rate of a plain run', () => {
    const result = parseIperf3Json(fixture('loopback-plain'));
    expect(result.bitsPerSecond).toBeCloseTo(26006426604.963333, 0);
    expect(result.seconds).toBeCloseTo(2.000108);
    expect(result.retransmits).toBe(9);
    expect(result.end).toHaveProperty('sum_sent');
  });

  it('takes the receiver-side rate of a reverse run (the client received)', () => {
    const result = parseIperf3Json(fixture('loopback-reverse'));
    expect(result.bitsPerSecond).toBeCloseTo(25008987337.772083, 0);
    expect(result.retransmits).toBe(17);
  });

  it('sums parallel streams', () => {
    const result = parseIperf3Json(fixture('loopback-parallel2'));
    expect(result.bitsPerSecond).toBeCloseTo(31760276422.68296, 0);
    expect((result.end as { streams: unknown[] }).streams).toHaveLength(2);
  });

  it.each(['loopback-plain', 'loopback-reverse', 'loopback-parallel2'])(
    'relies on iperf3 leaving the -O seconds out of end (%s)',
    (name) => {
      const output = JSON.parse(fixture(name)) as {
        start: { test_start: { omit: number; reverse: number } };
        intervals: { sum: { bytes: number; omitted: boolean } }[];
        end: { sum_sent: { bytes: number }; sum_received: { bytes: number } };
      };
      expect(output.start.test_start.omit).toBe(1);
      expect(output.intervals.some((interval) => interval.sum.omitted)).toBe(true);
      const measured = output.intervals
        .filter((interval) => !interval.sum.omitted)
        .reduce((bytes, interval) => bytes + interval.sum.bytes, 0);
      // Intervals are counted on the client: the sender without -R, the receiver with it.
      const side = output.start.test_start.reverse ? output.end.sum_received : output.end.sum_sent;
      expect(side.bytes).toBe(measured);
    },
  );

  it('turns a refused connection into a retryable Iperf3Error', () => {
    const error = errorOf(() => parseIperf3Json(fixture('loopback-connection-refused')));
    expect(error).toBeInstanceOf(Iperf3Error);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Iperf3Error).kind).toBe('retryable');
    expect((error as Iperf3Error).message).toBe('iperf3: unable to connect to server: Connection refused');
  });

  // Recorded from iperf3 against a loopback listener that reads the cookie and resets (SO_LINGER
  // 0): what a guest's iperf3 server restarting after the warm-up transfer gave in a real run.
  it('retries a control connection reset and a busy server', () => {
    const reset = errorOf(() => parseIperf3Json(fixture('loopback-control-reset')));
    expect((reset as Iperf3Error).kind).toBe('retryable');
    expect((reset as Iperf3Error).message).toBe(
      'iperf3: unable to receive control message: Connection reset by peer',
    );
    const busy = errorOf(() =>
      parseIperf3Json('{"error": "the server is busy running a test. try again later"}'),
    );
    expect((busy as Iperf3Error).kind).toBe('retryable');
  });

  it('marks other iperf3 errors as other', () => {
    const error = errorOf(() =>
      parseIperf3Json('{"error": "parameter error - must either be a client (-c) or server (-s)"}'),
    );
    expect((error as Iperf3Error).kind).toBe('other');
    expect((error as Iperf3Error).message).toContain('parameter error');
  });

  it('reports output that is not JSON, quoting it', () => {
    const error = errorOf(() => parseIperf3Json('iperf3: error - unable to connect'));
    expect(error).toBeInstanceOf(Iperf3Error);
    expect((error as Iperf3Error).kind).toBe('other');
    expect((error as Error).message).toContain('"iperf3: error - unable to connect"');
  });

  it('reports JSON without a receiver sum', () => {
    const error = errorOf(() => parseIperf3Json('{"end": {}}'));
    expect((error as Error).message).toContain('end.sum_received');
  });

  it('leaves retransmits out when iperf3 does not report them', () => {
    const result = parseIperf3Json('{"end": {"sum_received": {"bits_per_second": 1000, "seconds": 5}}}');
    expect(result).toEqual({
      bitsPerSecond: 1000,
      seconds: 5,
      end: { sum_received: { bits_per_second: 1000, seconds: 5 } },
    });
  });
});
