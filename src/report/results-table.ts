// The console table of a run's results: strings in, strings out. Printing is the caller's job.
import type { ScenarioResult } from '../model/results.js';
import { formatBitrate, spreadPercent } from '../common/format.js';
import { summarize } from '../stats/summary.js';
import { consoleText } from './console-text.js';
import { tcpStatsText } from './tcp-stats-text.js';

const HEADER = ['scenario', 'median', 'min – max', 'spread', 'samples', 'error'];
// Numbers read best right-aligned; text left-aligned.
const RIGHT_ALIGNED = new Set([1, 2, 3, 4]);
/** Where any scenario measured `tcp-stats`: the sender's figures, medians over the repetitions. */
const TCP_HEADER = 'TCP sender (median)';

/** A plain-text table, one row per scenario, columns aligned with spaces; no control characters. */
export function renderResultsTable(scenarios: readonly ScenarioResult[]): string {
  const tcp = scenarios.some((s) => s.tcpStats !== undefined);
  const header = tcp ? [...HEADER.slice(0, -1), TCP_HEADER, HEADER.at(-1)!] : HEADER;
  const rows = [
    header,
    ...scenarios.map((s) => {
      const row = resultRow(s);
      return tcp ? [...row.slice(0, -1), tcpStatsText(s.tcpStats), row.at(-1)!] : row;
    }),
  ];
  const widths = header.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
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
