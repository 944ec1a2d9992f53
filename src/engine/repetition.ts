// One repetition: the host's iperf3 client, inside the namespace, against the guest's server.
import {
  buildIperf3ClientArgv,
  Iperf3Error,
  parseIperf3Json,
  reverseFor,
  type Iperf3Result,
} from '../iperf3/client.js';
import type { Exec } from '../proc/exec.js';
import type { Direction, MeasureSettings } from '../model/plan.js';

export interface RepetitionTarget {
  netns: string;
  server: string;
  port: number;
  direction: Direction;
}

export interface RepetitionDeps {
  exec: Exec;
  /** The pause before the retry; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function runOnce(
  target: RepetitionTarget,
  settings: MeasureSettings,
  exec: Exec,
): Promise<Iperf3Result> {
  const argv = [
    'ip',
    'netns',
    'exec',
    target.netns,
    'iperf3',
    ...buildIperf3ClientArgv({
      server: target.server,
      port: target.port,
      durationSec: settings.durationSec,
      omitSec: settings.omitSec,
      streams: settings.streams,
      reverse: reverseFor(target.direction),
      connectTimeoutMs: 5000,
    }),
  ];
  const limitMs = (settings.durationSec + settings.omitSec) * 1000 + 30_000;
  const result = await exec(argv, { privileged: true, allowFailure: true, timeoutMs: limitMs });
  if (result.stdout.trim() === '') {
    throw new Iperf3Error(
      `iperf3 printed nothing (exit ${result.code}): ${result.stderr.trim().slice(0, 300)}`,
      'other',
    );
  }
  return parseIperf3Json(result.stdout);
}

/** Runs one repetition; a connection failure is retried once, then reported. */
export async function runRepetition(
  target: RepetitionTarget,
  settings: MeasureSettings,
  onRetry: (message: string) => void,
  deps: RepetitionDeps,
): Promise<Iperf3Result> {
  try {
    return await runOnce(target, settings, deps.exec);
  } catch (error) {
    if (!(error instanceof Iperf3Error) || error.kind !== 'connect') throw error;
    onRetry(error.message);
    await (deps.sleep ?? sleepFor)(1000);
    return await runOnce(target, settings, deps.exec);
  }
}
