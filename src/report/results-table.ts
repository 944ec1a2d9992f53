// The console table of a run's results: strings in, strings out. Printing is the caller's job.
import type { ScenarioResult } from '../model/results.js';
import { formatBitrate, spreadPercent } from '../common/format.js';
import { summarize } from '../stats/summary.js';
import { consoleText } from './console-text.js';

const HEADER = ['scenario', 'median', 'min – max', 'spread', 'samples', 'error'];
// Numbers read best right-aligned; text left-aligned.
const RIGHT_ALIGNED = new Set([1, 2, 3, 4]);

/** A plain-text table, one row per scenario, columns aligned with spaces; no control characters. */
export function renderResultsTable(scenarios: readonly ScenarioResult[]): string {
  const rows = [HEADER, ...scenarios.map(resultRow)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          RIGHT_ALIGNED.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function resultRow(result: ScenarioResult): string[] {
  const summary = result.summary ?? (result.samples.length > 0 ? summarize(result.samples) : undefined);
  const error = consoleText(result.error ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  const key = consoleText(result.key);
  if (summary === undefined) return [key, '-', '-', '-', String(result.samples.length), error];
  return [
    key,
    formatBitrate(summary.median),
    `${formatBitrate(summary.min)} – ${formatBitrate(summary.max)}`,
    `±${spreadPercent(summary).toFixed(1)}%`,
    String(result.samples.length),
    error,
  ];
}
