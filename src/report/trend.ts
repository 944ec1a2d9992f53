// The trend of a baseline branch for the job summary: per scenario of the newest run, its last
// runs' medians as a sparkline, its newest median, and how that compares with the earlier runs.
// Pure. A markdown table, each line at most TREND_WIDTH characters: block characters render as
// text in a table cell, and the scenario labels stand in code spans, where no markup applies.
import { clip, formatBitrate, formatChange } from '../common/format.js';
import type { BaselineFile, BaselineRun } from '../model/baseline.js';
import { summarize } from '../stats/summary.js';
import { escapeMarkdown } from './markdown.js';
import { shortSha } from './method.js';
import { scenarioLabels } from './scenario-labels.js';

/** Longest line of the trend, in characters (the report's chart and tables keep to the same). */
export const TREND_WIDTH = 95;
/** Most runs one sparkline shows; fewer when long labels need the room. */
export const MAX_SPARK_RUNS = 30;
/** Fewest runs a sparkline keeps room for when labels are cut to fit. */
const MIN_SPARK_RUNS = 10;
/** Most scenarios listed: the summary is for reading, and the rest say how many they are. */
export const MAX_TREND_ROWS = 200;

/** Lowest to highest. */
const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
/** A series with no spread: neither low nor high. */
const FLAT_BAR = BARS[3];

// The widest each of the other cells can be: `1.00 Gbit/s`, `-100.0%` (a rise of 1000% or more
// reads `> +999%`), and the count of runs, at most MAX_SPARK_RUNS.
const LATEST_WIDTH = 11;
const CHANGE_WIDTH = 8;
const RUNS_WIDTH = String(MAX_SPARK_RUNS).length;
/** `| \`` + `\` | ` + ` | ` × 3 + ` |`: the table's own characters on a row. */
const ROW_FRAME = 3 + 4 + 3 * 3 + 2;
/** What the label and the sparkline share of a row. */
const LABEL_AND_SPARK = TREND_WIDTH - ROW_FRAME - LATEST_WIDTH - CHANGE_WIDTH - RUNS_WIDTH;

/** One scenario's run medians, oldest first. */
export interface TrendSeries {
  key: string;
  medians: number[];
}

/**
 * The scenarios of the newest run, in key order, each with the medians of the given runs it was
 * measured in (oldest first). A scenario the newest run lacks is left out: it is no longer measured.
 */
export function trendSeries(runs: readonly BaselineRun[]): TrendSeries[] {
  const newest = runs.at(-1);
  if (newest === undefined) return [];
  return Object.keys(newest.scenarios)
    .sort()
    .map((key) => ({
      key,
      medians: runs.flatMap((run) => {
        const scenario = run.scenarios[key];
        return scenario ? [summarize(scenario.samples).median] : [];
      }),
    }));
}

/** One bar per value, scaled from the series' own lowest (▁) to its highest (█). */
export function sparkline(values: readonly number[]): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  if (!(high > low)) return FLAT_BAR.repeat(values.length);
  const top = BARS.length - 1;
  return values.map((value) => BARS[Math.round(((value - low) / (high - low)) * top)]).join('');
}

/** The newest median against the median of the earlier ones; `one run` when there is none. */
export function changeText(medians: readonly number[]): string {
  if (medians.length < 2) return 'one run';
  const earlier = summarize(medians.slice(0, -1)).median;
  if (!(earlier > 0)) return 'n/a';
  const change = medians.at(-1)! / earlier - 1;
  // A tenfold rise would be the widest cell of all; its size matters less than its sign.
  return change >= 10 ? '> +999%' : formatChange(change);
}

/**
 * `### Trend on main: last N runs`, a table (scenario, sparkline, newest median, its change, runs)
 * and a legend; undefined when the baseline has no run. N is at most MAX_SPARK_RUNS.
 */
export function renderTrend(baseline: BaselineFile): string | undefined {
  const newest = baseline.runs.at(-1);
  if (newest === undefined) return undefined;
  const keys = Object.keys(newest.scenarios).sort();
  if (keys.length === 0) return undefined;
  const { labels, shared } = scenarioLabels(keys.slice(0, MAX_TREND_ROWS), LABEL_AND_SPARK - MIN_SPARK_RUNS);
  // Labels cut as far as they can be; the sparkline has the rest of the row, up to its maximum.
  const longestLabel = Math.max(...labels.map((label) => label.length));
  const sparkRuns = Math.max(1, Math.min(MAX_SPARK_RUNS, LABEL_AND_SPARK - longestLabel));
  const runs = baseline.runs.slice(-sparkRuns);
  const series = trendSeries(runs).slice(0, MAX_TREND_ROWS);
  const rows = series.map(({ medians }, row) =>
    line([
      `\`${labels[row]!}\``,
      sparkline(medians),
      formatBitrate(medians.at(-1)!),
      changeText(medians),
      String(medians.length),
    ]),
  );
  return [
    `### Trend on ${headingBranch(baseline.branch)}: last ${runs.length} run${runs.length === 1 ? '' : 's'}`,
    '',
    line(['scenario', 'runs, oldest to newest', 'newest', 'change', 'runs']),
    '| --- | --- | ---: | ---: | ---: |',
    ...rows,
    '',
    ...legend(shared, runs, keys.length - series.length),
  ].join('\n');
}

const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

/** The branch as a heading shows it: escaped, and cut so the heading keeps within TREND_WIDTH. */
function headingBranch(branch: string): string {
  let kept = Math.min(branch.length, 60);
  while (kept > 1 && escapeMarkdown(clip(branch, kept)).length > 60) kept -= 1;
  return escapeMarkdown(clip(branch, kept));
}

function legend(shared: readonly string[], runs: readonly BaselineRun[], notListed: number): string[] {
  return [
    // The labels' alphabet has no markup; a code span keeps `@` and `_` from meaning anything.
    ...(shared.length > 0 ? [`All rows: \`${clip(shared.join(' · '), TREND_WIDTH - 14)}\`.`] : []),
    'Each bar is one run\'s median, from the scenario\'s lowest (▁) to its highest (█); "change" is',
    'the newest run against the median of the earlier ones.',
    runSpan(runs),
    ...(notListed > 0 ? [`${notListed} more scenario${notListed === 1 ? ' is' : 's are'} not listed.`] : []),
  ];
}

/** `Runs of 2026-11-20 (commit abc1234) to 2026-12-07 (commit def5678).` */
function runSpan(runs: readonly BaselineRun[]): string {
  const describe = (run: BaselineRun): string => {
    const date = /^\d{4}-\d{2}-\d{2}/.exec(run.timestamp)?.[0] ?? clip(run.timestamp, 25);
    const commit = run.commit === undefined ? '' : ` (commit ${clip(shortSha(run.commit), 12)})`;
    return escapeMarkdown(`${date}${commit}`);
  };
  const [first, last] = [runs[0]!, runs.at(-1)!];
  return first === last
    ? `One run, of ${describe(last)}.`
    : `Runs of ${describe(first)} to ${describe(last)}.`;
}
