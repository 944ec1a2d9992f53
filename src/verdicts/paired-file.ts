// The verdicts file of a paired job, pure: scenarios whose inputs did not change read "inputs
// unchanged"; measured ones are judged from their kept blocks, by the sequential rule's look at the
// pairs each stopped with (sequential-verdict.ts) or by the fixed design (paired.ts, Holm across
// those); scenarios new in the head are `new` (no base to measure against).
import type { ScenarioChange } from '../model/input-change.js';
import type { PairedBlock, ResultsFile, ScenarioResult } from '../model/results.js';
import {
  VERDICTS_SCHEMA_VERSION,
  type DecisionSettings,
  type DroppedBlock,
  type PairedDesign,
  type Verdict,
  type VerdictsFile,
} from '../model/verdicts.js';
import { blockFigure } from '../engine/blocks.js';
import { PAIRED_DEFAULTS } from '../model/defaults.js';
import { medianTcpStats, type TcpStats } from '../model/tcp-stats.js';
import { summarize } from '../stats/summary.js';
import { fewestPairsToReach } from '../stats/wilcoxon.js';
import { decidePaired, type PairedScenario } from './paired.js';
import { decideSequential, sequentialDesignOf } from './sequential-verdict.js';

export interface PairedJob {
  /** Each head scenario's input change, in head order (`removed` ones are not judged). */
  changes: readonly ScenarioChange[];
  /** Keys that were measured (changed ones, and unchanged ones with always-measure). */
  measured: ReadonlySet<string>;
  base?: ResultsFile;
  head?: ResultsFile;
  settings: DecisionSettings;
  commits: { base: string; head: string };
  pairs: number;
  seed: number;
  /** How the pairs were judged; absent: the fixed design, as files before sequential looks. */
  design?: PairedDesign;
  /** The user images on each side, by name; absent without `--image`. */
  images?: { name: string; base: string; head: string }[];
}

function resultOf(file: ResultsFile | undefined, key: string): ScenarioResult | undefined {
  return file?.scenarios.find((s) => s.key === key);
}

interface ToDecide extends PairedScenario {
  /** Cores busy outside nicgate, median over the kept blocks of both sides' figures. */
  busyCores?: number;
  dropped: DroppedBlock[];
  blocks: number;
  retries: number;
  stopped?: string;
  /** Why a sequential look stopped the scenario before its cap. */
  settled?: string;
  /** `tcp-stats`: each side's figures, medians over the kept blocks' figures. */
  tcpStats?: { base: TcpStats; head: TcpStats };
}

/** Each side's TCP figures over the kept blocks, where both sides have any. */
function tcpStatsOf(kept: readonly PairedBlock[], headOf: (b: PairedBlock) => PairedBlock) {
  const base = medianTcpStats(kept.map((b) => b.tcpStats));
  const head = medianTcpStats(kept.map((b) => headOf(b).tcpStats));
  return base && head ? { tcpStats: { base, head } } : {};
}

/** Kept block figures of both sides (blockFigure); the dropped blocks with why. */
function pairsOf(base: ScenarioResult, head: ScenarioResult): ToDecide {
  const baseBlocks = base.pairedBlocks ?? [];
  const headBlocks = head.pairedBlocks ?? [];
  const kept = baseBlocks.filter((b, i) => !b.dropped && headBlocks[i] && !headBlocks[i].dropped);
  const busy = kept.flatMap((b) => {
    const other = headBlocks[baseBlocks.indexOf(b)]!.outsideCpu;
    return b.outsideCpu === undefined || other === undefined ? [] : [(b.outsideCpu + other) / 2];
  });
  return {
    ...(busy.length > 0 ? { busyCores: summarize(busy).median } : {}),
    ...tcpStatsOf(kept, (b) => headBlocks[baseBlocks.indexOf(b)]!),
    key: head.key,
    base: kept.map((b) => blockFigure(b.samples)),
    head: kept.map((b) => blockFigure(headBlocks[baseBlocks.indexOf(b)]!.samples)),
    dropped: baseBlocks.flatMap((b, i) => {
      const reason = b.dropped ?? headBlocks[i]?.dropped;
      return reason ? [{ block: b.block, reason }] : [];
    }),
    blocks: baseBlocks.length,
    retries: (base.retries ?? 0) + (head.retries ?? 0),
    ...(head.pairedStop ? { stopped: head.pairedStop } : {}),
    ...(head.pairedSettled ? { settled: head.pairedSettled } : {}),
  };
}

