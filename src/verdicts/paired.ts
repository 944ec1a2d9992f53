// The paired decision rule (issue 9): base and head measured in the same job, interleaved, each
// block giving one pair. The unit is the pair: d = ln(head / base) of the block's two
// figures (each side's best repetition in the block, engine/blocks.ts).
//
// Rule, per scenario: the Hodges–Lehmann estimate of d is the change and its distribution-free
// interval the uncertainty; the one-sided Wilcoxon signed-rank test in the direction of the
// estimate is the evidence, Holm-adjusted across the scenarios of the matrix. A regression (or
// improvement) needs significance AND a change beyond the threshold; `unchanged` needs the whole
// interval inside ±threshold; anything else is `inconclusive`, with the reason.
import { formatChange, formatPercent, formatProbability, formatPValue } from '../common/format.js';
import type { DecisionSettings, Verdict } from '../model/verdicts.js';
import { hodgesLehmann } from '../stats/hodges-lehmann.js';
import { holmAdjust } from '../stats/holm.js';
import { summarize } from '../stats/summary.js';
import { smallestPossibleSignedRankP, wilcoxonSignedRank } from '../stats/wilcoxon.js';

export interface PairedScenario {
  key: string;
  /** Each block's figure, base side and head side, in block order (same length). */
  base: readonly number[];
  head: readonly number[];
}

/** Coverage of the interval on the change. */
const LEVEL = 0.95;

interface Evidence {
  key: string;
  ratios: number[];
  estimate: ReturnType<typeof hodgesLehmann>;
  test: ReturnType<typeof wilcoxonSignedRank>;
}

/** The pairs' log ratios d = ln(head / base), in block order, or why there is nothing to judge. */
export function logRatiosOf({ base, head }: PairedScenario): number[] | string {
  if (base.length !== head.length) return `${base.length} base blocks but ${head.length} head blocks`;
  if (base.length === 0) return 'no pairs were measured';
  if ([...base, ...head].some((x) => !Number.isFinite(x) || x <= 0))
    return 'a block figure is not a positive bit rate';
  return head.map((h, i) => Math.log(h / base[i]!));
}

function evidenceFor(scenario: PairedScenario): Evidence | string {
  const { key } = scenario;
  const ratios = logRatiosOf(scenario);
  if (typeof ratios === 'string') return ratios;
  const estimate = hodgesLehmann(ratios, LEVEL);
  const test = wilcoxonSignedRank(ratios, estimate.estimate < 0 ? 'less' : 'greater');
  return { key, ratios, estimate, test };
}

/** Verdicts for a matrix measured in pairs, in the order given; p-values Holm-adjusted across it. */
export function decidePaired(scenarios: readonly PairedScenario[], settings: DecisionSettings): Verdict[] {
  const evidence = scenarios.map(evidenceFor);
  const tested = evidence.filter((e): e is Evidence => typeof e !== 'string');
  const holm = holmAdjust(tested.map((e) => e.test.pValue));
  const adjusted = new Map(tested.map((e, i) => [e, holm[i]!]));
  return scenarios.map((scenario, i) => {
    const found = evidence[i]!;
    if (typeof found === 'string')
      return { key: scenario.key, kind: 'error', error: found, reason: `cannot compare: ${found}` };
    return verdictOf(scenario, found, adjusted.get(found)!, settings, tested.length);
  });
}

function verdictOf(
  scenario: PairedScenario,
  e: Evidence,
  pValue: number,
  settings: DecisionSettings,
  tests: number,
): Verdict {
  const change = Math.expm1(e.estimate.estimate);
  const low = Math.expm1(e.estimate.low);
  const high = Math.expm1(e.estimate.high);
  const comparison = {
    baselineMedian: summarize(scenario.base).median,
    currentMedian: summarize(scenario.head).median,
    relativeChange: change,
    confidenceInterval: { level: LEVEL, low, high },
    pValue,
    method: e.test.method,
    baselineCount: scenario.base.length,
    currentCount: scenario.head.length,
  };
  const { key } = scenario;
  const { alpha, threshold } = settings;
  const pairs = `${e.ratios.length} pairs`;
  const interval = `${Math.round(LEVEL * 100)}% CI ${formatChange(low)} to ${formatChange(high)}`;
  const significant = pValue < alpha;
  const beyond = Math.abs(change) >= threshold;
  const limit = `±${formatPercent(threshold)}`;
  if (significant && beyond) {
    const reason = `a ${formatChange(change)} change over ${pairs} (${interval}) is significant (${formatPValue(pValue)}, Holm-adjusted) and beyond ${limit}`;
    return { key, kind: change < 0 ? 'regression' : 'improvement', reason, ...comparison };
  }
  if (low > -threshold && high < threshold) {
    const reason = `the ${interval} of the change over ${pairs} lies within ${limit}`;
    return { key, kind: 'unchanged', reason, ...comparison };
  }
  // Holm multiplies the smallest p by the number of scenarios tested before anything can pass.
  const smallest = Math.min(1, tests * smallestPossibleSignedRankP(e.test.n));
  if (smallest > alpha) {
    const holm = tests > 1 ? `, Holm-adjusted over ${tests} scenarios` : '';
    const reason = `${pairs} (${e.test.n} non-zero) cannot reach p < ${formatProbability(alpha)} (smallest possible p = ${formatProbability(smallest)}${holm}); measure more pairs`;
    return { key, kind: 'inconclusive', reason, ...comparison };
  }
  const why = significant
    ? `is significant (${formatPValue(pValue)}) but within ${limit}, and its ${interval} reaches beyond it`
    : `is not significant (${formatPValue(pValue)}) and its ${interval} reaches beyond ${limit}`;
  return {
    key,
    kind: 'inconclusive',
    reason: `a ${formatChange(change)} change over ${pairs} ${why}; measure more pairs`,
    ...comparison,
  };
}
