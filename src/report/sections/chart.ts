// The change chart as markdown: what its rows share and its labels' short forms, a fenced text block
// (monospace, so the columns line up in comments and job summaries alike) and a caption saying what
// the marks are and what was left undrawn.
import type { Verdict } from '../../model/verdicts.js';
import { changeChart, chartHeading, chartNotes } from '../change-chart.js';
import { escapeMarkdown } from '../markdown.js';

/** Undefined when no verdict has a change to draw. */
export function renderChart(verdicts: readonly Verdict[], threshold?: number): string | undefined {
  const chart = changeChart(verdicts, threshold);
  if (chart === undefined) return undefined;
  // Inside the fence nothing is markup; the lines hold only safe label characters (scenario-labels).
  const block = ['```text', ...chart.lines, '```'].join('\n');
  const sentences = (lines: string[]): string[] =>
    lines.length > 0 ? [lines.map(escapeMarkdown).join(' ')] : [];
  return [...sentences(chartHeading(chart)), block, ...sentences(chartNotes(chart))].join('\n\n');
}
