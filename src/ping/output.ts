// The RTT sampler's output: iputils `ping -n -i 0.2 -D <guest>`, run from the host namespace
// toward the guest while a TCP repetition loads the link. Pure: starting and stopping ping is the
// caller's job. Formats, from iputils 20221126 (Debian 12) recordings (fixtures/ping/):
//
//   PING 198.18.0.2 (198.18.0.2) 56(84) bytes of data.
//   [1796668366.695412] 64 bytes from 198.18.0.2: icmp_seq=1 ttl=64 time=0.076 ms
//   [1796668366.899215] 64 bytes from 198.18.0.2: icmp_seq=1 ttl=64 time=0.081 ms (DUP!)
//   [1796668367.107175] From 198.18.0.1 icmp_seq=3 Destination Host Unreachable
//
//   --- 198.18.0.2 ping statistics ---
//   10 packets transmitted, 9 received, +1 duplicates, +1 errors, 10% packet loss, time 1860ms
//
// `-D` puts the send-independent arrival time (Unix seconds) first; without it there is none.
// ping prints its statistics when stopped by SIGINT or at `-c`/`-w`, not when killed by SIGTERM;
// a line being written when ping was killed arrives cut short, without its newline.
import { RunError } from '../common/errors.js';

export interface PingReply {
  /** `icmp_seq`: the probe's number, from 1. */
  sequence: number;
  /** Round-trip time in milliseconds, as ping printed it (microseconds below 1 ms). */
  rttMs: number;
  /** Arrival time in Unix seconds (`-D`); absent without `-D`. */
  timestampSec?: number;
  /** A second (or later) reply to a probe already answered: `(DUP!)`. */
  duplicate: boolean;
}

/** ping's own closing count: present when it stopped by itself or on SIGINT. */
export interface PingStatistics {
  transmitted: number;
  /** Probes answered, duplicates not counted. */
  received: number;
  duplicates: number;
  /** ICMP errors received instead of replies (unreachable, time exceeded). */
  errors: number;
}

export interface PingOutput {
  /** Every reply line, duplicates included, in the order printed. */
  replies: PingReply[];
  /** Error lines (`From <router> icmp_seq=N ...`) in place of replies. */
  errorLines: number;
  statistics?: PingStatistics;
  /** The last line lacked its newline: ping was killed while writing it, and it was left out. */
  truncated: boolean;
}

/** The output is not ping's: no `PING` line (ping failed to start, or another tool wrote it). */
export class PingOutputError extends RunError {
  override readonly name = 'PingOutputError';
}

const HEADER = /^PING \S+ /;
const TIMESTAMP = /^\[(\d+(?:\.\d+)?)\] /;
const REPLY = /^\d+ bytes from [^:]+: icmp_seq=(\d+) ttl=\d+ time=(\d+(?:\.\d+)?) ms( \(DUP!\))?$/;
const ERROR_LINE = /^From \S+ icmp_seq=\d+ /;
const STATISTICS =
  /^(\d+) packets transmitted, (\d+) received(?:, \+(\d+) duplicates)?(?:, \+\d+ corrupted)?(?:, \+(\d+) errors)?/;

/** Reads the sampler's standard output; lines of any other kind (`no answer yet`, rtt totals) are skipped. */
export function parsePingOutput(text: string): PingOutput {
  const truncated = text.length > 0 && !text.endsWith('\n');
  const lines = text.split('\n');
  if (!lines.some((line) => HEADER.test(line))) {
    throw new PingOutputError(`ping printed no PING line: ${JSON.stringify(text.trim().slice(0, 200))}`);
  }
  const output: PingOutput = { replies: [], errorLines: 0, truncated };
  // A cut-short last line, or the empty string after the final newline: neither is read.
  for (const line of lines.slice(0, -1)) {
    const stamp = TIMESTAMP.exec(line);
    const body = stamp ? line.slice(stamp[0].length) : line;
    const reply = REPLY.exec(body);
    if (reply) {
      const parsed: PingReply = {
        sequence: Number(reply[1]),
        rttMs: Number(reply[2]),
        duplicate: reply[3] !== undefined,
      };
      if (stamp) parsed.timestampSec = Number(stamp[1]);
      output.replies.push(parsed);
    } else if (ERROR_LINE.test(body)) {
      output.errorLines++;
    } else {
      const totals = STATISTICS.exec(body);
      if (totals) output.statistics = statisticsOf(totals);
    }
  }
  return output;
}

function statisticsOf(match: RegExpExecArray): PingStatistics {
  return {
    transmitted: Number(match[1]),
    received: Number(match[2]),
    duplicates: Number(match[3] ?? 0),
    errors: Number(match[4] ?? 0),
  };
}
