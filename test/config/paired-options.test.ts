import { InputError } from '../../src/common/errors.js';
import { PAIRED_DEFAULTS } from '../../src/model/defaults.js';
import { baseOutFor, parsePairedOptions } from '../../src/config/paired-options.js';

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
      pairs: PAIRED_DEFAULTS.pairs,
      alwaysMeasure: false,
      baseOut: 'results.base.json',
      seed: 1234,
      onInconclusive: 'pass',
      artifacts: {},
    });
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
