import { InputError } from '../../src/common/errors.js';
import { parseLinks } from '../../src/config/link.js';

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
