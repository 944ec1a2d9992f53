// Ranks shared by the rank tests (Wilcoxon signed-rank; the benchmark's retired Mann–Whitney). Pure.

/**
 * Twice the midranks (tied values share the mean of their ranks), which are always
 * integers, so rank sums can index an array exactly. Also the size of each tie group.
 */
export function doubledMidranks(values: readonly number[]): { doubledRanks: Int32Array; tieSizes: number[] } {
  const order = values.map((_, index) => index).sort((a, b) => values[a]! - values[b]!);
  const doubledRanks = new Int32Array(values.length);
  const tieSizes: number[] = [];
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    // Positions start..end-1 hold ranks start+1..end; twice their mean is start+1+end.
    for (let i = start; i < end; i++) doubledRanks[order[i]!] = start + 1 + end;
    if (end - start > 1) tieSizes.push(end - start);
    start = end;
  }
  return { doubledRanks, tieSizes };
}
