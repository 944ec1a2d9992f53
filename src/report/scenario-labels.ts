// Row labels for scenario keys (`linux/virtio-net-pci/tuned/rtt50ms/send`): only the segments that
// differ between the scenarios shown (`virtio-net-pci · tuned`), the shared ones stated once. Pure.
// Labels are made of the key's own safe characters, so they can stand in a code block or on a
// console line as they are.

/** Longest label, in characters, unless cutting further would make segments ambiguous. */
export const MAX_LABEL_LENGTH = 40;

const SEPARATOR = ' · ';
/** Where a key has fewer segments than the others. No segment reads so: each starts with [A-Za-z0-9_]. */
const ABSENT = '-';
/** A cut segment keeps at least this many characters before its ellipsis. */
const MIN_KEPT = 4;

export interface ScenarioLabels {
  /** One per key, in order; unique. */
  labels: string[];
  /** Segments every key has in the same place, in key order (`linux`, `rtt50ms`, `send`). */
  shared: string[];
}

/**
 * Labels of the segments that differ between `keys`, joined with ` · `. When a label is longer than
 * `maxLength`, the longest column is cut at its end with an ellipsis, the same for every row, but
 * never so far that two values of that column read alike. A lone key (nothing differs) keeps all
 * its segments.
 */
export function scenarioLabels(
  keys: readonly string[],
  maxLength: number = MAX_LABEL_LENGTH,
): ScenarioLabels {
  const raw = keys.map((key) => key.split('/'));
  const split = raw.map((segments) => segments.map(safeSegment));
  const width = Math.max(0, ...raw.map((segments) => segments.length));
  const positions = Array.from({ length: width }, (_, p) => p);
  // Compared as written: segments that differ only in replaced characters still differ.
  const isShared = (p: number): boolean => raw.every((s) => s.length > p && s[p] === raw[0]![p]);
  const differing = positions.filter((p) => !isShared(p));
  // A lone key (or keys alike): nothing differs, so the label is the whole key.
  const shown = differing.length > 0 ? differing : positions;
  const shared = differing.length > 0 ? positions.filter(isShared).map((p) => split[0]![p]!) : [];

  const columns = shown.map((p) => column(split.map((segments) => segments[p] ?? ABSENT)));
  const caps = shortenColumns(columns, maxLength);
  const labels = keys.map((_, row) => columns.map((cells, c) => cut(cells[row]!, caps[c]!)).join(SEPARATOR));
  return { labels: unique(labels), shared };
}

/** A value in a column, and the fewest characters it can be shown in, ellipsis included. */
interface Cell {
  value: string;
  shortest: number;
}

/**
 * The kept start of a cut value is no other value's start, so a cut still names one value of the
 * column: `virtio-net-pci` beside `virtio-net-pci-v2` is never cut.
 */
function column(values: readonly string[]): Cell[] {
  const distinct = [...new Set(values)];
  return values.map((value) => {
    let common = 0;
    for (const other of distinct) {
      if (other === value) continue;
      let n = 0;
      while (n < value.length && n < other.length && value[n] === other[n]) n += 1;
      common = Math.max(common, n);
    }
    const kept = Math.max(MIN_KEPT, common + 1);
    return { value, shortest: kept + 1 >= value.length ? value.length : kept + 1 };
  });
}

/**
 * A segment as a label shows it: characters outside the key alphabet become `_`, and so does a
 * first character that is not a letter or digit (a console line must never start with `::`).
 */
function safeSegment(segment: string): string {
  const safe = segment.replace(/[^A-Za-z0-9._:=+@%-]/g, '_');
  return safe === '' ? '_' : safe.replace(/^[^A-Za-z0-9]/, '_');
}

/** Per column, the longest value shown; lowered one step at a time on the longest column that can give. */
function shortenColumns(columns: readonly Cell[][], maxLength: number): number[] {
  const caps = columns.map((cells) => Math.max(...cells.map((cell) => cell.value.length)));
  const rows = columns[0]?.length ?? 0;
  const labelLength = (row: number): number =>
    columns.reduce(
      (sum, cells, c) => sum + cut(cells[row]!, caps[c]!).length,
      SEPARATOR.length * (columns.length - 1),
    );
  while (Array.from({ length: rows }, (_, row) => labelLength(row)).some((n) => n > maxLength)) {
    let best = -1;
    let bestLength = 0;
    columns.forEach((cells, c) => {
      const shown = cells.map((cell) => cut(cell, caps[c]!).length);
      const longest = Math.max(...shown);
      const canGive = cells.some((cell, row) => shown[row]! > cell.shortest);
      if (canGive && longest > bestLength) [best, bestLength] = [c, longest];
    });
    if (best < 0) break;
    caps[best] = bestLength - 1;
  }
  return caps;
}

/** The cell's value cut to `cap` characters with an ellipsis, never shorter than it can be. */
function cut({ value, shortest }: Cell, cap: number): string {
  if (value.length <= cap) return value;
  const length = Math.max(cap, shortest);
  return length >= value.length ? value : `${value.slice(0, length - 1)}…`;
}

/** Repeats (equal keys, or keys that differ only in characters made `_`) get `~2`, `~3`. */
function unique(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  return labels.map((label) => {
    let result = label;
    for (let n = 2; seen.has(result); n += 1) result = `${label}~${n}`;
    seen.add(result);
    return result;
  });
}
