// One repetition: the host's iperf3 client, inside the namespace, against the guest's server.
import {
  buildIperf3ClientArgv,
  Iperf3Error,
  parseIperf3Json,
  reverseFor,
  type Iperf3ClientOptions,
  type Iperf3Result,
} from '../iperf3/client.js';
import { parseIperf3TcpCounters } from '../iperf3/tcp-counters.js';
import { randomInt } from 'node:crypto';
import { DATA_PORTS } from '../net/link-shaping.js';
import type { Exec } from '../proc/exec.js';
import type { Direction, MeasureSettings } from '../model/plan.js';
import type { RepetitionTcpStats } from '../model/tcp-stats.js';

/** How long the host's iperf3 client waits for the guest's server to accept. */
export const IPERF3_CONNECT_TIMEOUT_MS = 5000;

export interface RepetitionTarget {
  netns: string;
  server: string;
  port: number;
  direction: Direction;
}

export interface RepetitionDeps {
  exec: Exec;
  /**
   * The user the client runs as (proc/privilege.ts's iperf3ClientUser): `ip netns exec` needs
   * root, iperf3 does not, so the client drops to this user with setpriv inside the namespace:
   * the invoking user under sudo, `nobody` for a run started as root. Undefined (tests only) runs
   * it as nicgate runs.
   */
  runAs?: { uid: number; gid: number };
  /** Words before `iperf3` that place the peer on its cores (pinning.ts), if any. */
  peerPrefix?: readonly string[];
  /** The client port for the next run's data connections (`dataPortCycle`); iperf3 picks one when absent. */
  dataPort?: (streams: number) => number;
  /** The pause before a retry; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Hands out client ports from DATA_PORTS in turn, `streams` consecutive ones per run, wrapping at
 * the block's end. It starts at a random place, so runs after each other seldom meet a port the
 * previous one left in TIME_WAIT (a bind that fails is retried like a refused connection).
 */
export function dataPortCycle(start: number = randomInt(DATA_PORTS.count)): (streams: number) => number {
  let offset = start % DATA_PORTS.count;
  return (streams) => {
    if (offset + streams > DATA_PORTS.count) offset = 0;
    const port = DATA_PORTS.first + offset;
    offset += streams;
    return port;
  };
}

/** One repetition's figures: the rate, and TCP's own figures where `tcp-stats` is measured. */
export interface RepetitionSample extends Iperf3Result {
  tcp?: RepetitionTcpStats;
}

/** Whether the repetitions read TCP's own figures (`metrics: tcp-stats`). */
export function measuresTcpStats(settings: MeasureSettings): boolean {
  return settings.metrics?.includes('tcp-stats') ?? false;
}

/**
 * The host client's options for one repetition (nicgate plan shows the same). TCP's own figures
 * are the sending end's: when the guest sends (-R) that is its server, whose document the client
 * asks for with --get-server-output.
 */
export function clientOptions(
  { server, port, direction }: Omit<RepetitionTarget, 'netns'>,
  settings: MeasureSettings,
  clientPort?: number,
): Iperf3ClientOptions {
  const reverse = reverseFor(direction);
  return {
    server,
    port,
    durationSec: settings.durationSec,
    omitSec: settings.omitSec,
    streams: settings.streams,
    reverse,
    connectTimeoutMs: IPERF3_CONNECT_TIMEOUT_MS,
    ...(clientPort === undefined ? {} : { clientPort }),
    ...(reverse && measuresTcpStats(settings) ? { serverOutput: true } : {}),
  };
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `setpriv` words that run the rest as `user` without root's groups. iperf3 makes its send buffer
 * in $TMPDIR: root's may be closed to the user, so the client gets /tmp.
 */
function dropTo(user: RepetitionDeps['runAs']): string[] {
  if (user === undefined) return [];
  return [
    'setpriv',
    `--reuid=${user.uid}`,
    `--regid=${user.gid}`,
    '--clear-groups',
    '--',
    'env',
    'TMPDIR=/tmp',
  ];
}

async function runOnce(
  target: RepetitionTarget,
  settings: MeasureSettings,
  deps: RepetitionDeps,
): Promise<RepetitionSample> {
  const argv = [
    'ip',
    'netns',
    'exec',
    target.netns,
    ...dropTo(deps.runAs),
    ...(deps.peerPrefix ?? []),
    'iperf3',
    ...buildIperf3ClientArgv(clientOptions(target, settings, deps.dataPort?.(settings.streams))),
  ];
  const limitMs = (settings.durationSec + settings.omitSec) * 1000 + 30_000;
  const result = await deps.exec(argv, { privileged: true, allowFailure: true, timeoutMs: limitMs });
  if (result.stdout.trim() === '') {
    throw new Iperf3Error(
      `iperf3 printed nothing (exit ${result.code}): ${result.stderr.trim().slice(0, 300)}`,
      'other',
    );
  }
  const sample: RepetitionSample = parseIperf3Json(result.stdout);
  if (measuresTcpStats(settings)) {
    // The figures over all streams; the per-stream split stays in iperf3's own document.
    const counters = Object.entries(parseIperf3TcpCounters(result.stdout));
    sample.tcp = Object.fromEntries(counters.filter(([name]) => name !== 'streams')) as RepetitionTcpStats;
  }
  return sample;
}

/**
 * Pauses before each retry of a failure before any result. The guest's iperf3 server closes its
 * listening socket after each test and opens it anew: a client that comes in between is refused,
 * or reset when it reached the old socket's backlog. Under TCG that takes the guest tens of
 * milliseconds on a quiet host, but a vCPU starved by a busy host (both cores taken by a build)
 * needed more than the second the pauses used to add up to. They now double up to 6.3 s in all:
 * a quiet guest still costs 0.1 s, a starved one is waited for instead of failing the block.
 */
export const RETRY_PAUSES_MS: readonly number[] = [100, 200, 400, 800, 1600, 3200];

/** Runs one repetition; a failure before any result (see Iperf3ErrorKind) is retried after each pause, then reported. */
export async function runRepetition(
  target: RepetitionTarget,
  settings: MeasureSettings,
  onRetry: (message: string) => void,
  deps: RepetitionDeps,
): Promise<RepetitionSample> {
  for (const pause of RETRY_PAUSES_MS) {
    try {
      return await runOnce(target, settings, deps);
    } catch (error) {
      if (!(error instanceof Iperf3Error) || error.kind !== 'retryable') throw error;
      onRetry(error.message);
      await (deps.sleep ?? sleepFor)(pause);
    }
  }
  return await runOnce(target, settings, deps);
}
