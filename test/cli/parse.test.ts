import { InputError } from '../../src/common/errors.js';
import { parseCommandLine } from '../../src/cli/parse.js';

describe('parseCommandLine', () => {
  it('reads a command and its flags', () => {
    expect(parseCommandLine(['run', '--nic', 'e1000', '--duration=3'])).toEqual({
      kind: 'command',
      command: 'run',
      flags: { nic: 'e1000', duration: '3' },
    });
  });

  it('answers help and version', () => {
    expect(parseCommandLine([])).toEqual({ kind: 'help', requested: false });
    expect(parseCommandLine(['help'])).toEqual({ kind: 'help', requested: true });
    expect(parseCommandLine(['run', '--help'])).toEqual({ kind: 'help', requested: true });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
  });

  it('refuses an unknown command, naming it', () => {
    expect(() => parseCommandLine(['frobnicate'])).toThrow(
      'command: "frobnicate" is not a nicgate command (run, plan, setup, compare, record, cleanup)',
    );
    expect(() => parseCommandLine(['constructor'])).toThrow(InputError);
  });

  it('refuses a flag of another command', () => {
    expect(() => parseCommandLine(['record', '--nic', 'e1000'])).toThrow(
      /^nicgate record: "--nic" is not understood/,
    );
  });

  it('refuses an explicitly empty value instead of taking the default', () => {
    expect(() => parseCommandLine(['run', '--nic', ''])).toThrow(
      '--nic: "" is empty; leave the flag out for its default',
    );
    expect(() => parseCommandLine(['run', '--profile= '])).toThrow('--profile: " " is empty');
    expect(() => parseCommandLine(['record', '--run-id', ''])).toThrow('--run-id: "" is empty');
  });

  it('hands a value that starts with a dash to its flag, so the flag check quotes it', () => {
    expect(parseCommandLine(['run', '--duration', '-1'])).toMatchObject({ flags: { duration: '-1' } });
    // A real flag after a flag is still a flag (and the first one then lacks its value).
    expect(() => parseCommandLine(['run', '--duration', '--nic', 'e1000'])).toThrow(InputError);
  });
});

describe('a repeated flag (issue 26)', () => {
  it('is an error naming the flag and both values, not the last value silently', () => {
    expect(() =>
      parseCommandLine(['run', '--nic', 'e1000', '--duration', '5', '--nic', 'virtio-net-pci']),
    ).toThrow(
      new InputError(
        '--nic',
        'virtio-net-pci',
        'is given more than once (first "e1000"); give each flag once (a list is comma-separated: --nic a,b)',
      ),
    );
    expect(() => parseCommandLine(['run', '--duration=5', '--duration', '-3'])).toThrow(
      '--duration: "-3" is given more than once (first "5")',
    );
  });

  it('counts a repeated switch too', () => {
    expect(() => parseCommandLine(['run', '--always-measure', '--always-measure'])).toThrow(
      '--always-measure: "true" is given more than once',
    );
  });
});
