import { readFileSync } from 'node:fs';
import { NICGATE_VERSION } from '../../src/common/version.js';

describe('NICGATE_VERSION', () => {
  it("equals package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(NICGATE_VERSION).toBe(pkg.version);
    expect(NICGATE_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});
