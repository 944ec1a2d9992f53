// How a paired run measures and judges its changed scenarios: the pairs each gets, the loop's caps,
// and with sequential looks the design and the look after every block that may stop a scenario
// early. Built here, where the verdicts may be imported, and handed to the engine as a closure.
import { availableParallelism } from 'node:os';
import type { PairedOptions } from '../config/paired-options.js';
import type { EventSink } from '../engine/events.js';
import type { PairedLook, PairedSettings } from '../engine/paired-loop.js';
import { PAIRED_DEFAULTS } from '../model/defaults.js';
import type { DecisionSettings, PairedDesign } from '../model/verdicts.js';
import { fewestPairsToReach } from '../stats/wilcoxon.js';
import { lookAt, SEQUENTIAL_DESIGN_DEFAULTS, type SequentialDesign } from '../verdicts/sequential.js';

/**
 * The pairs each scenario gets: the asked-for count. In the fixed design it is raised where it
 * could never reach alpha once Holm adjusts across the scenarios measured (8 pairs reach 0.01 for
 * two scenarios, not for three), so a change that touches the whole matrix can still be called a
 * regression. Sequential looks test with t, whose smallest p falls with the spread: the count
 * asked for is their cap as given.
 */
export function pairsFor(
  options: Pick<PairedOptions, 'pairs' | 'alpha'> & { sequential?: boolean },
  scenarios: number,
  emit: EventSink,
): number {
  if (scenarios === 0 || options.sequential === true) return options.pairs;
  const needed = fewestPairsToReach(options.alpha, scenarios);
  if (needed <= options.pairs) return options.pairs;
  emit({
    type: 'warning',
    message: `${options.pairs} pairs cannot reach p < ${options.alpha} over ${scenarios} scenarios (Holm); measuring ${needed} pairs each`,
  });
  return needed;
}

/**
 * The design the verdicts file records: sequential looks from the first look up to `pairs`, each
 * scenario's test at alpha / the scenarios measured (Bonferroni: they stop at different looks), or
 * the fixed design's `pairs`.
 */
export function pairedDesign(sequential: boolean, pairs: number, scenarios: number): PairedDesign {
  if (!sequential) return { sequential: false, cap: pairs };
  const { firstLook } = SEQUENTIAL_DESIGN_DEFAULTS;
  return { sequential: true, firstLook, cap: pairs, tests: Math.max(1, scenarios) };
}

/**
 * The look after every block: the sequential rule on the kept pairs' log ratios. It stops a
 * scenario once a look settles its verdict before the cap; at the cap the loop stops by itself and
 * the verdict says it reached the cap.
 */
export function sequentialLook(design: SequentialDesign, settings: DecisionSettings): PairedLook {
  return {
    firstLook: design.firstLook,
    at: (_key, kept) => {
      const pairs = Math.min(kept.base.length, design.cap);
      const ratios = kept.head.slice(0, pairs).map((h, i) => Math.log(h / kept.base[i]!));
      if (ratios.some((d) => !Number.isFinite(d))) return undefined;
      const look = lookAt(ratios, settings, design);
      if (!look.stop || look.kind === 'inconclusive') return undefined;
      return { stop: true, reason: `settled: ${look.kind} at look ${pairs - design.firstLook + 1}` };
    },
  };
}

/** The paired loop's settings from the defaults (model/defaults.ts), for `pairs` pairs. */
export function pairedLoopSettings(
  pairs: number,
  seed: number,
  perSide: number = PAIRED_DEFAULTS.perSide,
  look?: PairedLook,
): PairedSettings {
  return {
    pairs,
    perSide,
    seed,
    maxBlocks: PAIRED_DEFAULTS.blocksPerPair * pairs,
    maxSeconds: PAIRED_DEFAULTS.maxScenarioSeconds,
    limits: {
      slowRatio: PAIRED_DEFAULTS.slowRatio,
      outsideCpuGapCores: PAIRED_DEFAULTS.outsideCpuGapShare * availableParallelism(),
    },
    ...(look === undefined ? {} : { look }),
  };
}
