// Scenarios that differ only in direction share one boot: same NIC, profile and link. Pure.
import type { Scenario } from '../model/plan.js';

export interface BootGroup {
  key: string;
  scenarios: Scenario[];
}

export function bootGroups(scenarios: readonly Scenario[]): BootGroup[] {
  const groups = new Map<string, BootGroup>();
  for (const scenario of scenarios) {
    const key = `${scenario.guest}/${scenario.nic}/${scenario.profile.name}/${scenario.link.name}`;
    const group = groups.get(key) ?? { key, scenarios: [] };
    group.scenarios.push(scenario);
    groups.set(key, group);
  }
  return [...groups.values()];
}
