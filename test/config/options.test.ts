import { mergeOptions, OPTION_DEFAULTS, withDefaults } from '../../src/config/options.js';

describe('mergeOptions', () => {
  it('lets later layers win and treats blank values as not given', () => {
    expect(mergeOptions({ nic: 'e1000', duration: '10' }, { nic: 'e1000e', duration: '  ' })).toEqual({
      nic: 'e1000e',
      duration: '10',
    });
  });

  it('trims values', () => {
    expect(mergeOptions({ out: ' r.json ' })).toEqual({ out: 'r.json' });
  });
});

describe('withDefaults', () => {
  it('fills every default', () => {
    expect(withDefaults({})).toEqual(OPTION_DEFAULTS);
    expect(OPTION_DEFAULTS).toMatchObject({
      nic: 'virtio-net-pci,e1000',
      profile: 'stock,tuned',
      link: 'rtt=100ms,rate=300mbit',
      direction: 'send',
      duration: '5',
      omit: '1',
      repetitions: '5',
      streams: '1',
      accel: 'auto',
      out: 'results.json',
      'allow-work-dir-in-checkout': 'false',
    });
    // The work directory's default is a path of this user's (config/work-dir.ts), never a text here.
    expect(OPTION_DEFAULTS).not.toHaveProperty('work-dir');
  });

  it('keeps given values, and an empty action input falls back to the default', () => {
    expect(withDefaults({ streams: '4', accel: '' })).toMatchObject({ streams: '4', accel: 'auto' });
  });
});
