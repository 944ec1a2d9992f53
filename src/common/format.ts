// Numbers as a person reads them: in verdict reasons, reports, progress lines and the benchmark.

/** A relative change as a signed percentage to one decimal: -0.0724 → "-7.2%", 0.1 → "+10.0%". */
export function formatChange(change: number): string {
  const percent = (change * 100).toFixed(1);
  // A tiny negative change rounds to "-0.0"; it is no change either way.
  if (Number(percent) === 0) return '0.0%';
  return change > 0 ? `+${percent}%` : `${percent}%`;
}

/** An unsigned percentage to one decimal, for sizes such as the threshold: 0.05 → "5.0%". */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** A probability to two significant digits, written the way papers do: "0.0012", "< 0.0001". */
export function formatProbability(probability: number): string {
  if (probability < 0.0001) return '< 0.0001';
  return String(Number(probability.toPrecision(2)));
}

/** "p = 0.0012", or "p < 0.0001" when it is tiny. */
export function formatPValue(pValue: number): string {
  const formatted = formatProbability(pValue);
  return formatted.startsWith('<') ? `p ${formatted}` : `p = ${formatted}`;
}

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

/**
 * The widest deviation from the median, in percent of it: every sample lies within ±this.
 * Takes the fields it reads rather than stats' Summary, so common/ imports nothing.
 */
export function spreadPercent(summary: { median: number; min: number; max: number }): number {
  if (summary.median === 0) return 0;
  return (Math.max(summary.max - summary.median, summary.median - summary.min) / summary.median) * 100;
}

/** `text` cut to `limit` characters, the last one an ellipsis when anything was cut. */
export function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
