// The paired loop: for each changed scenario, blocks of base (A) and head (B) guests booted side by
// side, their repetitions interleaved in the block's seeded order (ABBA or BAAB). A block gives one
// pair: each side's figure in it (its best repetition, blockFigure). Disturbed blocks are set aside and replaced until the pairs asked
// for are kept, within a cap of blocks and of time that the verdict states when it is reached. An
// injected look (the sequential rule, built where verdicts may be imported) may end a scenario
// sooner, once its kept pairs settle it. Like the plain loop it never tears down, and booting and
// measuring come in as steps.
import { describeError } from '../common/errors.js';
import { LedgerClosedError } from '../net/ledger.js';
import type { MeasureSettings, RunPlan, Scenario } from '../model/plan.js';
import type { PairedBlock, ScenarioResult } from '../model/results.js';
import { seedFromString } from '../stats/random.js';
import { summarize } from '../stats/summary.js';
import { GUEST_IPERF3_PORT } from './boot-spec.js';
import {
  blockFigure,
  blockOrders,
  disturbedBlocks,
  type BlockSides,
  type DisturbanceLimits,
} from './blocks.js';
import type { EventSink } from './events.js';
import { outsideCores } from './host-cpu.js';
import { recordGuest, startOf, type LoopGuest, type LoopSteps, type LoopWhere } from './loop.js';
import type { RepetitionTarget } from './repetition.js';
import { addSample, emptyResult, summarizeResult } from './scenario-result.js';
import { medianTcpStats, type TcpStats } from '../model/tcp-stats.js';

/** A look's word on a scenario's kept pairs: stop (and why), or go on (undefined or stop false). */
export interface LookWord {
  stop: boolean;
  reason: string;
}

/**
 * A look after every block: from `firstLook` kept pairs on, `at` sees each side's figures of the
 * kept (not disturbed) blocks, in block order, and may stop the scenario there.
 */
export interface PairedLook {
  firstLook: number;
  at: (key: string, kept: { base: number[]; head: number[] }) => LookWord | undefined;
}

export interface PairedSettings {
  /** Pairs wanted per scenario: the most a look lets it measure. */
  pairs: number;
  /** Blocks a scenario may measure in all, replacements of disturbed ones included. */
  maxBlocks: number;
  /** Seconds after which a scenario that has measured `pairs` blocks stops replacing. */
  maxSeconds: number;
  /** The clock in milliseconds; tests pass their own. */
  now?: () => number;
  /** Repetitions of each side per block. */
  perSide: number;
  seed: number;
  limits: DisturbanceLimits;
  /** Ends a scenario before `pairs` once its kept pairs settle it; absent: `pairs` are measured. */
  look?: PairedLook;
}

/** One scenario as each side would run it (same key, the side's own profile and settings). */
export interface PairedScenario {
  key: string;
  base: Scenario;
  head: Scenario;
}

/** The plain loop's steps; `cpu`, where given, watches each block. */
export type PairedSteps<G extends LoopGuest> = LoopSteps<G>;

export interface PairedOutcome {
  base: ScenarioResult[];
  head: ScenarioResult[];
}

const SIDES = { A: 'base', B: 'head' } as const;
type Side = (typeof SIDES)[keyof typeof SIDES];

interface BlockRun {
  samples: Record<Side, number[]>;
  /** TCP's own figures of each repetition, where measured. */
  tcp: Record<Side, (TcpStats | undefined)[]>;
  boot: Record<Side, number>;
  start?: Record<Side, LoopGuest['start']>;
  /** Cores busy outside nicgate while each side's repetitions ran. */
  outsideCpu?: Record<Side, number>;
}

/** Each scenario's blocks get their own orders, reproducible from the run's seed and the key. */
export function scenarioSeed(seed: number, key: string): number {
  return (seed ^ seedFromString(key)) >>> 0;
}

