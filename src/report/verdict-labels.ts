// How verdict kinds read: their icons, their order of urgency and the headline that counts them.
import type { Verdict, VerdictKind } from '../model/verdicts.js';

export const VERDICT_ICONS: Readonly<Record<VerdictKind, string>> = {
  regression: '🔴',
  improvement: '🟢',
  unchanged: '⚪',
  inconclusive: '🟡',
  new: '🆕',
  missing: '❔',
  'inputs-unchanged': '➖',
  error: '❌',
};

/** What needs attention first: the order of a headline and of a report's rows. */
const ATTENTION_ORDER: readonly VerdictKind[] = [
  'regression',
  'error',
  'improvement',
  'inconclusive',
  'missing',
  'new',
  'unchanged',
  'inputs-unchanged',
];

// Adjectives have no plural.
const UNCOUNTABLE: ReadonlySet<VerdictKind> = new Set([
  'unchanged',
  'inconclusive',
  'new',
  'missing',
  'inputs-unchanged',
]);

function plural(count: number, kind: VerdictKind): string {
  return `${count} ${count === 1 || UNCOUNTABLE.has(kind) ? kind : `${kind}s`}`;
}

/** "2 regressions, 1 improvement, 9 unchanged". */
export function renderHeadline(verdicts: readonly Verdict[]): string {
  const counts = ATTENTION_ORDER.map(
    (kind) => [kind, verdicts.filter((v) => v.kind === kind).length] as const,
  );
  const parts = counts.filter(([, count]) => count > 0).map(([kind, count]) => plural(count, kind));
  return parts.length > 0 ? parts.join(', ') : 'no scenarios';
}

/** Most urgent first; scenarios keep their order within a kind (Array.prototype.sort is stable). */
export function inAttentionOrder(verdicts: readonly Verdict[]): Verdict[] {
  return [...verdicts].sort((a, b) => ATTENTION_ORDER.indexOf(a.kind) - ATTENTION_ORDER.indexOf(b.kind));
}
