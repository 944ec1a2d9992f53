// The sequential rule's verdicts (sequential.ts): each scenario judged by the look at the pairs it
// stopped with, in the words of the fixed rule's verdicts (paired.ts) so a reader, an annotation
// or a test that reads one reads the other. Errors (no pairs, a figure that is no bit rate) are the
// fixed rule's own.
import { formatChange, formatPercent } from '../common/format.js';
import { SEQUENTIAL_DEFAULTS } from '../model/defaults.js';
import type { DecisionSettings, PairedDesign, Verdict } from '../model/verdicts.js';
import { studentTSurvival } from '../stats/student-t.js';
import { summarize } from '../stats/summary.js';
import { logRatiosOf, type PairedScenario } from './paired.js';
import { lookAt, SEQUENTIAL_LEVEL, type SequentialDesign, type SequentialLook } from './sequential.js';

/** The sequential rule's design from a recorded one; undefined for the fixed design. */
export function sequentialDesignOf(design: PairedDesign | undefined): SequentialDesign | undefined {
  if (!design?.sequential) return undefined;
  return {
    firstLook: design.firstLook ?? SEQUENTIAL_DEFAULTS.firstLook,
    cap: design.cap,
    tests: design.tests ?? 1,
  };
}

/** Verdicts for a matrix measured in pairs with sequential looks, in the order given. */
export function decideSequential(
  scenarios: readonly PairedScenario[],
  settings: DecisionSettings,
  design: SequentialDesign,
): Verdict[] {
  return scenarios.map((given) => {
    // A replacement block can let a block set aside earlier count again: the cap is what is judged.
    const scenario = {
      ...given,
      base: given.base.slice(0, design.cap),
      head: given.head.slice(0, design.cap),
    };
    const ratios = logRatiosOf(scenario);
    if (typeof ratios === 'string')
      return { key: scenario.key, kind: 'error', error: ratios, reason: `cannot compare: ${ratios}` };
    return verdictOf(scenario, ratios, settings, design);
  });
}

/**
 * The one-sided p of the look's t in the direction of the change, Bonferroni-adjusted over the
 * scenarios; the look itself compares t with its boundary, at its share of alpha.
 */
function adjustedP(look: SequentialLook, tests: number): number {
  const t = Math.abs(look.statistic);
  return Math.min(1, tests * studentTSurvival(t, look.pairs - 1));
}

function verdictOf(
  scenario: PairedScenario,
  ratios: readonly number[],
  settings: DecisionSettings,
  design: SequentialDesign,
): Verdict {
  const { key } = scenario;
  const pairs = `${ratios.length} pairs`;
  const counts = {
    baselineMedian: summarize(scenario.base).median,
    currentMedian: summarize(scenario.head).median,
    baselineCount: scenario.base.length,
    currentCount: scenario.head.length,
  };
  if (ratios.length < design.firstLook) {
    const change = Math.expm1(ratios.reduce((sum, d) => sum + d, 0) / ratios.length);
    const reason = `${pairs} cannot be judged: the first look needs ${design.firstLook}; measure more pairs`;
    return { key, kind: 'inconclusive', reason, ...counts, relativeChange: change };
  }
  const look = lookAt(ratios, settings, design);
  const comparison = {
    ...counts,
    relativeChange: look.change,
    confidenceInterval: { level: SEQUENTIAL_LEVEL, low: look.low, high: look.high },
    pValue: adjustedP(look, design.tests),
    // Student's t, exact for normal log ratios.
    method: 'exact' as const,
  };
  const limit = `±${formatPercent(settings.threshold)}`;
  const level = `${Math.round(SEQUENTIAL_LEVEL * 100)}%`;
  const interval = `${level} CI ${formatChange(look.low)} to ${formatChange(look.high)}, repeated`;
  const at = `look ${look.pairs - design.firstLook + 1} of ${design.cap - design.firstLook + 1}`;
  const spent = `alpha spent Pocock-type${design.tests > 1 ? `, Bonferroni over ${design.tests} scenarios` : ''}`;
  const t = `|t| = ${Math.abs(look.statistic).toFixed(2)}`;
  const boundary = look.boundary.toFixed(2);
  const change = `a ${formatChange(look.change)} change over ${pairs} (${interval})`;
  if (look.kind === 'regression' || look.kind === 'improvement') {
    const reason = `${change} crossed the boundary of ${at} (${t} >= ${boundary}; ${spent}) and is beyond ${limit}`;
    return { key, kind: look.kind, reason, ...comparison };
  }
  if (look.kind === 'unchanged') {
    const repeated = `repeated ${level} CI ${formatChange(look.low)} to ${formatChange(look.high)}`;
    const reason = `the ${repeated} of the change over ${pairs} lies within ${limit} (${at})`;
    return { key, kind: 'unchanged', reason, ...comparison };
  }
  const why =
    Math.abs(look.statistic) >= look.boundary
      ? `crossed the boundary of ${at} (${t} >= ${boundary}) but is within ${limit}, and its interval reaches beyond it`
      : `has ${t} below the boundary of ${at} (${boundary}; ${spent}) and its interval reaches beyond ${limit}`;
  return { key, kind: 'inconclusive', reason: `${change} ${why}; measure more pairs`, ...comparison };
}
