import { gateFailure, listCapped, MAX_LISTED_KEYS } from '../../src/action/gate.js';

const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `linux/e1000/stock/lan${i}/send`);

describe('gateFailure', () => {
  it('passes when nothing failed and nothing regressed (or regressions do not fail)', () => {
    expect(gateFailure([], [], true)).toBeUndefined();
    expect(gateFailure([], keys(2), false)).toBeUndefined();
  });

  it('lists a few keys in full', () => {
    expect(gateFailure(['a'], ['b', 'c'], true)).toBe('1 scenario(s) failed: a; throughput regressed: b, c');
  });

  it(`lists at most ${MAX_LISTED_KEYS} keys and counts the rest`, () => {
    const message = gateFailure(keys(12_000), keys(300), true)!;
    expect(message).toContain('12000 scenario(s) failed: linux/e1000/stock/lan0/send, ');
    expect(message).toContain('linux/e1000/stock/lan19/send and 11980 more;');
    expect(message).not.toContain('lan20/');
    expect(message).toMatch(/throughput regressed: .* and 280 more$/);
    expect(message.length).toBeLessThan(2000);
  });
});

describe('listCapped', () => {
  it('puts keys on one line', () => {
    expect(listCapped(['a\nb', 'c'])).toBe('a b, c');
    expect(listCapped(['a', 'b', 'c'], 2)).toBe('a, b and 1 more');
  });
});
