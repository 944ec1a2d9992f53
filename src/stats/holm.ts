// Holm's step-down correction for testing many scenarios at once: with 20 scenarios each
// tested at 5%, one false regression per run would be the norm. Holm keeps the chance of
// any false one at alpha without assuming the tests are independent, and rejects at least
// what Bonferroni rejects.

/**
 * Adjusted p-values in the input order: sorted ascending, the i-th smallest (from 1) is
 * multiplied by m - i + 1, then a running maximum keeps them in the same order as the raw
 * ones, and nothing exceeds 1. Rejecting where adjusted <= alpha is Holm's procedure.
 * Equal p-values get equal adjusted values whatever their order.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  for (const p of pValues) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-values must lie in [0, 1]: ${pValues.join(', ')}`);
  }
  const m = pValues.length;
  const order = pValues.map((_, index) => index).sort((a, b) => pValues[a]! - pValues[b]!);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, position) => {
    running = Math.max(running, Math.min(1, (m - position) * pValues[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}
