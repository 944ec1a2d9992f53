// Real paired jobs for the benchmark: one scenario measured base against head in interleaved
// blocks, optionally with a CPU hog beside it. Each job is appended to a JSON-lines file as soon as
// it ends, so a long benchmark keeps what it measured and the replay can resample the raw blocks.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { planFromOptions } from '../src/config/host-paths.js';
import { executePairedRun } from '../src/engine/run.js';
import type { PairedSettings } from '../src/engine/paired-loop.js';
import { DECISION_DEFAULTS } from '../src/model/defaults.js';
import { pairedDesign, pairedLoopSettings, sequentialLook } from '../src/gate/paired-design.js';
import { sequentialDesignOf } from '../src/verdicts/sequential-verdict.js';
import type { PairedBlock } from '../src/model/results.js';
import { appendRecord, readRecords } from './records.js';
import { startBuildLoad } from './load.js';
import { pairedVerdictsFile } from '../src/verdicts/paired-file.js';

export interface JobSpec {
  /** `aa`: both sides the same inputs; `ab`: the head's profile differs; `start`: cold base, restored head. */
  kind: 'aa' | 'ab' | 'start';
  label: string;
  nic: string;
  baseProfile: string;
  headProfile: string;
  link: string;
  /** `send` (the guest sends) unless given. */
  direction?: 'send' | 'receive';
  duration: number;
  /** The most pairs with sequential looks, or the pairs of the fixed design. */
  pairs: number;
  /** Sequential looks after every block, as the gate's default (absent in records from before them: off). */
  sequential?: boolean;
  perSide: number;
  hog: boolean;
  /** `build`: a loop of this repository's unit tests and a loop of its type check, on both cores. */
  load?: 'build';
  pin: 'auto' | 'off';
  seed: number;
  workDir: string;
}

export interface JobBlock {
  order: string;
  base: number[];
  head: number[];
  baseBoot?: number;
  headBoot?: number;
  /** Outside CPU during the base side's repetitions (before per-side figures: the whole block). */
  outsideCpu?: number;
  /** Outside CPU during the head side's repetitions. */
  headOutsideCpu?: number;
  dropped?: string;
}

export interface JobRecord {
  spec: Omit<JobSpec, 'workDir'>;
  key: string;
  blocks: JobBlock[];
  verdict: { kind: string; relativeChange?: number; low?: number; high?: number; reason: string };
  /** iperf3 runs retried (refused or reset connections), both sides. */
  retries?: number;
  /** Why replacing stopped short of the pairs, when a cap stopped it. */
  stopped?: string;
  /** Why a sequential look stopped the job before its cap ("settled: regression at look 1"). */
  settled?: string;
  wallSeconds: number;
  at: string;
}

/**
 * A busy process on one core for the whole job; ended by its PID, also when a signal ends the
 * benchmark (the run owner tears the run down and exits, and 'exit' fires on the way).
 */
export function startHog(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  const end = (): void => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  };
  process.once('exit', end);
  child.once('exit', () => process.removeListener('exit', end));
  return child;
}

function blocksOf(base: PairedBlock[], head: PairedBlock[]): JobBlock[] {
  return base.map((b, i) => {
    const h = head[i]!;
    return {
      order: b.order,
      base: b.samples,
      head: h.samples,
      ...(b.bootSeconds === undefined ? {} : { baseBoot: b.bootSeconds }),
      ...(h.bootSeconds === undefined ? {} : { headBoot: h.bootSeconds }),
      ...(b.outsideCpu === undefined ? {} : { outsideCpu: b.outsideCpu }),
      ...(h.outsideCpu === undefined ? {} : { headOutsideCpu: h.outsideCpu }),
      ...(b.dropped ? { dropped: b.dropped } : {}),
    };
  });
}

export async function runPairedJob(spec: JobSpec, recordTo: string): Promise<JobRecord> {
  const common = {
    nic: spec.nic,
    link: spec.link,
    direction: spec.direction ?? 'send',
    duration: String(spec.duration),
    omit: '1',
    accel: 'tcg',
    pin: spec.pin,
    'work-dir': spec.workDir,
    // The bench's work directories lie in this checkout (.nicgate-e2e, .nicgate-bench): trusted here.
    'allow-work-dir-in-checkout': 'true',
  };
  const base = planFromOptions({
    ...common,
    'guest-start': spec.kind === 'start' ? 'cold' : 'restore',
    profile: spec.baseProfile,
    out: resolve(spec.workDir, 'bench-base.json'),
  });
  const head = planFromOptions({
    ...common,
    'guest-start': 'restore',
    profile: spec.headProfile,
    out: resolve(spec.workDir, 'bench-head.json'),
  });
  const scenario = { key: head.scenarios[0]!.key, base: base.scenarios[0]!, head: head.scenarios[0]! };
  // The gate's own design and look (gate/paired-design.ts) for one measured scenario.
  const design = pairedDesign(spec.sequential === true, spec.pairs, 1);
  const sequential = sequentialDesignOf(design);
  const look = sequential === undefined ? undefined : sequentialLook(sequential, DECISION_DEFAULTS);
  const settings: PairedSettings = pairedLoopSettings(spec.pairs, spec.seed, spec.perSide, look);
  const hog = spec.hog ? startHog() : undefined;
  const endLoad = spec.load === 'build' ? startBuildLoad(process.cwd()) : undefined;
  const started = Date.now();
  try {
    const outcome = await executePairedRun(
      { base, head },
      [scenario],
      settings,
      { base: 'bench-base', head: 'bench-head' },
      () => undefined,
      // Ctrl-C or SIGTERM tears the run down (and keeps the jobs recorded so far).
      { handleSignals: true },
    );
    const b = outcome.base.scenarios[0]!;
    const h = outcome.head.scenarios[0]!;
    if (h.error) throw new Error(`paired job failed: ${h.error}`);
    const blocks = blocksOf(b.pairedBlocks ?? [], h.pairedBlocks ?? []);
    // The gate's own verdict code, so these figures are what a user's job would have said.
    const [verdict] = pairedVerdictsFile({
      changes: [{ key: scenario.key, change: 'changed' }],
      measured: new Set([scenario.key]),
      base: outcome.base,
      head: outcome.head,
      settings: DECISION_DEFAULTS,
      commits: { base: 'bench-base', head: 'bench-head' },
      pairs: spec.pairs,
      seed: spec.seed,
      design,
    }).verdicts;
    const { workDir, ...recordedSpec } = spec;
    void workDir;
    const record: JobRecord = {
      spec: recordedSpec,
      key: scenario.key,
      blocks,
      verdict: {
        kind: verdict!.kind,
        reason: verdict!.reason,
        ...('relativeChange' in verdict! && verdict.relativeChange !== undefined
          ? {
              relativeChange: verdict.relativeChange,
              low: verdict.confidenceInterval?.low,
              high: verdict.confidenceInterval?.high,
            }
          : {}),
      },
      retries: (b.retries ?? 0) + (h.retries ?? 0),
      ...(h.pairedStop ? { stopped: h.pairedStop } : {}),
      ...(h.pairedSettled ? { settled: h.pairedSettled } : {}),
      wallSeconds: (Date.now() - started) / 1000,
      at: new Date().toISOString(),
    };
    await appendRecord(recordTo, record);
    return record;
  } finally {
    if (hog?.pid !== undefined) process.kill(hog.pid, 'SIGKILL');
    endLoad?.();
  }
}

export const readJobRecords = (path: string): Promise<JobRecord[]> => readRecords<JobRecord>(path);
