import { createRandom, seedFromString } from '../../src/stats/random.js';
import { normalSample } from './normal-sample.js';

describe('createRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const fromA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(fromA);
    expect(Array.from({ length: 5 }, createRandom(8))).not.toEqual(fromA);
  });

  it('stays in [0, 1) and spreads evenly', () => {
    const random = createRandom(12345);
    const draws = Array.from({ length: 20000 }, random);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    expect(mean).toBeCloseTo(0.5, 2);
    const belowTenth = draws.filter((x) => x < 0.1).length / draws.length;
    expect(belowTenth).toBeCloseTo(0.1, 1);
  });
});

describe('seedFromString', () => {
  it('is 32-bit FNV-1a (published test vectors)', () => {
    expect(seedFromString('')).toBe(0x811c9dc5);
    expect(seedFromString('a')).toBe(0xe40c292c);
    expect(seedFromString('foobar')).toBe(0xbf9cf968);
  });

  it('gives different scenario keys different seeds', () => {
    expect(seedFromString('virtio-net-pci/stock/lan')).not.toBe(seedFromString('e1000/stock/lan'));
  });
});

describe('normalSample', () => {
  it('has mean 0 and standard deviation 1', () => {
    const random = createRandom(99);
    const draws = Array.from({ length: 20000 }, () => normalSample(random));
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    const variance = draws.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (draws.length - 1);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.sqrt(variance)).toBeCloseTo(1, 1);
    expect(draws.every(Number.isFinite)).toBe(true);
  });
});
