// The console report of verdicts: headline, how they were reached, one aligned row per scenario,
// the change chart, then the reasons and the dropped blocks. Pure.
import type { Verdict, VerdictBasis, VerdictsFile } from '../model/verdicts.js';
import { bitrateCell, changeCell, changeHeader, CONSOLE_CELLS, mediansOf, pValueCell } from './cells.js';
import { changeChart, chartHeading, chartNotes } from './change-chart.js';
import { consoleText } from './console-text.js';
import { fileBasis, methodLine, verdictNote } from './method.js';
import { renderHeadline } from './verdict-labels.js';

interface Row {
  key: string;
  baseline: string;
  current: string;
  change: string;
  p: string;
  verdict: string;
}

function row(v: Verdict, method: VerdictBasis): Row {
  const { baseline, current } = mediansOf(v);
  const note = verdictNote(v, method);
  return {
    key: consoleText(v.key),
    baseline: bitrateCell(baseline, CONSOLE_CELLS),
    current: bitrateCell(current, CONSOLE_CELLS),
    change: changeCell(v, CONSOLE_CELLS),
    p: pValueCell(v, CONSOLE_CELLS),
    verdict: note === undefined ? v.kind : `${v.kind} (${note})`,
  };
}

/** Keys and reasons may come from a fork's file: no control characters reach the console. */
export function renderVerdictTable(file: VerdictsFile): string {
  const method = methodLine(file, consoleText);
  const basis = fileBasis(file);
  const rows = file.verdicts.map((v) => row(v, basis));
  // A paired file measured both sides in this job: base and head, not a stored baseline.
  const header: Row = {
    key: 'scenario',
    baseline: basis === 'paired' ? 'base' : 'baseline',
    current: basis === 'paired' ? 'head' : 'current',
    change: changeHeader(file.verdicts, CONSOLE_CELLS),
    p: 'p',
    verdict: 'verdict',
  };
  const columns = Object.keys(header) as (keyof Row)[];
  const widths = columns.map((c) => Math.max(...[header, ...rows].map((r) => r[c].length)));
  const line = (r: Row): string =>
    columns.map((c, i) => (i === 0 ? r[c].padEnd(widths[i]!) : r[c].padStart(widths[i]!))).join('  ');
  const reasons = file.verdicts
    .filter((v) => v.kind !== 'unchanged')
    .map((v) => `  ${consoleText(`${v.key}: ${v.reason}`)}`);
  return [
    renderHeadline(file.verdicts),
    ...(method === undefined ? [] : [method]),
    '',
    line(header),
    ...rows.map(line),
    ...block(chartLines(file)),
    ...block(reasons),
    ...block(droppedLines(file.verdicts)),
  ].join('\n');
}

/** A block after a blank line, or nothing. */
const block = (lines: readonly string[]): string[] => (lines.length > 0 ? ['', ...lines] : []);

/** The chart is drawn from safe label characters only; its notes name them, so they go through consoleText. */
function chartLines(file: VerdictsFile): string[] {
  const chart = changeChart(file.verdicts, file.settings.threshold);
  if (chart === undefined) return [];
  return [...chartHeading(chart).map(consoleText), ...chart.lines, ...chartNotes(chart).map(consoleText)];
}

function droppedLines(verdicts: readonly Verdict[]): string[] {
  const lines = verdicts.flatMap((v) =>
    (v.pairs?.dropped ?? []).map(
      (d) => `  ${consoleText(`${v.key}: block ${d.block} dropped: ${d.reason}`)}`,
    ),
  );
  return lines.length > 0 ? ['dropped blocks:', ...lines] : [];
}
