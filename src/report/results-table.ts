// Console renderers: strings in, strings out. Printing is the caller's job.
import type { ScenarioResult } from '../model/results.js';
import { summarize, type Summary } from '../stats/summary.js';

const BITRATE_UNITS = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'] as const;

/** `3.21 Gbit/s`, `402 Mbit/s`, `900 kbit/s`: decimal units, three significant digits. */
export function formatBitrate(bitsPerSecond: number): string {
  if (!Number.isFinite(bitsPerSecond) || bitsPerSecond < 0) return 'n/a';
  if (bitsPerSecond === 0) return '0 bit/s';
  let unit = Math.min(Math.floor(Math.log10(bitsPerSecond) / 3), BITRATE_UNITS.length - 1);
  unit = Math.max(unit, 0);
  let digits = (bitsPerSecond / 1000 ** unit).toPrecision(3);
  // 999.7 Mbit/s rounds to 1000: show it as 1.00 Gbit/s instead.
  if (Number(digits) >= 1000 && unit < BITRATE_UNITS.length - 1) {
    unit += 1;
    digits = (bitsPerSecond / 1000 ** unit).toPrecision(3);
  }
  return `${digits} ${BITRATE_UNITS[unit]}`;
}

/** `45s`, `1m20s`, `2h05m`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m${String(secs).padStart(2, '0')}s`;
  return `${secs}s`;
}

/** The widest deviation from the median, in percent of it: every sample lies within ±this. */
export function spreadPercent(summary: Summary): number {
  if (summary.median === 0) return 0;
  return (Math.max(summary.max - summary.median, summary.median - summary.min) / summary.median) * 100;
}

const HEADER = ['scenario', 'median', 'min – max', 'spread', 'samples', 'error'];
// Numbers read best right-aligned; text left-aligned.
const RIGHT_ALIGNED = new Set([1, 2, 3, 4]);

/** A plain-text table, one row per scenario, columns aligned with spaces. */
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
  const error = (result.error ?? '').replace(/\s+/g, ' ').trim();
  if (summary === undefined) return [result.key, '-', '-', '-', String(result.samples.length), error];
  return [
    result.key,
    formatBitrate(summary.median),
    `${formatBitrate(summary.min)} – ${formatBitrate(summary.max)}`,
    `±${spreadPercent(summary).toFixed(1)}%`,
    String(result.samples.length),
    error,
  ];
}

export interface Progress {
  /** 1-based position of the scenario in the plan. */
  index: number;
  total: number;
  key: string;
  /** 1-based repetition within the scenario. */
  repetition: number;
  repetitions: number;
  /** Estimated seconds left for the whole run; undefined while there is nothing to estimate from. */
  etaSec?: number;
}

/** `[2/8] linux/e1000/tuned/rtt50ms/send rep 1/3 (ETA 1m20s)` */
export function renderProgress(progress: Progress): string {
  const eta = progress.etaSec === undefined ? '' : ` (ETA ${formatDuration(progress.etaSec)})`;
  return `[${progress.index}/${progress.total}] ${progress.key} rep ${progress.repetition}/${progress.repetitions}${eta}`;
}