/**
 * On a busy host a pair's spread grows about tenfold (starved repetitions), so an inconclusive
 * verdict says so: the cure is a quieter runner or more pairs, not a second look at the change.
 */
function busyNote(reason: string, busyCores: number | undefined): string {
  if (busyCores === undefined || busyCores < PAIRED_DEFAULTS.busyCores) return reason;
  return `${reason}; the host was busy (${busyCores.toFixed(2)} cores in use outside nicgate during the blocks, median): a quieter runner or more pairs narrows the interval`;
}

function failed(key: string, error: string): Verdict {
  return { key, kind: 'error', error, reason: `this run failed: ${error}`, basis: 'paired' };
}

/**
 * The verdicts of the measured scenarios, the fewest pairs that could be called, and with
 * sequential looks why each one stopped: a look settled it, it reached the cap, or a cap on
 * blocks or time stopped replacing.
 */
function judge(
  toDecide: readonly ToDecide[],
  job: PairedJob,
): { decided: Verdict[]; needed: number; stops: (string | undefined)[] } {
  const { settings } = job;
  const sequential = sequentialDesignOf(job.design);
  if (sequential !== undefined) {
    const { cap } = sequential;
    const stops = toDecide.map(
      (s) => s.settled ?? s.stopped ?? (s.base.length >= cap ? `cap of ${cap} pairs reached` : undefined),
    );
    return { decided: decideSequential(toDecide, settings, sequential), needed: sequential.firstLook, stops };
  }
  // Fewer kept pairs than this can never be called once Holm adjusts across the scenarios judged.
  const needed = toDecide.length > 0 ? fewestPairsToReach(settings.alpha, toDecide.length) : 0;
  return { decided: decidePaired(toDecide, settings), needed, stops: [] };
}

export function pairedVerdictsFile(job: PairedJob): VerdictsFile {
  const toDecide: ToDecide[] = [];
  const fixed = new Map<string, Verdict>();
  for (const { key, change } of job.changes) {
    if (change === 'removed') continue;
    if (change === 'new') {
      fixed.set(key, {
        key,
        kind: 'new',
        currentCount: 0,
        reason: 'the base has no such scenario (added by this change): nothing to pair it with',
        basis: 'paired',
      });
      continue;
    }
    if (!job.measured.has(key)) {
      fixed.set(key, {
        key,
        kind: 'inputs-unchanged',
        reason: 'base and head apply the same inputs (settings, link, kernel, image): not measured',
        basis: 'inputs-unchanged',
      });
      continue;
    }
    const base = resultOf(job.base, key);
    const head = resultOf(job.head, key);
    const error = head?.error ?? base?.error ?? (base && head ? undefined : 'not measured (the run stopped)');
    if (error) fixed.set(key, failed(key, error));
    else toDecide.push(pairsOf(base!, head!));
  }
  const { decided, needed, stops } = judge(toDecide, job);
  decided.forEach((verdict, i) => {
    const { dropped, base, blocks, retries, stopped, busyCores, tcpStats } = toDecide[i]!;
    const stop = stops[i];
    const pairs = {
      // A sequential verdict judges at most the cap (sequential-verdict.ts).
      used: job.design?.sequential ? Math.min(base.length, job.design.cap) : base.length,
      dropped,
      needed,
      blocks,
      retries,
      ...(stopped ? { stopped } : {}),
      ...(stop ? { stop } : {}),
    };
    const reason = verdict.kind === 'inconclusive' ? busyNote(verdict.reason, busyCores) : verdict.reason;
    fixed.set(verdict.key, { ...verdict, reason, basis: 'paired', pairs, ...(tcpStats ? { tcpStats } : {}) });
  });
  // A changed scenario's verdict says why it changed, whatever it found.
  const verdicts = job.changes.flatMap(({ key, inputs }) => {
    const verdict = fixed.get(key);
    return verdict === undefined ? [] : [inputs === undefined ? verdict : { ...verdict, inputs }];
  });
  return {
    schemaVersion: VERDICTS_SCHEMA_VERSION,
    settings: { ...job.settings, allowEnvironmentChange: false },
    baseline: { source: `base ${job.commits.base.slice(0, 12)} measured in this job`, runs: [] },
    paired: {
      baseCommit: job.commits.base,
      headCommit: job.commits.head,
      pairs: job.pairs,
      seed: job.seed,
      ...(job.design ? { design: job.design } : {}),
      ...(job.images === undefined || job.images.length === 0 ? {} : { images: job.images }),
    },
    environmentNotes: [],
    verdicts,
    regressed: verdicts.some((v) => v.kind === 'regression'),
  };
}
