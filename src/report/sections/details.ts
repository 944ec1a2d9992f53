// Collapsed blocks: the reasons behind verdicts, or the failures when nothing was compared.
import type { ScenarioResult } from '../../model/results.js';
import type { Verdict } from '../../model/verdicts.js';
import { escapeMarkdown } from '../markdown.js';
import { isFailed } from '../scenario-summary.js';
import { VERDICT_ICONS } from '../verdict-labels.js';

/** A `<details>` block; `summary` and `body` must already be escaped. */
export function details(summary: string, body: readonly string[]): string {
  // Blank lines around the body let GitHub render markdown inside the HTML block.
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>'].join('\n');
}

/** Why each verdict other than unchanged was reached; undefined when all are unchanged. */
export function renderReasons(verdicts: readonly Verdict[]): string | undefined {
  const notable = verdicts.filter((v) => v.kind !== 'unchanged');
  if (notable.length === 0) return undefined;
  const items = notable.map((v) => {
    // The error is added unless the reason already quotes it.
    const error = v.kind === 'error' && !v.reason.includes(v.error) ? ` (${escapeMarkdown(v.error)})` : '';
    return `- ${VERDICT_ICONS[v.kind]} ${escapeMarkdown(v.key)}: ${escapeMarkdown(v.reason)}${error}`;
  });
  return details(
    `Why: ${notable.length} verdict${notable.length === 1 ? '' : 's'} other than unchanged`,
    items,
  );
}

/** What went wrong in each failed scenario; undefined when none failed. */
export function renderFailures(scenarios: readonly ScenarioResult[]): string | undefined {
  const failed = scenarios.filter(isFailed);
  if (failed.length === 0) return undefined;
  const items = failed.map(
    (s) => `- ${VERDICT_ICONS.error} ${escapeMarkdown(s.key)}: ${escapeMarkdown(s.error ?? 'no samples')}`,
  );
  return details(`Failed scenarios: ${failed.length}`, items);
}
