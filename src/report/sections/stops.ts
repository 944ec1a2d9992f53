// How many pairs each scenario measured and why it stopped, for files judged with sequential looks:
// a look settled it, it reached the cap, or a cap on blocks or time stopped replacing. Collapsed:
// the verdict's cell already gives the pairs; this says why there were that many.
import type { Verdict } from '../../model/verdicts.js';
import { escapeMarkdown } from '../markdown.js';
import { details } from './details.js';

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Undefined when no verdict records why it stopped (the fixed design, or files before looks). */
export function renderStops(verdicts: readonly Verdict[]): string | undefined {
  const stopped = verdicts.filter((v) => v.pairs?.stop !== undefined);
  if (stopped.length === 0) return undefined;
  const settled = stopped.filter((v) => v.pairs!.stop!.startsWith('settled')).length;
  const items = stopped.map(
    (v) => `- ${escapeMarkdown(v.key)}: ${plural(v.pairs!.used, 'pair')}, ${escapeMarkdown(v.pairs!.stop!)}`,
  );
  return details(`Pairs: ${settled} of ${plural(stopped.length, 'scenario')} settled before the cap`, items);
}
