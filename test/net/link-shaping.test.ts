import { parseLinks } from '../../src/config/link.js';
import type { Scenario } from '../../src/model/plan.js';
import { formatRate, linkRefusal, linkShaping, netemArgs } from '../../src/net/link-shaping.js';
import { GUEST_CATALOG } from '../../src/guest/registry.js';

/** Whether a guest's OS shapes its own link, as the engine asks the guest registry. */
const shapesOwnLink = (guest: string): boolean => GUEST_CATALOG.guest(guest).os.shapesOwnLink;

describe('netemArgs', () => {
  it('is empty for lan', () => {
    expect(netemArgs(parseLinks('lan')[0]!)).toEqual([]);
  });

  it('puts the whole RTT into one delay', () => {
    expect(netemArgs(parseLinks('rtt=50ms')[0]!)).toEqual(['delay', '50ms', 'limit', '100000']);
  });

  it('adds loss and rate in tc syntax', () => {
    expect(netemArgs(parseLinks('rtt=50ms,loss=0.1%,rate=100mbit')[0]!)).toEqual([
      'delay',
      '50ms',
      'loss',
      '0.1%',
      'rate',
      '100mbit',
      'limit',
      '100000',
    ]);
  });

  it('shapes lan with loss without adding delay', () => {
    expect(netemArgs(parseLinks('lan,rate=12345')[0]!)).toEqual(['rate', '12345bit', 'limit', '100000']);
  });
});

describe('linkShaping', () => {
  const wan = parseLinks('rtt=100ms,loss=0.1%,rate=300mbit')[0]!;
  const whole = ['delay', '100ms', 'loss', '0.1%', 'rate', '300mbit', 'limit', '100000'];
  const half = ['delay', '50ms', 'loss', '0.1%', 'rate', '300mbit', 'limit', '100000'];

  it('makes the link symmetric where host and guest both shape: half the RTT, the whole rate and loss on each egress', () => {
    expect(linkShaping(wan, true, true)).toEqual({ appliedAt: 'both', host: half, guest: half });
  });

  it('puts everything on the one side that can shape', () => {
    expect(linkShaping(wan, true, false)).toEqual({ appliedAt: 'host', host: whole, guest: [] });
    expect(linkShaping(wan, false, true)).toEqual({ appliedAt: 'guest', host: [], guest: whole });
  });

  it('shapes nothing on lan, wherever netem is', () => {
    for (const [hostNetem, guestShapes] of [
      [true, true],
      [true, false],
      [false, true],
    ] as const)
      expect(linkShaping(parseLinks('lan')[0]!, hostNetem, guestShapes)).toEqual({
        appliedAt: 'none',
        host: [],
        guest: [],
      });
  });

  it('halves an odd RTT into microseconds, which tc reads exactly', () => {
    expect(linkShaping(parseLinks('rtt=25ms')[0]!, true, true).host).toEqual([
      'delay',
      '12500us',
      'limit',
      '100000',
    ]);
  });
});

describe('linkRefusal', () => {
  const scenario = (guest: Scenario['guest'], spec: string): Scenario => {
    const link = parseLinks(spec)[0]!;
    return {
      key: `${guest}/e1000/stock/${link.name}/send`,
      guest,
      nic: 'e1000',
      profile: { name: 'stock', source: 'builtin', sysctls: [] },
      link,
      direction: 'send',
    };
  };

  it('refuses a BSD scenario with a shaped link where the host has no sch_netem, naming it and the fix', () => {
    const refusal = linkRefusal(
      [scenario('linux', 'rtt=50ms'), scenario('freebsd-14.3', 'rtt=50ms')],
      false,
      shapesOwnLink,
    );
    expect(refusal).toMatch(
      /^freebsd-14\.3\/e1000\/stock\/rtt50ms\/send: these guests cannot shape their own link/,
    );
    expect(refusal).toContain('sch_netem');
    expect(refusal).not.toContain('linux/');
  });

  it('lets it run where the host has netem, and lets unshaped BSD links and Linux guests run anywhere', () => {
    expect(linkRefusal([scenario('freebsd-14.3', 'rtt=50ms')], true, shapesOwnLink)).toBeUndefined();
    expect(linkRefusal([scenario('netbsd-10.1', 'lan')], false, shapesOwnLink)).toBeUndefined();
    expect(
      linkRefusal([scenario('linux', 'rtt=50ms'), scenario('debian-12', 'rtt=50ms')], false, shapesOwnLink),
    ).toBeUndefined();
  });
});

describe('formatRate', () => {
  it('uses the largest unit that divides the rate', () => {
    expect(formatRate(1e9)).toBe('1gbit');
    expect(formatRate(1.5e9)).toBe('1500mbit');
    expect(formatRate(500e3)).toBe('500kbit');
    expect(formatRate(8001)).toBe('8001bit');
  });
});
