import { InputError } from '../../src/common/errors.js';
import { loadConfigFile, parseConfigText } from '../../src/config/config-file.js';
import { hostPaths } from '../../src/config/host-paths.js';

describe('parseConfigText', () => {
  it('turns lists, comma strings and numbers into option text', () => {
    const text = [
      'nic: [virtio-net-pci, e1000e]',
      'profile: stock,tuned',
      'link:',
      '  - lan',
      '  - rtt=50ms,loss=0.1%',
      'duration: 10',
    ].join('\n');
    expect(parseConfigText(text, 'nicgate.yml')).toEqual({
      nic: 'virtio-net-pci,e1000e',
      profile: 'stock,tuned',
      link: 'lan,rtt=50ms,loss=0.1%',
      duration: '10',
    });
  });

  it('accepts an empty file', () => {
    expect(parseConfigText('# nothing yet\n', 'nicgate.yml')).toEqual({});
  });

  it('names the file and line of an unknown key', () => {
    expect(() => parseConfigText('nic: e1000\nnics: e1000e\n', 'nicgate.yml')).toThrow(
      /^nicgate\.yml:2: "nics" is not a nicgate option; valid: guest, nic, profile/,
    );
  });

  it('does not allow a config file to name another config file', () => {
    expect(() => parseConfigText('config: other.yml', 'nicgate.yml')).toThrow(
      '"config" is not a nicgate option',
    );
  });

  it.each([
    ['duration: true', 'is not a valid value for duration'],
    ['nic: {a: 1}', 'is not a valid value for nic'],
    ['nic: [[a]]', 'is not a valid value for nic'],
  ])('rejects %j', (text, reason) => {
    expect(() => parseConfigText(text, 'nicgate.yml')).toThrow(reason);
  });

  it('rejects a document that is not a map', () => {
    expect(() => parseConfigText('- nic\n', 'nicgate.yml')).toThrow('nicgate.yml: ');
  });

  it('reports YAML syntax errors with the line', () => {
    let caught: unknown;
    try {
      parseConfigText('nic: e1000\nlink: [lan\n', 'nicgate.yml');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).input).toMatch(/^nicgate\.yml:\d+$/);
    expect((caught as InputError).message).toContain('is not valid YAML');
  });

  it("keeps numbers as written, so the flags' rules apply (1e3 is not a duration)", () => {
    expect(parseConfigText('duration: 1e3\nrepetitions: 0x10\nstreams: 2\n', 'n.yml')).toEqual({
      duration: '1e3',
      repetitions: '0x10',
      streams: '2',
    });
  });

  it('rejects a key given twice', () => {
    expect(() => parseConfigText('nic: e1000\nnic: e1000e\n', 'nicgate.yml')).toThrow(
      /^nicgate\.yml:2: .*not valid YAML/,
    );
  });
});

describe('loadConfigFile', () => {
  it('reads through the injected reader', () => {
    expect(loadConfigFile('n.yml', () => 'streams: 2', hostPaths)).toEqual({ streams: '2' });
  });

  it('names --config when the file cannot be read', () => {
    const readFile = (): string => {
      throw new Error('ENOENT');
    };
    expect(() => loadConfigFile('n.yml', readFile, hostPaths)).toThrow(
      '--config: "n.yml" is not a readable file',
    );
  });
});

describe('a key without a value (issue 26)', () => {
  it.each([
    ['nic: []', '[]', 'is an empty list'],
    ["nic: ''", '', 'is empty'],
    ['nic: "  "', '  ', 'is empty'],
    ['nic: null', 'null', 'has no value'],
    ['nic: ~', '~', 'has no value'],
    ['nic:', '', 'has no value'],
  ])('%s is refused, naming the file, line and key, instead of meaning the default', (line, shown, why) => {
    const text = `duration: 5\n${line}\n`;
    expect(() => parseConfigText(text, 'nicgate.yml')).toThrow(
      new InputError('nicgate.yml:2 (nic)', shown, `${why}; leave the key out for its default`),
    );
  });

  it('an empty item inside a list is refused as well', () => {
    expect(() => parseConfigText('nic: [e1000, ~]', 'nicgate.yml')).toThrow('nicgate.yml:1 (nic)');
  });
});
