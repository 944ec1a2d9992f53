import { bootGroups } from '../../src/engine/groups.js';
import type { Direction, Scenario } from '../../src/model/plan.js';

function scenario(nic: string, profile: string, link: string, direction: Direction): Scenario {
  return {
    key: `linux/${nic}/${profile}/${link}/${direction}`,
    guest: 'linux',
    nic,
    profile: { name: profile, source: 'builtin', sysctls: [] },
    link: { name: link, spec: link, rttMs: 0, lossPct: 0, rateBitsPerSec: 0 },
    direction,
  };
}

describe('bootGroups', () => {
  it('shares one boot between directions of the same NIC, profile and link', () => {
    const scenarios = [
      scenario('e1000', 'stock', 'lan', 'send'),
      scenario('e1000', 'stock', 'lan', 'receive'),
      scenario('e1000', 'tuned', 'lan', 'send'),
      scenario('virtio-net-pci', 'stock', 'lan', 'send'),
      scenario('e1000', 'stock', 'rtt50ms', 'send'),
    ];
    const groups = bootGroups(scenarios);
    expect(groups.map((group) => group.key)).toEqual([
      'linux/e1000/stock/lan',
      'linux/e1000/tuned/lan',
      'linux/virtio-net-pci/stock/lan',
      'linux/e1000/stock/rtt50ms',
    ]);
    expect(groups[0]!.scenarios.map((s) => s.key)).toEqual([
      'linux/e1000/stock/lan/send',
      'linux/e1000/stock/lan/receive',
    ]);
    expect(groups.slice(1).every((group) => group.scenarios.length === 1)).toBe(true);
  });

  it('keeps the direction order given, even when a group is interleaved with others', () => {
    const groups = bootGroups([
      scenario('e1000', 'stock', 'lan', 'receive'),
      scenario('e1000e', 'stock', 'lan', 'receive'),
      scenario('e1000', 'stock', 'lan', 'send'),
      scenario('e1000e', 'stock', 'lan', 'send'),
    ]);
    expect(groups).toHaveLength(2);
    expect(groups[0]!.scenarios.map((s) => s.direction)).toEqual(['receive', 'send']);
    expect(groups[1]!.scenarios.map((s) => s.direction)).toEqual(['receive', 'send']);
  });

  it('puts every scenario in exactly one group', () => {
    const scenarios = ['e1000', 'e1000e'].flatMap((nic) =>
      ['stock', 'tuned'].flatMap((profile) =>
        ['lan', 'rtt50ms'].flatMap((link) =>
          (['send', 'receive'] as const).map((direction) => scenario(nic, profile, link, direction)),
        ),
      ),
    );
    const groups = bootGroups(scenarios);
    expect(groups).toHaveLength(8);
    expect(groups.flatMap((group) => group.scenarios)).toHaveLength(16);
    expect(new Set(groups.flatMap((group) => group.scenarios))).toEqual(new Set(scenarios));
  });

  it("names a group by the plan's key, without its direction", () => {
    // The key the plan made names the group; the scenario's fields are not joined again.
    const named = { ...scenario('e1000', 'stock', 'lan', 'send'), key: 'freebsd/e1000/stock/lan/send' };
    expect(bootGroups([named]).map((group) => group.key)).toEqual(['freebsd/e1000/stock/lan']);
  });

  it('returns no groups for no scenarios', () => {
    expect(bootGroups([])).toEqual([]);
  });
});
