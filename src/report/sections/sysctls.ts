// The sysctls each tuning profile applied, as one table.
import type { ScenarioResult } from '../../model/results.js';
import { MARKDOWN_CELLS } from '../cells.js';
import { escapeMarkdown } from '../markdown.js';

interface ProfileSysctls {
  sources: Set<string>;
  /** Keyed by name and value, so each pair is listed once. */
  sysctls: Map<string, { name: string; value: string }>;
}

/** Table lines, grouped by profile name in order of first appearance; each name=value pair once. */
export function renderSysctls(scenarios: readonly ScenarioResult[]): string[] {
  const profiles = new Map<string, ProfileSysctls>();
  for (const s of scenarios) {
    let profile = profiles.get(s.profile.name);
    if (profile === undefined) {
      profile = { sources: new Set(), sysctls: new Map() };
      profiles.set(s.profile.name, profile);
    }
    profile.sources.add(s.profile.source);
    for (const sysctl of s.appliedSysctls) {
      profile.sysctls.set(JSON.stringify([sysctl.name, sysctl.value]), sysctl);
    }
  }
  if (profiles.size === 0) return ['No scenarios.'];
  const none = MARKDOWN_CELLS.placeholder;
  const lines = ['| profile | sysctl | value |', '| --- | --- | --- |'];
  for (const [name, profile] of profiles) {
    const label = `${escapeMarkdown(name)} (${[...profile.sources].map(escapeMarkdown).join(', ')})`;
    const sysctls = [...profile.sysctls.values()];
    if (sysctls.length === 0) {
      lines.push(`| ${label} | ${none} | ${none} |`);
      continue;
    }
    sysctls.forEach((sysctl, i) => {
      lines.push(
        `| ${i === 0 ? label : ''} | ${escapeMarkdown(sysctl.name)} | ${escapeMarkdown(sysctl.value)} |`,
      );
    });
  }
  return lines;
}
