// A text forest plot: each scenario's change as a dot and its interval as a bar, around a zero
// line, on one scale for all rows. Monospace text reads the same in a comment, a job summary and a
// terminal, and unlike mermaid's charts it can draw an interval. Pure.

/** Columns either side of zero: the plot is twice this plus one wide. */
export const HALF_WIDTH = 15;
/** The smallest half-width of the scale (1%): a flat matrix is not blown up to fill the plot. */
const MIN_SCALE = 0.01;

export interface Scale {
  /** The relative change at either edge (0.2: the plot spans -20% to +20%). */
  half: number;
  /** Columns from zero to the ±threshold marks; absent when there is no threshold or it would sit on zero. */
  thresholdColumns?: number;
}

export interface Estimate {
  /** Relative change, finite. */
  change: number;
  /** The interval, when there is one; a bound that is not finite is unknown. */
  interval?: { low: number; high: number };
}

/**
 * Symmetric around zero, wide enough for every finite change and bound, and with the threshold
 * well inside the edges; rounded up to 1, 2, 2.5 or 5 times a power of ten.
 */
export function chooseScale(estimates: readonly Estimate[], threshold?: number): Scale {
  const values = estimates.flatMap((e) => [e.change, e.interval?.low, e.interval?.high]);
  const finite = values.filter((x): x is number => x !== undefined && Number.isFinite(x));
  const usableThreshold = threshold !== undefined && Number.isFinite(threshold) && threshold > 0;
  const extent = Math.max(MIN_SCALE, ...finite.map(Math.abs), usableThreshold ? threshold * 1.25 : 0);
  const half = niceCeiling(extent);
  const columns = usableThreshold ? Math.round((threshold / half) * HALF_WIDTH) : 0;
  return columns > 0 ? { half, thresholdColumns: columns } : { half };
}

/** 1, 2, 2.5 or 5 times a power of ten, at least `value` (positive). */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  // The tolerance keeps 0.05 at 0.05, where 5 × 0.01 may land a hair below it.
  const step = [1, 2, 2.5, 5, 10].find((factor) => factor * power >= value * (1 - 1e-9)) ?? 10;
  return step * power;
}

/** The column of a change, clamped to the plot; rounded alike either side of zero. */
function columnOf(change: number, scale: Scale): number {
  const offset = Math.sign(change) * Math.round((Math.abs(change) / scale.half) * HALF_WIDTH);
  return HALF_WIDTH + Math.max(-HALF_WIDTH, Math.min(HALF_WIDTH, offset));
}

/**
 * One row of the plot: `│` is no change, `:` the ±threshold, `├──●──┤` the interval and the
 * estimate, `┼` where the interval crosses zero, `<` or `>` an end that is unknown.
 */
export function plotRow(estimate: Estimate, scale: Scale): string {
  const cells = background(scale);
  const { interval } = estimate;
  if (interval !== undefined) {
    const lowKnown = Number.isFinite(interval.low);
    const highKnown = Number.isFinite(interval.high);
    let from = lowKnown ? columnOf(interval.low, scale) : 0;
    let to = highKnown ? columnOf(interval.high, scale) : 2 * HALF_WIDTH;
    // Bounds in the wrong order (a hand-edited file) are still drawn as the span they name.
    if (from > to) [from, to] = [to, from];
    for (let c = from; c <= to; c += 1) cells[c] = c === HALF_WIDTH ? '┼' : '─';
    if (from < to) {
      cells[from] = lowKnown ? '├' : '<';
      cells[to] = highKnown ? '┤' : '>';
    }
  }
  cells[columnOf(estimate.change, scale)] = '●';
  return cells.join('');
}

function background(scale: Scale): string[] {
  const cells = Array.from({ length: 2 * HALF_WIDTH + 1 }, () => ' ');
  const t = scale.thresholdColumns;
  if (t !== undefined && t <= HALF_WIDTH) cells[HALF_WIDTH - t] = cells[HALF_WIDTH + t] = ':';
  cells[HALF_WIDTH] = '│';
  return cells;
}

/**
 * The scale above the rows, as wide as a row: `-20%` at the left edge, `0` over the zero line,
 * `+20%` at the right edge, and the thresholds where they fit between them.
 */
export function axisRow(scale: Scale, threshold?: number): string {
  const cells = Array.from({ length: 2 * HALF_WIDTH + 1 }, () => ' ');
  const taken: boolean[] = cells.map(() => false);
  const place = (text: string, start: number): void => {
    const end = start + text.length;
    if (start < 0 || end > cells.length) return;
    // One blank column between labels, or they run together.
    for (let c = Math.max(0, start - 1); c < Math.min(cells.length, end + 1); c += 1) if (taken[c]) return;
    for (let c = start; c < end; c += 1) [cells[c], taken[c]] = [text[c - start]!, true];
  };
  const centred = (text: string, column: number): void =>
    place(text, column - Math.floor((text.length - 1) / 2));
  centred('0', HALF_WIDTH);
  place(tick(-scale.half), 0);
  const right = tick(scale.half);
  place(right, cells.length - right.length);
  const t = scale.thresholdColumns;
  if (t !== undefined && threshold !== undefined) {
    centred(tick(-threshold), HALF_WIDTH - t);
    centred(tick(threshold), HALF_WIDTH + t);
  }
  return cells.join('');
}

/** `-20%`, `+2.5%`: a scale mark, without trailing zeros. */
function tick(change: number): string {
  const percent = Number((Math.abs(change) * 100).toFixed(1));
  return `${change < 0 ? '-' : '+'}${percent}%`;
}
