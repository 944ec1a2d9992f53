import { InputError } from '../../src/common/errors.js';
import { parseCommandLine } from '../../src/cli/parse.js';

function thrownBy(argv: string[]): unknown {
  try {
    parseCommandLine(argv);
  } catch (error) {
    return error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

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
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help', requested: true });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
  });

  it("answers a command's help, asked either way", () => {
    expect(parseCommandLine(['run', '--help'])).toEqual({ kind: 'help', requested: true, command: 'run' });
    expect(parseCommandLine(['compare', '-h'])).toEqual({
      kind: 'help',
      requested: true,
      command: 'compare',
    });
    expect(parseCommandLine(['help', 'report'])).toEqual({
      kind: 'help',
      requested: true,
      command: 'report',
    });
    expect(() => parseCommandLine(['help', 'rn'])).toThrow('unknown command "rn"; did you mean run?');
    expect(() => parseCommandLine(['help', 'run', 'plan'])).toThrow(
      'nicgate help: "run plan" takes one command at most',
    );
  });

  it('refuses an unknown command, naming it and the closest command', () => {
    expect(() => parseCommandLine(['frobnicate'])).toThrow(
      'unknown command "frobnicate"; the commands: run, plan, setup, compare, record, report, cleanup',
    );
    expect(() => parseCommandLine(['comapre'])).toThrow('unknown command "comapre"; did you mean compare?');
    expect(() => parseCommandLine(['constructor'])).toThrow(InputError);
  });

  it('refuses an unknown option with exit-2 input error, offering the closest of that command', () => {
    // An InputError: exit code 2, as every bad input.
    expect(thrownBy(['run', '--nics', 'e1000'])).toBeInstanceOf(InputError);
    expect(() => parseCommandLine(['run', '--nics', 'e1000'])).toThrow(
      /^unknown option "--nics"; did you mean --nic\?$/,
    );
    expect(() => parseCommandLine(['run', '--nics=e1000'])).toThrow(
      'unknown option "--nics"; did you mean --nic?',
    );
    expect(() => parseCommandLine(['compare', '--thresh', '5'])).toThrow(
      'unknown option "--thresh"; did you mean --threshold?',
    );
    expect(() => parseCommandLine(['run', '-nic', 'e1000'])).toThrow(
      'unknown option "-nic"; did you mean --nic?',
    );
    expect(() => parseCommandLine(['run', '--frobnicate'])).toThrow(
      'unknown option "--frobnicate" for nicgate run; nicgate run --help lists its options',
    );
    expect(() => parseCommandLine(['--nic', 'e1000'])).toThrow(
      'unknown option "--nic"; give a command first (nicgate --help lists them)',
    );
  });

  it('quotes an unknown option shortened, its control characters escaped', () => {
    expect(() => parseCommandLine(['run', '--ni\u001bc'])).toThrow(
      'unknown option "--ni\\u001bc"; did you mean --nic?',
    );
    const long = `--${'x'.repeat(300)}`;
    expect(() => parseCommandLine(['run', long])).toThrow(
      `unknown option "${long.slice(0, 120)}"… (302 characters) for nicgate run`,
    );
  });

  it('refuses a flag of another command, saying whose it is', () => {
    expect(() => parseCommandLine(['record', '--nic', 'e1000'])).toThrow(
      'unknown option "--nic" for nicgate record (an option of nicgate run and nicgate plan); nicgate record --help lists its options',
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
