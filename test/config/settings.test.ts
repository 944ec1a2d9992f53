import { withDefaults } from '../../src/config/options.js';
import { parseAccel, parseMeasureSettings } from '../../src/config/settings.js';

describe('parseMeasureSettings', () => {
  it('reads the defaults', () => {
    expect(parseMeasureSettings(withDefaults({}))).toEqual({
      durationSec: 5,
      omitSec: 1,
      repetitions: 5,
      streams: 1,
      metrics: ['throughput'],
    });
  });

  it('accepts the range ends', () => {
    expect(
      parseMeasureSettings(
        withDefaults({ duration: '3600', omit: '0', repetitions: '1000', streams: '128' }),
      ),
    ).toEqual({
      durationSec: 3600,
      omitSec: 0,
      repetitions: 1000,
      streams: 128,
      metrics: ['throughput'],
    });
  });

  it.each([
    ['duration', 'abc', '--duration: "abc" is not a whole number between 1 and 3600'],
    ['duration', '0', '--duration: "0" is not a whole number between 1 and 3600'],
    ['duration', '1.5', 'is not a whole number between 1 and 3600'],
    ['duration', '1e3', 'is not a whole number between 1 and 3600'],
    ['duration', '0x10', 'is not a whole number between 1 and 3600'],
    ['omit', '61', '--omit: "61" is not a whole number between 0 and 60'],
    ['repetitions', '-1', '--repetitions: "-1" is not a whole number between 1 and 1000'],
    ['streams', '129', '--streams: "129" is not a whole number between 1 and 128'],
  ])('rejects --%s %j', (name, value, message) => {
    expect(() => parseMeasureSettings(withDefaults({ [name]: value }))).toThrow(message);
  });
});

describe('parseAccel', () => {
  it.each(['auto', 'kvm', 'tcg', 'KVM'])('accepts %s', (value) => {
    expect(parseAccel(value)).toBe(value.toLowerCase());
  });

  it('rejects anything else', () => {
    expect(() => parseAccel('hvf')).toThrow('--accel: "hvf" is not one of auto, kvm, tcg');
  });
});
