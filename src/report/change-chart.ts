// The change chart shared by the markdown report and the console: one forest-plot row per verdict
// with a change, labelled by what differs between the scenarios drawn, and the notes a reader needs
// beside it. Pure; the lines hold no text from files but scenario keys made safe (scenario-labels).
import { formatChange, formatPercent } from '../common/format.js';
import type { Verdict, VerdictKind } from '../model/verdicts.js';
import { changeCell, changeHeader, CONSOLE_CELLS } from './cells.js';
import { axisRow, chooseScale, HALF_WIDTH, plotRow, type Estimate } from './forest.js';
import {
  scenarioLabels,
  type Abbreviation,
  type ScenarioLabels,
  type Shortening,
} from './scenario-labels.js';
import { textColumns } from './text-width.js';

/** Rows drawn at most: beyond this the chart stops being read. */
export const MAX_CHART_ROWS = 30;

/**
 * Widest line, in columns. A code block does not wrap: in GitHub's 780 px comment column a wider
 * one scrolls sideways (test/render/ draws it there).
 */
export const CHART_COLUMNS = 95;

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
  /** The short forms the labels use, with the values they stand for; safe text, not yet escaped. */
  legend: Abbreviation[];
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
 * error and inputs-unchanged never do). At most `maxRows` rows, the first ones; every line at most
 * CHART_COLUMNS wide: labels give way first, by their values' leading words (scenario-labels), then
 * the change column its interval, which the plot draws and the table writes, then labels by codes.
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
  // Readable labels come before the interval's numbers, which the table has too.
  const withIntervals = chartText(verdictsDrawn, (v) => changeCell(v, CONSOLE_CELLS), 'words');
  const text = fits(withIntervals) ? withIntervals : chartText(verdictsDrawn, changeAlone, 'scenarios');
  const { labels, changes, header } = text;
  const labelWidth = Math.max(...labels.labels.map(textColumns));
  const changeWidth = Math.max(...changes.map(textColumns));
  // Label, plot, change with interval, kind; the scale row has neither label nor kind.
  const line = (label: string, plot: string, change: string, kind: string): string =>
    [padEnd(label, labelWidth), plot, padEnd(change, changeWidth), kind].join(GAP).trimEnd();
  const lines = [
    line('', axisRow(scale, threshold), header, ''),
    ...drawn.map((d, i) => line(labels.labels[i]!, plotRow(d.estimate, scale), changes[i]!, d.verdict.kind)),
  ];
  const levels = new Set(drawn.flatMap((d) => (d.level === undefined ? [] : [d.level])));
  const unknown = (x: number): boolean => !Number.isFinite(x);
  return {
    lines,
    shown: drawn.length,
    total: candidates.length,
    undrawn: undrawnKinds(verdicts),
    shared: labels.shared,
    legend: labels.legend,
    ...(levels.size === 1 ? { level: [...levels][0]! } : {}),
    ...(scale.thresholdColumns !== undefined && threshold !== undefined ? { threshold } : {}),
    unknownBounds: estimates.some(
      ({ interval: i }) => i !== undefined && (unknown(i.low) || unknown(i.high)),
    ),
  };
}

const GAP = '  ';
const PLOT_COLUMNS = 2 * HALF_WIDTH + 1;

interface ChartText {
  labels: ScenarioLabels;
  /** Columns the labels may take beside the rest of the widest line. */
  labelColumns: number;
  changes: string[];
  header: string;
}

/** The text columns of the chart, the labels as narrow as `label` makes them beside the rest. */
function chartText(
  verdicts: readonly Verdict[],
  change: (v: Verdict) => string,
  upTo: Shortening,
): ChartText {
  const changes = verdicts.map(change);
  const header = changes.some((text) => text.includes(CONSOLE_CELLS.interval.open))
    ? changeHeader(verdicts, CONSOLE_CELLS)
    : 'change';
  const changeWidth = Math.max(...changes.map(textColumns));
  const kindWidth = Math.max(...verdicts.map((v) => textColumns(v.kind)));
  const gap = textColumns(GAP);
  // What follows the label on a row, and on the scale row.
  const rest = Math.max(
    gap + PLOT_COLUMNS + gap + changeWidth + gap + kindWidth,
    gap + PLOT_COLUMNS + gap + textColumns(header),
  );
  const labelColumns = CHART_COLUMNS - rest;
  const keys = verdicts.map((v) => v.key);
  return { labels: scenarioLabels(keys, labelColumns, upTo), labelColumns, changes, header };
}

function fits({ labels, labelColumns }: ChartText): boolean {
  return labels.labels.every((label) => textColumns(label) <= labelColumns);
}

/** The change alone, for a chart too narrow for its interval too. */
function changeAlone(v: Verdict): string {
  return 'relativeChange' in v && v.relativeChange !== undefined
    ? formatChange(v.relativeChange)
    : CONSOLE_CELLS.placeholder;
}

/** `text` followed by spaces to `columns` columns. */
function padEnd(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - textColumns(text)));
}

function undrawnKinds(verdicts: readonly Verdict[]): [VerdictKind, number][] {
  const counts = new Map<VerdictKind, number>();
  for (const v of verdicts) {
    if (drawable(v) === undefined) counts.set(v.kind, (counts.get(v.kind) ?? 0) + 1);
  }
  return [...counts];
}

/**
 * What the rows share and what the labels' short forms stand for, said once above the chart, as
 * sentences of raw text: escape them for where they go (markdown or a console line).
 */
export function chartHeading(chart: ChangeChart): string[] {
  const heading: string[] = [];
  if (chart.shared.length > 0) heading.push(`All rows: ${chart.shared.join(', ')}.`);
  if (chart.legend.length > 0)
    heading.push(`Labels: ${chart.legend.map(({ short, value }) => `${short} = ${value}`).join(', ')}.`);
  return heading;
}

/**
 * What the marks mean and what was left out, as sentences of raw text: escape them for where they
 * go (markdown or a console line).
 */
export function chartNotes(chart: ChangeChart): string[] {
  const interval = chart.level === undefined ? 'interval' : `${Number((chart.level * 100).toFixed(1))}% CI`;
  const marks = [`● the change`, `├─┤ its ${interval}`, '│ no change'];
  if (chart.threshold !== undefined) marks.push(`: the ±${formatPercent(chart.threshold)} threshold`);
  if (chart.unknownBounds) marks.push('< or > an unknown end');
  const notes = [`${marks.join(', ')}.`];
  if (chart.shown < chart.total)
    notes.push(`Showing the first ${chart.shown} of ${chart.total}, in table order.`);
  const undrawn = chart.undrawn.reduce((sum, [, count]) => sum + count, 0);
  if (undrawn > 0) {
    const kinds = chart.undrawn.map(([kind, count]) => `${count} ${kind}`).join(', ');
    notes.push(`${undrawn} scenario${undrawn === 1 ? '' : 's'} without a change not drawn (${kinds}).`);
  }
  return notes;
}
