// iperf3 client argv and JSON results. Pure: starting the process is the caller's job.
//
// Roles: the guest runs `iperf3 -s`, the host runs the client. Direction `send` means the guest
// sends, so the host client asks the server to send with `-R`.
//
// Rate: `end.sum_received.bits_per_second`, what the receiving side counted, in both directions.
// Checked on iperf3 3.12 recordings (fixtures/iperf3): without -R the client sends, so sum_sent is
// the client's count and sum_received the server's, passed back to the client; with -R the server
// sends, so sum_received is the client's own count and sum_sent (with retransmits) the server's.
// iperf3 itself leaves the `-O` seconds out of `end`: in every recording the client-side sum's bytes
// equal the sum of the intervals not marked `omitted` (test/iperf3/client.test.ts checks this).
import { z } from 'zod';
import { RunError } from '../common/errors.js';
import type { Direction } from '../model/plan.js';

export interface Iperf3ClientOptions {
  server: string;
  port: number;
  durationSec: number;
  omitSec: number;
  streams: number;
  reverse: boolean;
  connectTimeoutMs: number;
  /** The first data connection's client port (`--cport`; further streams take the next ones). */
  clientPort?: number;
  /**
   * `--get-server-output`: the server's own document in the client's (`server_output_json`, the
   * server run with -J), where TCP's own figures are when the server sends (-R, tcp-counters.ts).
   */
  serverOutput?: boolean;
}

export interface Iperf3Result {
  /** Receiver-side bits per second over the measured seconds (omit seconds excluded). */
  bitsPerSecond: number;
  /** TCP retransmits on the sending side, when iperf3 reports them. */
  retransmits?: number;
  /** iperf3's `end` object as it wrote it, kept for the results file. */
  end: unknown;
  /** Seconds the receiver counted over. */
  seconds: number;
}

/**
 * `retryable`: no test ran to its end because the connection failed (refused, unreachable, timed
 * out), the control connection was reset, or the server was still busy with the previous test (a
 * guest's iperf3 server restarts between tests); one retry is worth it.
 */
export type Iperf3ErrorKind = 'retryable' | 'other';

export class Iperf3Error extends RunError {
  override readonly name: string = 'Iperf3Error';
  constructor(
    message: string,
    readonly kind: Iperf3ErrorKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when the guest must send: the host client then runs in reverse mode. */
export function reverseFor(direction: Direction): boolean {
  return direction === 'send';
}

/** The arguments after `iperf3` for one host-side client run. */
export function buildIperf3ClientArgv(options: Iperf3ClientOptions): string[] {
  assertBenchmarkAddress(options.server);
  return [
    '-c',
    options.server,
    '-p',
    String(options.port),
    '--json',
    '-t',
    String(options.durationSec),
    '-O',
    String(options.omitSec),
    '-P',
    String(options.streams),
    ...(options.reverse ? ['-R'] : []),
    '--connect-timeout',
    String(options.connectTimeoutMs),
    ...(options.clientPort === undefined ? [] : ['--cport', String(options.clientPort)]),
    ...(options.serverOutput === true ? ['--get-server-output'] : []),
  ];
}

/**
 * Measurement traffic goes only to the RFC 2544 benchmark range (198.18.0.0/15) or loopback;
 * anything else is a bug in the caller, and must not turn into a flood on someone's network.
 */
export function assertBenchmarkAddress(address: string): void {
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address)?.slice(1).map(Number);
  const [first, second] = octets ?? [];
  const valid = octets !== undefined && octets.every((octet) => octet <= 255);
  if (valid && (first === 127 || (first === 198 && (second === 18 || second === 19)))) return;
  throw new RunError(`iperf3 target ${JSON.stringify(address)} is outside 198.18.0.0/15 and loopback`);
}

// zod checks the few fields we read; the rest of iperf3's output passes through untouched.
const successSchema = z.object({
  end: z.object({
    sum_received: z.object({ bits_per_second: z.number().nonnegative(), seconds: z.number().nonnegative() }),
    sum_sent: z.object({ retransmits: z.number().int().nonnegative().optional() }).optional(),
  }),
});

const RETRYABLE =
  /unable to connect|connection refused|no route to host|connection timed out|unable to (?:receive|send) control message|control socket has closed unexpectedly|connection reset by peer|server is busy|address already in use/i;

/** Reads one client run's `--json` output; iperf3's own error report becomes an Iperf3Error. */
export function parseIperf3Json(text: string): Iperf3Result {
  const output = readIperf3Output(text);
  const parsed = successSchema.safeParse(output);
  if (!parsed.success) {
    throw new Iperf3Error(`iperf3 JSON lacks end.sum_received: ${z.prettifyError(parsed.error)}`, 'other');
  }
  const { sum_received: received, sum_sent: sent } = parsed.data.end;
  const result: Iperf3Result = {
    bitsPerSecond: received.bits_per_second,
    end: (output as { end: unknown }).end,
    seconds: received.seconds,
  };
  if (sent?.retransmits !== undefined) result.retransmits = sent.retransmits;
  return result;
}

/**
 * Any client run's `--json` output (TCP or UDP) as parsed JSON, its shape not yet checked; output
 * that is not JSON, and iperf3's own error report, become an Iperf3Error.
 */
export function readIperf3Output(text: string): unknown {
  const output = parseJson(text);
  const error = (output as { error?: unknown } | null)?.error;
  if (typeof error === 'string') {
    throw new Iperf3Error(`iperf3: ${error}`, RETRYABLE.test(error) ? 'retryable' : 'other');
  }
  return output;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const excerpt = text.trim().slice(0, 200);
    throw new Iperf3Error(`iperf3 printed no JSON result: ${JSON.stringify(excerpt)}`, 'other', { cause });
  }
}
