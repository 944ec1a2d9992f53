// A mermaid bar chart of median throughput, as GitHub renders it in comments and job summaries. Pure.

/** Scenarios drawn at most: beyond this the bars get too thin to read. */
export const MAX_CHART_SCENARIOS = 30;
/** Longest axis label, in characters, ellipsis included. */
export const MAX_LABEL_LENGTH = 32;

export interface ChartRow {
  key: string;
  /** Bits per second; absent when the scenario has no baseline. */
  baseline?: number;
  /** Bits per second. */
  current?: number;
}

export interface Chart {
  /** The fenced ```mermaid block. */
  markdown: string;
  /** Scenarios drawn. */
  shown: number;
  /** Scenarios that could have been drawn, before the cap. */
  total: number;
  /** Whether the baseline series is drawn (else only this run's). */
  withBaseline: boolean;
  /** Leading key segments every label dropped, e.g. "linux/" (raw text: escape it before display). */
  droppedPrefix: string;
}

// Series colours, in series order. xychart has no legend, so the caller's caption names them.
const BASELINE_COLOUR = '#9e9e9e';
const CURRENT_COLOUR = '#2f81f7';

const usable = (value: number | undefined): value is number =>
  value !== undefined && Number.isFinite(value) && value >= 0;

/**
 * The chart, or undefined when no scenario has a median to draw.
 *
 * Rows are drawn in the order given (the caller's table order). When any row has both medians,
 * only such rows are drawn, baseline and this run as two bar series; rows lacking one (new,
 * missing, failed) are left out rather than drawn as a misleading 0. When no row has both, this
 * run's medians are drawn alone. At most `maxScenarios` rows are drawn.
 */
export function renderThroughputChart(
  rows: readonly ChartRow[],
  maxScenarios: number = MAX_CHART_SCENARIOS,
): Chart | undefined {
  const paired = rows.filter((row) => usable(row.baseline) && usable(row.current));
  const withBaseline = paired.length > 0;
  const candidates = withBaseline ? paired : rows.filter((row) => usable(row.current));
  if (candidates.length === 0) return undefined;
  const drawn = candidates.slice(0, Math.max(1, maxScenarios));

  const { labels, droppedPrefix } = chartLabels(drawn.map((row) => row.key));
  const current = drawn.map((row) => toMbits(row.current!));
  const baseline = withBaseline ? drawn.map((row) => toMbits(row.baseline!)) : [];
  const top = Math.max(1, ...current, ...baseline);
  const palette = withBaseline ? `${BASELINE_COLOUR}, ${CURRENT_COLOUR}` : CURRENT_COLOUR;
  // Horizontal, so scenario labels read left of their bars instead of colliding under them.
  const height = Math.max(250, 60 + drawn.length * (withBaseline ? 26 : 20));
  const lines = [
    '```mermaid',
    `%%{init: {"xyChart": {"height": ${height}}, "themeVariables": {"xyChart": {"plotColorPalette": "${palette}"}}}}%%`,
    'xychart-beta horizontal',
    '  title "Median throughput"',
    `  x-axis [${labels.map((label) => `"${label}"`).join(', ')}]`,
    // From 0: an axis starting near the smallest bar exaggerates small differences.
    `  y-axis "Mbit/s" 0 --> ${formatNumber(niceCeiling(top * 1.05))}`,
    // Bars of several series overlap in xychart (no grouping): the baseline goes first, behind.
    ...(withBaseline ? [`  bar [${baseline.map(formatNumber).join(', ')}]`] : []),
    `  bar [${current.map(formatNumber).join(', ')}]`,
    '```',
  ];
  return {
    markdown: lines.join('\n'),
    shown: drawn.length,
    total: candidates.length,
    withBaseline,
    droppedPrefix,
  };
}

function toMbits(bitsPerSecond: number): number {
  // Mermaid's number token has no exponent: keep values in plain decimal range.
  return Math.min(Math.round(bitsPerSecond / 1e5) / 10, 1e12);
}

function formatNumber(value: number): string {
  return String(Number(value.toFixed(1)));
}

/** 1, 2, 2.5 or 5 times a power of ten, at least `value`: a round end for the axis. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((factor) => factor * power >= value) ?? 10;
  return step * power;
}

/**
 * Short, unique labels safe inside mermaid's double-quoted strings: with two keys or more,
 * segments all of them share at the front are dropped (`linux/`), characters outside a small set become
 * `_`, long labels lose their middle to an ellipsis, and repeats get `~2`, `~3`.
 */
export function chartLabels(
  keys: readonly string[],
  maxLength: number = MAX_LABEL_LENGTH,
): { labels: string[]; droppedPrefix: string } {
  const split = keys.map((key) => key.split('/'));
  const shortest = Math.min(...split.map((segments) => segments.length));
  let common = 0;
  while (
    keys.length > 1 &&
    common < shortest - 1 &&
    split.every((segments) => segments[common] === split[0]![common])
  ) {
    common += 1;
  }
  const droppedPrefix = common > 0 ? `${split[0]!.slice(0, common).join('/')}/` : '';
  const seen = new Set<string>();
  const labels = split.map((segments) => {
    const base = mermaidText(segments.slice(common).join('/'));
    let label = shorten(base, maxLength);
    for (let n = 2; seen.has(label); n += 1) {
      const suffix = `~${n}`;
      label = `${shorten(base, maxLength - suffix.length)}${suffix}`;
    }
    seen.add(label);
    return label;
  });
  return { labels, droppedPrefix };
}

/**
 * Text that cannot leave a mermaid quoted string or the code fence around it: no quotes,
 * brackets, backticks, `%%` comments, `#…;` entities, `;` statement ends or line breaks.
 */
export function mermaidText(text: string): string {
  const safe = text.replace(/[^A-Za-z0-9._/+=: -]/g, '_').trim();
  return safe === '' ? '_' : safe;
}

function shorten(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const keep = Math.max(1, maxLength - 1);
  // Keep both ends: the front names the NIC, the back the link and direction.
  const head = Math.ceil(keep / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
}
