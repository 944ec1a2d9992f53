import { buildPingSamplerArgv } from '../../src/ping/argv.js';

describe('buildPingSamplerArgv', () => {
  it('samples five times a second, numeric, with arrival times', () => {
    expect(buildPingSamplerArgv('198.18.0.2')).toEqual(['-n', '-i', '0.2', '-D', '198.18.0.2']);
  });

  it('refuses targets outside the benchmark range and loopback', () => {
    expect(() => buildPingSamplerArgv('8.8.8.8')).toThrow('is outside 198.18.0.0/15 and loopback');
  });
});
