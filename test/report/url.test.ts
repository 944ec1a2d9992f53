import { safeUrl } from '../../src/report/url.js';

describe('safeUrl', () => {
  it('accepts http(s) URLs only, without credentials or characters that end a link', () => {
    expect(safeUrl('https://github.com/o/r/actions/runs/1')).toBe('https://github.com/o/r/actions/runs/1');
    expect(safeUrl('http://ghes.example/o/r')).toBe('http://ghes.example/o/r');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('https://user:pw@github.com/')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl('https://github.com/a b>c')).toBe('https://github.com/a%20b%3Ec');
  });

  it('has nothing for an absent or empty URL', () => {
    expect(safeUrl(undefined)).toBeUndefined();
    expect(safeUrl('')).toBeUndefined();
  });
});
