// Scenarios that differ only in direction share one boot: same NIC, profile and link. Pure.
import type { Scenario } from '../model/plan.js';

export interface BootGroup {
  /** The scenarios' key without its last segment, the direction: `linux/e1000/tuned/rtt50ms`. */
  key: string;
  scenarios: Scenario[];
}

export function bootGroups(scenarios: readonly Scenario[]): BootGroup[] {
  const groups = new Map<string, BootGroup>();
  for (const scenario of scenarios) {
    // The plan made the key (config/plan.ts); its segments end with the direction.
    const key = scenario.key.slice(0, scenario.key.lastIndexOf('/'));
    const group = groups.get(key) ?? { key, scenarios: [] };
    group.scenarios.push(scenario);
    groups.set(key, group);
  }
  return [...groups.values()];
}
