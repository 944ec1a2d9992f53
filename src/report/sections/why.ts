// "Why it changed": under the table, each changed scenario's inputs base → head, as the guests
// applied them, with the profile line that sets each. Scenarios with the same differences (one
// profile across NICs and directions) share one list.
import type { Verdict } from '../../model/verdicts.js';
import { differenceText, type DifferenceStyle } from '../input-differences.js';
import { escapeMarkdown } from '../markdown.js';
import { VERDICT_ICONS } from '../verdict-labels.js';
import { tcpStatsChangeText } from '../tcp-stats-text.js';

/** Scenario keys named on one group's line; the rest are counted. */
const KEYS_PER_GROUP = 6;

// A sysctl's name as code where it looks like one (`net.ipv4.tcp_wmem`): nothing there is markup.
const SYSCTL_NAME = /^[A-Za-z0-9_]+([./][A-Za-z0-9_-]+)+$/;

const MARKDOWN: DifferenceStyle = {
  name: (input) => (SYSCTL_NAME.test(input) ? `\`${input}\`` : escapeMarkdown(input)),
  text: escapeMarkdown,
};

function scenariosLine(group: readonly Verdict[]): string {
  const named = group
    .slice(0, KEYS_PER_GROUP)
    .map((v) => `${VERDICT_ICONS[v.kind]} ${escapeMarkdown(v.key)}`);
  const rest = group.length - named.length;
  return `- ${named.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
}

/**
 * With `tcp-stats` measured: what TCP on the sending side did, base → head, per scenario (a
 * capped send buffer shows as a smaller window). One line where the group is one scenario.
 */
function tcpLines(group: readonly Verdict[]): string[] {
  const measured = group.slice(0, KEYS_PER_GROUP).filter((v) => v.tcpStats !== undefined);
  return measured.flatMap((v) => {
    const text = tcpStatsChangeText(v.tcpStats!.base, v.tcpStats!.head);
    if (text === '') return [];
    const whose = group.length === 1 ? '' : `, ${escapeMarkdown(v.key)}`;
    return [`  - TCP sender${whose} (median of the blocks): ${text}`];
  });
}

/** Undefined when no verdict says what changed (no paired run, or no changed scenario). */
export function renderWhy(verdicts: readonly Verdict[]): string | undefined {
  const groups = new Map<string, Verdict[]>();
  for (const verdict of verdicts) {
    if (verdict.inputs === undefined) continue;
    const same = JSON.stringify(verdict.inputs);
    groups.set(same, [...(groups.get(same) ?? []), verdict]);
  }
  if (groups.size === 0) return undefined;
  const items = [...groups.values()].flatMap((group) => {
    const { differences, more } = group[0]!.inputs!;
    return [
      scenariosLine(group),
      ...differences.map((d) => `  - ${differenceText(d, MARKDOWN)}`),
      ...(more === undefined ? [] : [`  - … ${more} more`]),
      ...tcpLines(group),
    ];
  });
  return ['**Why it changed** (inputs base → head, as the guests applied them)', '', ...items].join('\n');
}
