// Numbers as a person reads them in a verdict's reason.

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
