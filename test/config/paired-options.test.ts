import { InputError } from '../../src/common/errors.js';
import { PAIRED_DEFAULTS, SEQUENTIAL_DEFAULTS } from '../../src/model/defaults.js';
import { baseOutFor, parsePairedOptions, parseSequential } from '../../src/config/paired-options.js';

describe('baseOutFor', () => {
  it('puts the base side beside the head results', () => {
    expect(baseOutFor('results.json')).toBe('results.base.json');
    expect(baseOutFor('out/Head.JSON')).toBe('out/Head.base.json');
    expect(baseOutFor('results')).toBe('results.base.json');
  });
});

describe('parsePairedOptions', () => {
  const seed = () => 1234;

  it('is undefined without --base-ref', () => {
    expect(parsePairedOptions({}, 'results.json', seed)).toBeUndefined();
  });

  it('refuses a paired flag without --base-ref, naming it and quoting its value', () => {
    expect(() => parsePairedOptions({ pairs: '12' }, 'results.json', seed)).toThrow(InputError);
    expect(() => parsePairedOptions({ pairs: '12' }, 'results.json', seed)).toThrow(/--pairs.*12/);
  });

  it("refuses --base-image without --base-ref, and carries it as the base side's artifact", () => {
    expect(() => parsePairedOptions({ 'base-image': 'base.qcow2' }, 'results.json', seed)).toThrow(
      '--base-image: "base.qcow2" needs --base-ref (it belongs to a paired run)',
    );
    const options = parsePairedOptions(
      { 'base-ref': 'main', 'base-image': 'base.qcow2' },
      'results.json',
      seed,
    )!;
    expect(options.artifacts).toEqual({ image: 'base.qcow2' });
  });

  it('takes the defaults written once', () => {
    const options = parsePairedOptions({ 'base-ref': 'main' }, 'results.json', seed)!;
    expect(options).toMatchObject({
      baseRef: 'main',
      pairs: SEQUENTIAL_DEFAULTS.pairs,
      sequential: true,
      alwaysMeasure: false,
      baseOut: 'results.base.json',
      seed: 1234,
      onInconclusive: 'pass',
      artifacts: {},
    });
  });

  it('caps sequential looks at 12 pairs by default, and measures the fixed 8 with --sequential off', () => {
    const on = parsePairedOptions({ 'base-ref': 'main', sequential: 'on' }, 'r.json', seed)!;
    expect([on.sequential, on.pairs]).toEqual([true, 12]);
    const off = parsePairedOptions({ 'base-ref': 'main', sequential: 'off' }, 'r.json', seed)!;
    expect([off.sequential, off.pairs]).toEqual([false, PAIRED_DEFAULTS.pairs]);
    // --pairs keeps its meaning: the cap with looks, every pair without.
    const capped = parsePairedOptions({ 'base-ref': 'main', pairs: '20' }, 'r.json', seed)!;
    expect([capped.sequential, capped.pairs]).toEqual([true, 20]);
  });

  it("reads on|off and the Action's true|false, and refuses anything else naming the flag and quoting it", () => {
    expect(['on', 'ON', 'true', ' True ', 'off', 'false', ''].map((v) => parseSequential(v))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      SEQUENTIAL_DEFAULTS.on,
    ]);
    expect(() => parseSequential('yes')).toThrow(InputError);
    expect(() => parseSequential('yes')).toThrow('--sequential: "yes" is not on or off (true or false)');
    expect(() => parsePairedOptions({ 'base-ref': 'main', sequential: '1' }, 'r.json', seed)).toThrow(
      '--sequential: "1" is not on or off (true or false)',
    );
    // Like every paired flag, it needs --base-ref.
    expect(() => parsePairedOptions({ sequential: 'off' }, 'r.json', seed)).toThrow(
      '--sequential: "off" needs --base-ref (it belongs to a paired run)',
    );
  });

  it('refuses a sequential cap below the first look, and 2 pairs only with --sequential off', () => {
    expect(() => parsePairedOptions({ 'base-ref': 'main', pairs: '2' }, 'r.json', seed)).toThrow(
      '--pairs: "2" is not a whole number between 3 and 100',
    );
    const off = parsePairedOptions({ 'base-ref': 'main', pairs: '2', sequential: 'off' }, 'r.json', seed)!;
    expect(off.pairs).toBe(2);
  });

  it('refuses pairs outside 2..100 and a negative seed', () => {
    expect(() => parsePairedOptions({ 'base-ref': 'main', pairs: '1' }, 'r.json', seed)).toThrow(/--pairs/);
    expect(() => parsePairedOptions({ 'base-ref': 'main', pairs: '101' }, 'r.json', seed)).toThrow(/--pairs/);
    expect(() => parsePairedOptions({ 'base-ref': 'main', seed: '-1' }, 'r.json', seed)).toThrow(/--seed/);
  });

  it('keeps the base artifacts given', () => {
    const options = parsePairedOptions(
      { 'base-ref': 'main', 'base-kernel': 'k', 'base-kernel-modules': 'm', seed: '9' },
      'r.json',
      seed,
    )!;
    expect(options.artifacts).toEqual({ kernel: 'k', kernelModules: 'm' });
    expect(options.seed).toBe(9);
  });
});
