// The cells a verdict fills in a table, for the markdown report and the console alike: one place
// decides what is shown for a missing value and how an interval follows its change.
import { formatBitrate, formatChange, formatPValue } from '../common/format.js';
import type { Verdict } from '../model/verdicts.js';

export interface CellStyle {
  /** Shown where a value is missing. */
  placeholder: string;
  /** Wraps the confidence interval's formatted bounds, or its level in the header. */
  interval: { open: string; separator: string; close: string };
}

/** Markdown: an em dash for nothing, `-8.2% (-10.1% … -6.0%)`. */
export const MARKDOWN_CELLS: CellStyle = {
  placeholder: '—',
  interval: { open: '(', separator: ' … ', close: ')' },
};

/** Plain text, ASCII where it matters for alignment: `-`, `-8.2% [-10.1%, -6.0%]`. */
export const CONSOLE_CELLS: CellStyle = {
  placeholder: '-',
  interval: { open: '[', separator: ', ', close: ']' },
};

const usable = (value: number | undefined): value is number => value !== undefined && Number.isFinite(value);

/** The medians a verdict carries; kinds without a comparison lack one or both. */
export function mediansOf(v: Verdict): { baseline?: number; current?: number } {
  return {
    baseline: 'baselineMedian' in v ? v.baselineMedian : undefined,
    current: 'currentMedian' in v ? v.currentMedian : undefined,
  };
}

/** `940 Mbit/s`, or the placeholder. */
export function bitrateCell(value: number | undefined, style: CellStyle): string {
  return usable(value) ? formatBitrate(value) : style.placeholder;
}

/**
 * `-8.2%` followed by its interval when the verdict has one, or the placeholder. A bound that is not
 * finite (files of earlier versions wrote +Infinity) is unknown: `?`.
 */
export function changeCell(v: Verdict, style: CellStyle): string {
  if (!('relativeChange' in v) || !usable(v.relativeChange)) return style.placeholder;
  const ci = 'confidenceInterval' in v ? v.confidenceInterval : undefined;
  if (ci === undefined) return formatChange(v.relativeChange);
  const { open, separator, close } = style.interval;
  const bound = (x: number): string => (Number.isFinite(x) ? formatChange(x) : '?');
  return `${formatChange(v.relativeChange)} ${open}${bound(ci.low)}${separator}${bound(ci.high)}${close}`;
}

/** `p = 0.004`, or the placeholder. */
export function pValueCell(v: Verdict, style: CellStyle): string {
  return 'pValue' in v && usable(v.pValue) ? formatPValue(v.pValue) : style.placeholder;
}

/** `change (95% CI)`: the level when every interval shares one, `change (CI)` when they differ. */
export function changeHeader(verdicts: readonly Verdict[], style: CellStyle): string {
  const levels = new Set(
    verdicts.flatMap((v) =>
      'confidenceInterval' in v && v.confidenceInterval ? [v.confidenceInterval.level] : [],
    ),
  );
  if (levels.size === 0) return 'change';
  const { open, close } = style.interval;
  const [level] = [...levels];
  const label = levels.size === 1 ? `${Number((level! * 100).toFixed(1))}% CI` : 'CI';
  return `change ${open}${label}${close}`;
}
