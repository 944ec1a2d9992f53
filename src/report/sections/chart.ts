// The throughput chart with a caption saying what the bars are and what was left undrawn.
import { escapeMarkdown } from '../markdown.js';
import { renderThroughputChart, type ChartRow } from '../mermaid.js';

/** Undefined when no row has a median to draw. */
export function renderChart(rows: readonly ChartRow[]): string | undefined {
  const chart = renderThroughputChart(rows);
  if (chart === undefined) return undefined;
  const notes = [
    chart.withBaseline
      ? 'Bars overlap: grey is the baseline median, blue this run’s drawn over it, so grey showing past blue is a drop.'
      : 'Bars: this run’s median.',
  ];
  if (chart.shown < chart.total)
    notes.push(`Showing the first ${chart.shown} of ${chart.total}, in table order.`);
  const undrawn = rows.length - chart.total;
  if (undrawn > 0) {
    notes.push(
      `${undrawn} scenario${undrawn === 1 ? '' : 's'} without ${chart.withBaseline ? 'both medians' : 'a median'} not drawn.`,
    );
  }
  if (chart.droppedPrefix !== '') notes.push(`Labels leave out ${escapeMarkdown(chart.droppedPrefix)}.`);
  return `${chart.markdown}\n\n${notes.join(' ')}`;
}