export async function runPairedScenarios<G extends LoopGuest>(
  plans: Record<Side, RunPlan>,
  scenarios: readonly PairedScenario[],
  where: LoopWhere,
  steps: PairedSteps<G>,
  settings: PairedSettings,
  emit: EventSink,
  outcome: PairedOutcome = { base: [], head: [] },
): Promise<PairedOutcome> {
  let bootIndex = 0;
  for (const [index, scenario] of scenarios.entries()) {
    const results = {
      base: emptyResult(scenario.base, plans.base),
      head: emptyResult(scenario.head, plans.head),
    };
    const blocks: BlockRun[] = [];
    const orders = blockOrders(
      scenarioSeed(settings.seed, scenario.key),
      settings.maxBlocks,
      settings.perSide,
    );
    const now = settings.now ?? Date.now;
    const started = now();
    let reasons: (string | undefined)[] = [];
    let stopped: string | undefined;
    let settled: string | undefined;
    const kept = (): number => reasons.filter((r) => r === undefined).length;
    for (const order of orders) {
      if (settled !== undefined || kept() >= settings.pairs) break;
      const seconds = (now() - started) / 1000;
      if (blocks.length >= settings.pairs && seconds > settings.maxSeconds) {
        stopped = `replacing stopped at the time cap (${settings.maxSeconds} s) after ${blocks.length} blocks, ${kept()} of ${settings.pairs} pairs kept`;
        break;
      }
      emit({
        type: 'stage',
        message: `${scenario.key}: block ${blocks.length + 1} (${order}), ${kept()}/${settings.pairs} pairs so far`,
      });
      try {
        const first = blocks.length === 0;
        blocks.push(
          await runBlock(scenario, order, bootIndex, { plans, where, steps, results, first }, emit),
        );
        bootIndex += 2;
      } catch (error) {
        if (error instanceof LedgerClosedError) throw error;
        const message = `block ${blocks.length + 1}: ${describeError(error)}`;
        results.base.error = results.head.error = message;
        break;
      }
      reasons = disturbedBlocks(blocks.map(sidesOf), settings.limits);
      settled = lookAfterBlock(scenario.key, blocks, reasons, settings.look);
    }
    if (stopped === undefined && kept() < settings.pairs && blocks.length >= settings.maxBlocks)
      stopped = `replacing stopped at the cap of ${settings.maxBlocks} blocks, ${kept()} of ${settings.pairs} pairs kept`;
    if (stopped !== undefined) {
      emit({ type: 'warning', message: `${scenario.key}: ${stopped}` });
      results.base.pairedStop = results.head.pairedStop = stopped;
    }
    if (settled !== undefined) {
      emit({ type: 'stage', message: `${scenario.key}: ${settled} with ${kept()} pairs` });
      results.base.pairedSettled = results.head.pairedSettled = settled;
    }
    for (const side of ['base', 'head'] as const) {
      const result = results[side];
      result.pairedBlocks = blocks.map((block, i) => pairedBlock(block, side, orders[i]!, i, reasons[i]));
      summarizeResult(result);
      outcome[side].push(result);
    }
    emit({ type: 'scenario', index: index + 1, total: scenarios.length, result: results.head });
  }
  return outcome;
}

/** The look's reason when it stops the scenario after this block, seeing only the kept pairs. */
function lookAfterBlock(
  key: string,
  blocks: readonly BlockRun[],
  reasons: readonly (string | undefined)[],
  look: PairedLook | undefined,
): string | undefined {
  if (look === undefined) return undefined;
  const kept = blocks.filter((_, i) => reasons[i] === undefined).map(sidesOf);
  if (kept.length < look.firstLook) return undefined;
  const word = look.at(key, { base: kept.map((b) => b.base), head: kept.map((b) => b.head) });
  return word?.stop ? word.reason : undefined;
}

function sidesOf(block: BlockRun): BlockSides {
  return {
    base: blockFigure(block.samples.base),
    head: blockFigure(block.samples.head),
    ...(block.outsideCpu === undefined ? {} : { outsideCpu: block.outsideCpu }),
  };
}

