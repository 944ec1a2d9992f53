// The change chart shared by the markdown report and the console: one forest-plot row per verdict
// with a change, labelled by what differs between the scenarios drawn, and the notes a reader needs
// beside it. Pure; the lines hold no text from files but scenario keys made safe (scenario-labels).
import { formatPercent } from '../common/format.js';
import type { Verdict, VerdictKind } from '../model/verdicts.js';
import { changeCell, changeHeader, CONSOLE_CELLS } from './cells.js';
import { axisRow, chooseScale, plotRow, type Estimate } from './forest.js';
import { scenarioLabels } from './scenario-labels.js';

/** Rows drawn at most: beyond this the chart stops being read. */
export const MAX_CHART_ROWS = 30;

export interface ChangeChart {
  /** The scale, then one row per drawn verdict: label, plot, change with interval, kind. */
  lines: string[];
  /** Rows drawn, and rows that could have been drawn before the cap. */
  shown: number;
  total: number;
  /** Kinds of the verdicts without a change, which are not drawn, with their counts. */
  undrawn: [VerdictKind, number][];
  /** Key segments every drawn row shares; safe text, not yet escaped. */
  shared: string[];
  /** Interval level shared by every drawn row (0.95), if they share one. */
  level?: number;
  /** The threshold drawn as `:` marks, when it is. */
  threshold?: number;
  /** Whether some row has an interval end that is unknown (`<`, `>`). */
  unknownBounds: boolean;
}

interface Drawable {
  verdict: Verdict;
  estimate: Estimate;
  level?: number;
}

function drawable(v: Verdict): Drawable | undefined {
  if (!('relativeChange' in v) || v.relativeChange === undefined || !Number.isFinite(v.relativeChange))
    return undefined;
  const ci = 'confidenceInterval' in v ? v.confidenceInterval : undefined;
  if (ci === undefined) return { verdict: v, estimate: { change: v.relativeChange } };
  const interval = { low: ci.low, high: ci.high };
  return { verdict: v, estimate: { change: v.relativeChange, interval }, level: ci.level };
}

/**
 * The chart of `verdicts` in the order given, or undefined when none has a change (new, missing,
 * error and inputs-unchanged never do). At most `maxRows` rows, the first ones.
 */
export function changeChart(
  verdicts: readonly Verdict[],
  threshold?: number,
  maxRows: number = MAX_CHART_ROWS,
): ChangeChart | undefined {
  const candidates = verdicts.map(drawable).filter((d): d is Drawable => d !== undefined);
  if (candidates.length === 0) return undefined;
  const drawn = candidates.slice(0, Math.max(1, maxRows));
  const verdictsDrawn = drawn.map((d) => d.verdict);
  const estimates = drawn.map((d) => d.estimate);
  const scale = chooseScale(estimates, threshold);
  const { labels, shared } = scenarioLabels(verdictsDrawn.map((v) => v.key));
  const changes = verdictsDrawn.map((v) => changeCell(v, CONSOLE_CELLS));
  const labelWidth = Math.max(...labels.map((label) => label.length));
  const changeWidth = Math.max(...changes.map((text) => text.length));
  // Label, plot, change with interval, kind; the scale row has neither label nor kind.
  const line = (label: string, plot: string, change: string, kind: string): string =>
    [label.padEnd(labelWidth), plot, change.padEnd(changeWidth), kind].join('  ').trimEnd();
  const lines = [
    line('', axisRow(scale, threshold), changeHeader(verdictsDrawn, CONSOLE_CELLS), ''),
    ...drawn.map((d, i) => line(labels[i]!, plotRow(d.estimate, scale), changes[i]!, d.verdict.kind)),
  ];
  const levels = new Set(drawn.flatMap((d) => (d.level === undefined ? [] : [d.level])));
  const unknown = (x: number): boolean => !Number.isFinite(x);
  return {
    lines,
    shown: drawn.length,
    total: candidates.length,
    undrawn: undrawnKinds(verdicts),
    shared,
    ...(levels.size === 1 ? { level: [...levels][0]! } : {}),
    ...(scale.thresholdColumns !== undefined && threshold !== undefined ? { threshold } : {}),
    unknownBounds: estimates.some(
      ({ interval: i }) => i !== undefined && (unknown(i.low) || unknown(i.high)),
    ),
  };
}

function undrawnKinds(verdicts: readonly Verdict[]): [VerdictKind, number][] {
  const counts = new Map<VerdictKind, number>();
  for (const v of verdicts) {
    if (drawable(v) === undefined) counts.set(v.kind, (counts.get(v.kind) ?? 0) + 1);
  }
  return [...counts];
}

/**
 * What the marks mean, what the rows share and what was left out, as sentences of raw text: escape
 * them for where they go (markdown or a console line).
 */
export function chartNotes(chart: ChangeChart): string[] {
  const interval = chart.level === undefined ? 'interval' : `${Number((chart.level * 100).toFixed(1))}% CI`;
  const marks = [`● the change`, `├─┤ its ${interval}`, '│ no change'];
  if (chart.threshold !== undefined) marks.push(`: the ±${formatPercent(chart.threshold)} threshold`);
  if (chart.unknownBounds) marks.push('< or > an unknown end');
  const notes = [`${marks.join(', ')}.`];
  if (chart.shared.length > 0) notes.push(`All rows: ${chart.shared.join(', ')}.`);
  if (chart.shown < chart.total)
    notes.push(`Showing the first ${chart.shown} of ${chart.total}, in table order.`);
  const undrawn = chart.undrawn.reduce((sum, [, count]) => sum + count, 0);
  if (undrawn > 0) {
    const kinds = chart.undrawn.map(([kind, count]) => `${count} ${kind}`).join(', ');
    notes.push(`${undrawn} scenario${undrawn === 1 ? '' : 's'} without a change not drawn (${kinds}).`);
  }
  return notes;
}
