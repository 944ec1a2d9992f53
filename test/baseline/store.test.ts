import { baselineRestoreKeys, baselineSaveKey } from '../../src/baseline/cache-keys.js';
import { branchFileName } from '../../src/baseline/store.js';

/** The inverse of branchFileName for names short enough to be kept whole. */
const decode = (name: string): string => decodeURIComponent(name.replace(/_/g, '%'));

describe('branchFileName', () => {
  it.each([
    ['main', 'main'],
    ['release-1', 'release-1'],
    ['feature/x', 'feature_2Fx'],
    ['release/1.2', 'release_2F1_2E2'],
    ['..', '_2E_2E'],
    ['../../etc/passwd', '_2E_2E_2F_2E_2E_2Fetc_2Fpasswd'],
    ['a_b', 'a_5Fb'],
    ['a%2Fb', 'a_252Fb'],
    ['naïve', 'na_C3_AFve'],
    ['-rf', '-rf'],
    ['.hidden', '_2Ehidden'],
    ['a\\b', 'a_5Cb'],
  ])('encodes %j as %j', (branch, name) => {
    expect(branchFileName(branch)).toBe(name);
    expect(decode(name)).toBe(branch);
  });

  it('yields only letters, digits, - and _ whatever the input', () => {
    for (const branch of [
      'x/../../y',
      '\u0000',
      'CON',
      'dependabot/npm_and_yarn/zod-4.1.0',
      '🚀/launch',
      ' a b ',
    ]) {
      expect(branchFileName(branch)).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decode(branchFileName(branch))).toBe(branch);
    }
  });

  it('keeps names that differ apart, however alike they look', () => {
    const branches = ['feature/x', 'feature_2Fx', 'feature-x', 'feature.x', 'Feature/x', 'feature%2Fx'];
    expect(new Set(branches.map(branchFileName)).size).toBe(branches.length);
  });

  it('shortens long names with a hash so that they stay distinct', () => {
    const long = 'x'.repeat(300);
    const name = branchFileName(`${long}/a`);
    expect(name.length).toBeLessThanOrEqual(120);
    expect(name).toMatch(/-[0-9a-f]{12}$/);
    expect(branchFileName(`${long}/b`)).not.toBe(name);
    expect(branchFileName('ü'.repeat(200)).length).toBeLessThanOrEqual(120);
  });

  it('refuses an empty branch', () => {
    expect(() => branchFileName('')).toThrow('a baseline branch name cannot be empty');
  });
});

describe('baseline cache keys', () => {
  it('saves under branch, scenario set and run', () => {
    expect(baselineSaveKey('main', '3fa2c1d0e9b8', '12345-1')).toBe(
      'nicgate-baseline-v1/main/3fa2c1d0e9b8/12345-1',
    );
    expect(baselineSaveKey('feature/x,y', '3fa2c1d0e9b8', '9')).toBe(
      'nicgate-baseline-v1/feature_2Fx_2Cy/3fa2c1d0e9b8/9',
    );
  });

  it('restores this scenario set first, then anything of the branch', () => {
    expect(baselineRestoreKeys('main', '3fa2c1d0e9b8')).toEqual([
      'nicgate-baseline-v1/main/3fa2c1d0e9b8/',
      'nicgate-baseline-v1/main/',
    ]);
  });

  it("never lets one branch's prefix match another branch's keys", () => {
    const [, mainPrefix] = baselineRestoreKeys('main', 'h');
    for (const other of ['main-old', 'main/x', 'main_', 'mainline']) {
      expect(baselineSaveKey(other, 'h', '1').startsWith(mainPrefix)).toBe(false);
    }
    const [sameSet] = baselineRestoreKeys('main', 'abc');
    expect(baselineSaveKey('main', 'abcd', '1').startsWith(sameSet)).toBe(false);
  });

  it('stays within what the cache accepts: no commas, at most 512 characters', () => {
    const key = baselineSaveKey(','.repeat(400), 'f'.repeat(12), 'r,'.repeat(200));
    expect(key).not.toContain(',');
    expect(key.length).toBeLessThanOrEqual(512);
  });

  it('refuses an empty run id', () => {
    expect(() => baselineSaveKey('main', 'h', '')).toThrow('a run id cannot be empty');
  });
});