function pairedBlock(block: BlockRun, side: Side, order: string, i: number, dropped?: string): PairedBlock {
  const tcpStats = medianTcpStats(block.tcp[side]);
  return {
    block: i + 1,
    order,
    samples: block.samples[side],
    median: summarize(block.samples[side]).median,
    ...(tcpStats ? { tcpStats } : {}),
    bootSeconds: block.boot[side],
    ...(block.start?.[side] ? { guestStart: block.start[side] } : {}),
    ...(block.outsideCpu === undefined ? {} : { outsideCpu: Number(block.outsideCpu[side].toFixed(3)) }),
    ...(dropped ? { dropped } : {}),
  };
}

interface BlockContext<G extends LoopGuest> {
  plans: Record<Side, RunPlan>;
  where: LoopWhere;
  steps: PairedSteps<G>;
  results: Record<Side, ScenarioResult>;
  /** The first block records what each guest reported (applied sysctls, kernel). */
  first: boolean;
}

/** Boots both sides together, runs the order, stops both. */
async function runBlock<G extends LoopGuest>(
  scenario: PairedScenario,
  order: string,
  bootIndex: number,
  ctx: BlockContext<G>,
  emit: EventSink,
): Promise<BlockRun> {
  const { steps, where } = ctx;
  const setup = (s: Scenario) => ({ guest: s.guest, nic: s.nic, profile: s.profile, link: s.link });
  const booted = await Promise.allSettled([
    steps.boot(bootIndex, setup(scenario.base)),
    steps.boot(bootIndex + 1, setup(scenario.head)),
  ]);
  const guests = booted.flatMap((b) => (b.status === 'fulfilled' ? [b.value] : []));
  try {
    const failed = booted.find((b) => b.status === 'rejected');
    if (failed) throw failed.reason;
    const guest: Record<Side, G> = { base: guests[0]!, head: guests[1]! };
    const target = (side: Side): RepetitionTarget => ({
      netns: where.netns,
      server: guest[side].addresses.guest,
      port: GUEST_IPERF3_PORT,
      direction: scenario[side].direction,
    });
    for (const side of ['base', 'head'] as const) {
      if (where.hostPeer) ctx.results[side].hostPeer = where.hostPeer;
      if (ctx.first) recordGuest(ctx.results[side], guest[side]);
      emit({
        type: 'boot',
        group: `${scenario.key} (${side})`,
        seconds: guest[side].report.seconds,
        ...startOf(guest[side]),
      });
    }
    const letters = [...order] as (keyof typeof SIDES)[];
    const samples: Record<Side, number[]> = { base: [], head: [] };
    const tcp: BlockRun['tcp'] = { base: [], head: [] };
    // Outside CPU per side, each repetition watched on its own: a load that fell on one side
    // biases the pair, one on both sides does not (blocks.ts).
    const busy = { base: { coreSeconds: 0, seconds: 0 }, head: { coreSeconds: 0, seconds: 0 } };
    for (const letter of letters) {
      const side = SIDES[letter];
      const settings: MeasureSettings = ctx.plans[side].measure;
      const before = await steps.cpu?.(guests);
      const sample = await steps.repetition(target(side), settings, (message) => {
        ctx.results[side].retries = (ctx.results[side].retries ?? 0) + 1;
        emit({ type: 'retry', key: scenario.key, message });
      });
      const after = before ? await steps.cpu?.(guests) : undefined;
      if (before && after) {
        const seconds = (after.atMs - before.atMs) / 1000;
        busy[side].coreSeconds += outsideCores(before, after) * seconds;
        busy[side].seconds += seconds;
      }
      addSample(ctx.results[side], sample);
      samples[side].push(sample.bitsPerSecond);
      tcp[side].push(sample.tcp);
    }
    const watched = busy.base.seconds > 0 && busy.head.seconds > 0;
    return {
      samples,
      tcp,
      boot: { base: guest.base.report.seconds, head: guest.head.report.seconds },
      start: { base: guest.base.start, head: guest.head.start },
      ...(watched
        ? {
            outsideCpu: {
              base: busy.base.coreSeconds / busy.base.seconds,
              head: busy.head.coreSeconds / busy.head.seconds,
            },
          }
        : {}),
    };
  } finally {
    for (const g of guests) await steps.stop(g);
  }
}
