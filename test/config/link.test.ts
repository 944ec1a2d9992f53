import { InputError } from '../../src/common/errors.js';
import { formatRate, linkRefusal, linkShaping, netemArgs, parseLinks } from '../../src/config/link.js';
import type { Scenario } from '../../src/model/plan.js';

describe('parseLinks', () => {
  it('parses lan and an rtt link as two links', () => {
    expect(parseLinks('lan,rtt=50ms')).toEqual([
      { name: 'lan', spec: 'lan', rttMs: 0, lossPct: 0, rateBitsPerSec: 0 },
      { name: 'rtt50ms', spec: 'rtt=50ms', rttMs: 50, lossPct: 0, rateBitsPerSec: 0 },
    ]);
  });

  it('attaches loss and rate to the rtt before them', () => {
    expect(parseLinks('rtt=50ms,loss=0.1%,rate=100mbit,lan')).toEqual([
      {
        name: 'rtt50ms-loss0.1pct-rate100mbit',
        spec: 'rtt=50ms,loss=0.1%,rate=100mbit',
        rttMs: 50,
        lossPct: 0.1,
        rateBitsPerSec: 100_000_000,
      },
      { name: 'lan', spec: 'lan', rttMs: 0, lossPct: 0, rateBitsPerSec: 0 },
    ]);
  });

  it('gives canonical names whatever the order and spelling', () => {
    expect(parseLinks('rtt=050,rate=1000000,loss=0.10').map((l) => l.name)).toEqual([
      'rtt50ms-loss0.1pct-rate1mbit',
    ]);
    expect(parseLinks('RTT=20MS').map((l) => l.name)).toEqual(['rtt20ms']);
    expect(parseLinks('rtt=50ms,loss=1%').map((l) => l.name)).toEqual(['rtt50ms-loss1pct']);
    expect(parseLinks('rtt=50ms,rate=100mbit').map((l) => l.name)).toEqual(['rtt50ms-rate100mbit']);
    expect(parseLinks('rtt=0.5ms').map((l) => l.name)).toEqual(['rtt0.5ms']);
  });

  it.each([
    ['rate=100mbit', 100e6],
    ['rate=1gbit', 1e9],
    ['rate=1.5GBIT', 1.5e9],
    ['rate=1.1gbit', 1.1e9],
    ['rate=500kbit', 500e3],
    ['rate=8000', 8000],
    ['rate=8000bit', 8000],
  ])('reads %s as decimal SI bits per second', (token, bits) => {
    expect(parseLinks(`rtt=10ms,${token}`)[0]?.rateBitsPerSec).toBe(bits);
  });

  it('lets lan carry loss or rate, as a link without delay', () => {
    expect(parseLinks('lan,loss=1%')).toEqual([
      { name: 'lan-loss1pct', spec: 'lan,loss=1%', rttMs: 0, lossPct: 1, rateBitsPerSec: 0 },
    ]);
  });

  it('treats rtt=0 as lan and loss=0 as no loss, so such duplicates are caught', () => {
    expect(parseLinks('rtt=0ms')[0]?.name).toBe('lan');
    expect(() => parseLinks('lan,rtt=0')).toThrow('--link: "lan" is listed more than once');
    expect(() => parseLinks('rtt=50ms,rtt=50ms,loss=0%')).toThrow('"rtt50ms" is listed more than once');
  });

  it.each([
    ['loss=1%', 'must follow the link it belongs to'],
    ['rtt=50ms,loss=1%,loss=2%', 'repeats loss for the link "rtt=50ms"'],
    ['rtt=50ms,rate=1gbit,rate=1gbit', 'repeats rate'],
    ['rtt=10001ms', 'is not a round-trip time between 0 and 10000 ms'],
    ['rtt=-1ms', 'is not a round-trip time'],
    ['rtt=50s', 'is not a round-trip time'],
    ['rtt=', 'is not a round-trip time'],
    ['rtt=1e3', 'is not a round-trip time'],
    ['rtt=50ms,loss=101%', 'is not a loss percentage between 0 and 100'],
    ['rtt=50ms,loss=abc', 'is not a loss percentage'],
    ['rtt=50ms,rate=7999', 'is not a rate between 8kbit and 100gbit'],
    ['rtt=50ms,rate=101gbit', 'is not a rate'],
    ['rtt=50ms,rate=100mbps', 'is not a rate'],
    ['rtt=50ms,rate=100Mibit', 'is not a rate'],
    ['wan', 'is not a link token'],
    ['rtt', 'is not a link token'],
    ['lan=1', 'is not a link token'],
    ['lan,,rtt=5ms', 'has an empty entry'],
  ])('rejects %j', (spec, reason) => {
    let caught: unknown;
    try {
      parseLinks(spec);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).input).toBe('--link');
    expect((caught as InputError).message).toContain(reason);
  });

  it('quotes the offending token', () => {
    expect(() => parseLinks('rtt=50ms,loss=200%')).toThrow('--link: "loss=200%" is not a loss percentage');
  });
});

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

describe('formatRate', () => {
  it('uses the largest unit that divides the rate', () => {
    expect(formatRate(1e9)).toBe('1gbit');
    expect(formatRate(1.5e9)).toBe('1500mbit');
    expect(formatRate(500e3)).toBe('500kbit');
    expect(formatRate(8001)).toBe('8001bit');
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
    const refusal = linkRefusal([scenario('linux', 'rtt=50ms'), scenario('freebsd-14.3', 'rtt=50ms')], false);
    expect(refusal).toMatch(
      /^freebsd-14\.3\/e1000\/stock\/rtt50ms\/send: these guests cannot shape their own link/,
    );
    expect(refusal).toContain('sch_netem');
    expect(refusal).not.toContain('linux/');
  });

  it('lets it run where the host has netem, and lets unshaped BSD links and Linux guests run anywhere', () => {
    expect(linkRefusal([scenario('freebsd-14.3', 'rtt=50ms')], true)).toBeUndefined();
    expect(linkRefusal([scenario('netbsd-10.1', 'lan')], false)).toBeUndefined();
    expect(
      linkRefusal([scenario('linux', 'rtt=50ms'), scenario('debian-12', 'rtt=50ms')], false),
    ).toBeUndefined();
  });
});
