// The blocks a paired run dropped as disturbed, per scenario, collapsed: the verdicts rest on the
// pairs that remain, and a reader checking a surprising verdict looks here.
import type { Verdict } from '../../model/verdicts.js';
import { escapeMarkdown } from '../markdown.js';
import { details } from './details.js';

/** Undefined when no verdict dropped a block, stopped short or retried iperf3. */
export function renderDroppedBlocks(verdicts: readonly Verdict[]): string | undefined {
  const withDrops = verdicts.filter(
    (v) =>
      v.pairs !== undefined &&
      (v.pairs.dropped.length > 0 || v.pairs.stopped !== undefined || (v.pairs.retries ?? 0) > 0),
  );
  if (withDrops.length === 0) return undefined;
  const retries = withDrops.reduce((n, v) => n + (v.pairs!.retries ?? 0), 0);
  let total = 0;
  const items = withDrops.flatMap((v) => {
    const { used, dropped } = v.pairs!;
    total += dropped.length;
    const { stopped, retries: retried = 0 } = v.pairs!;
    const retryNote = retried > 0 ? `, ${retried} iperf3 retr${retried === 1 ? 'y' : 'ies'}` : '';
    return [
      `- ${escapeMarkdown(v.key)}: ${dropped.length} dropped, ${used} pair${used === 1 ? '' : 's'} used${retryNote}${stopped ? ` (${escapeMarkdown(stopped)})` : ''}`,
      ...dropped.map((d) => `  - block ${d.block}: ${escapeMarkdown(d.reason)}`),
    ];
  });
  const scenarios = `${withDrops.length} scenario${withDrops.length === 1 ? '' : 's'}`;
  const retryTitle = retries > 0 ? `; iperf3 retries: ${retries}` : '';
  return details(`Dropped blocks: ${total} in ${scenarios}${retryTitle}`, items);
}
