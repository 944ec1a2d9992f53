// Row labels for scenario keys (`linux/virtio-net-pci/tuned/rtt100ms-rate300mbit/send`): only the
// segments that differ between the scenarios shown (`virtio-net-pci · tuned`), the shared ones
// stated once. Labels wider than asked are shortened by whole values, never cut inside a word:
// first a value's leading words (`virtio`), then a code per value (`L1`), at last one code per
// scenario (`S1`), each named in a legend. Pure. Labels are made of the key's own safe characters, so they can stand in a code block or on
// a console line as they are.
import { codeForm, wordsForm, type ColumnForm } from './label-forms.js';
import { textColumns } from './text-width.js';

const SEPARATOR = ' · ';
/** Where a key has fewer segments than the others. No segment reads so: each starts with [A-Za-z0-9_]. */
const ABSENT = '-';
/** The code letter of a whole scenario, when even coded columns are too wide. */
const SCENARIO_LETTER = 'S';

/** A short form in a label and what it stands for. */
export interface Abbreviation {
  short: string;
  value: string;
}

export interface ScenarioLabels {
  /** One per key, in order; unique. */
  labels: string[];
  /** Segments every key has in the same place, in key order (`linux`, `rtt50ms`, `send`). */
  shared: string[];
  /** Each short form the labels use, once, with its value; no two share a short form. */
  legend: Abbreviation[];
}

/**
 * How far labels may be shortened, each step only where the one before is not enough: `words`, a
 * value's leading words; `codes`, also a code per value; `scenarios`, also one code per scenario.
 */
export type Shortening = 'words' | 'codes' | 'scenarios';

/**
 * Labels of the segments that differ between `keys`, joined with ` · `, each at most `maxColumns`
 * wide where `upTo` allows (wider where it does not). A lone key (nothing differs) keeps all its
 * segments.
 */
export function scenarioLabels(
  keys: readonly string[],
  maxColumns = Infinity,
  upTo: Shortening = 'scenarios',
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

  const columns = shown.map((p) => split.map((segments) => segments[p] ?? ABSENT));
  const forms = shortenColumns(columns, shown, width, maxColumns, upTo === 'words' ? 1 : 2);
  const labelOf = (row: number): string =>
    columns.map((values, c) => forms[c]!.get(values[row]!)!).join(SEPARATOR);
  const labels = unique(keys.map((_, row) => labelOf(row)));
  const tooWide = labels.some((label) => textColumns(label) > maxColumns);
  if (upTo !== 'scenarios' || !tooWide) return { labels, shared, legend: legendOf(forms) };
  const whole = unique(keys.map((_, row) => columns.map((values) => values[row]!).join(SEPARATOR)));
  return scenarioCodes(whole, shared, new Set(columns.flat()));
}

/**
 * One form per column, the whole values at first. While the widest label is too wide, the widest
 * column that can give takes its words form; when none can, its codes (the first `steps` of these).
 */
function shortenColumns(
  columns: readonly string[][],
  shown: readonly number[],
  segments: number,
  maxColumns: number,
  steps: number,
): ColumnForm[] {
  const forms: ColumnForm[] = columns.map((values) => new Map(values.map((value) => [value, value])));
  const columnWidth = (form: ColumnForm): number => Math.max(...[...form.values()].map(textColumns));
  const widest = (): number =>
    Math.max(
      ...columns[0]!.map((_, row) =>
        columns.reduce(
          (sum, values, c) => sum + textColumns(forms[c]!.get(values[row]!)!),
          textColumns(SEPARATOR) * (columns.length - 1),
        ),
      ),
    );
  // Short forms must read as one value only: never as a value shown whole, nor another column's.
  const reserved = (except: number): Set<string> =>
    new Set([...columns.flat(), ...forms.flatMap((form, c) => (c === except ? [] : [...form.values()]))]);
  const keep = (value: string): boolean => value === ABSENT;
  const shorter: ((c: number) => ColumnForm | undefined)[] = [
    (c) => wordsForm(columns[c]!, reserved(c), keep),
    (c) => codeForm(columns[c]!, shown[c]!, segments, reserved(c), keep),
  ];
  for (const step of shorter.slice(0, steps)) {
    const tried = new Set<number>();
    while (columns.length > 0 && widest() > maxColumns) {
      const candidates = columns.map((_, c) => c).filter((c) => !tried.has(c));
      if (candidates.length === 0) break;
      const c = candidates.reduce((a, b) => (columnWidth(forms[b]!) > columnWidth(forms[a]!) ? b : a));
      tried.add(c);
      const form = step(c);
      if (form !== undefined && columnWidth(form) < columnWidth(forms[c]!)) forms[c] = form;
    }
  }
  return forms;
}

/** Labels too wide even with every column coded: one code per scenario (`S1`), its whole label in the legend. */
function scenarioCodes(
  labels: readonly string[],
  shared: string[],
  values: ReadonlySet<string>,
): ScenarioLabels {
  const codes = new Map<string, string>();
  let n = 0;
  for (const label of labels) {
    if (codes.has(label)) continue;
    // A code never reads as a value of the keys (a profile named `S1`).
    do n += 1;
    while (values.has(`${SCENARIO_LETTER}${n}`));
    codes.set(label, `${SCENARIO_LETTER}${n}`);
  }
  return {
    labels: unique(labels.map((label) => codes.get(label)!)),
    shared,
    legend: [...codes].map(([value, short]) => ({ short, value })),
  };
}

/** The short forms in use, column by column, each value once. */
function legendOf(forms: readonly ColumnForm[]): Abbreviation[] {
  return forms.flatMap((form) =>
    [...form].filter(([value, short]) => short !== value).map(([value, short]) => ({ short, value })),
  );
}

/**
 * A segment as a label shows it: characters outside the key alphabet become `_`, and so does a
 * first character that is not a letter or digit (a console line must never start with `::`).
 */
function safeSegment(segment: string): string {
  const safe = segment.replace(/[^A-Za-z0-9._:=+@%-]/g, '_');
  return safe === '' ? '_' : safe.replace(/^[^A-Za-z0-9]/, '_');
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
