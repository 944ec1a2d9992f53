// What the engine reports as it works. The engine never prints; a UI renders these.
import type { GuestStart, ScenarioResult } from '../model/results.js';
import type { Accelerator } from '../model/plan.js';

/**
 * Where a run's wall time goes, for the benchmark's breakdown: preflight (host checks and stale
 * cleanup), image (prepare or reuse the guest image), session (scratch, devices, accelerator,
 * namespace), tap (create, attach, move, shape), boot (QEMU start to ready, cold or restored, tap
 * excluded), repetition (one iperf3 run, start to result), stop, teardown.
 */
export type EnginePhase =
  'preflight' | 'image' | 'session' | 'tap' | 'boot' | 'repetition' | 'stop' | 'teardown';

export type EngineEvent =
  | { type: 'stage'; message: string }
  | { type: 'warning'; message: string }
  | { type: 'accel'; accel: Accelerator; note: string }
  | { type: 'boot'; group: string; seconds: number; start?: GuestStart }
  | {
      type: 'repetition';
      index: number;
      total: number;
      key: string;
      repetition: number;
      repetitions: number;
      etaSec: number;
    }
  | { type: 'retry'; key: string; message: string }
  | { type: 'phase'; phase: EnginePhase; seconds: number }
  | { type: 'scenario'; index: number; total: number; result: ScenarioResult };

export type EventSink = (event: EngineEvent) => void;

/** Runs `work` and reports its wall time as `phase` (also when it throws). */
export async function timed<T>(emit: EventSink, phase: EnginePhase, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    emit({ type: 'phase', phase, seconds: (performance.now() - started) / 1000 });
  }
}
