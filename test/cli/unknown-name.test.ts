import { InputError } from '../../src/common/errors.js';
import { closestNames, editDistance, unknownCommand, unknownOption } from '../../src/cli/unknown-name.js';

describe('editDistance (Damerau–Levenshtein, optimal string alignment)', () => {
  it.each([
    ['nic', 'nic', 0],
    ['nics', 'nic', 1],
    ['ni', 'nic', 1],
    ['nix', 'nic', 1],
    ['direciton', 'direction', 1],
    ['comapre', 'compare', 1],
    ['treshhold', 'threshold', 2],
    ['', 'out', 3],
    ['abc', 'ca', 3],
  ])('%s to %s: %i', (a, b, edits) => {
    expect(editDistance(a, b)).toBe(edits);
    expect(editDistance(b, a)).toBe(edits);
  });
});

describe('closestNames', () => {
  const flags = ['nic', 'pin', 'profile', 'threshold', 'base-ref', 'base-out', 'base-kernel', 'out'];

  it('offers the closest names within two edits, every one as close', () => {
    expect(closestNames('nics', flags)).toEqual(['nic']);
    expect(closestNames('treshhold', flags)).toEqual(['threshold']);
    expect(closestNames('pic', flags)).toEqual(['nic', 'pin']);
    expect(closestNames('NIC', flags)).toEqual(['nic']);
  });

  it('offers the one name a prefix begins, and none when it begins several', () => {
    expect(closestNames('thresh', flags)).toEqual(['threshold']);
    expect(closestNames('prof', flags)).toEqual(['profile']);
    expect(closestNames('base', flags)).toEqual([]);
  });

  it('offers nothing for a name far from every one', () => {
    expect(closestNames('frobnicate', flags)).toEqual([]);
    expect(closestNames('', flags)).toEqual([]);
    expect(closestNames('nic', [])).toEqual([]);
  });
});

describe('the messages', () => {
  it('are input errors (exit 2) that quote the name and offer the closest', () => {
    const error = unknownOption({ given: '--nics', command: 'run', flags: ['nic', 'pin'], elsewhere: [] });
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('unknown option "--nics"; did you mean --nic?');
    expect(unknownCommand('rn', ['run', 'plan']).message).toBe('unknown command "rn"; did you mean run?');
    expect(unknownCommand('xyz', ['run', 'plan']).message).toBe(
      'unknown command "xyz"; the commands: run, plan',
    );
  });

  it('say where to look when nothing is close, and which commands take the option', () => {
    expect(
      unknownOption({ given: '--nic', command: 'record', flags: ['results'], elsewhere: ['run', 'plan'] })
        .message,
    ).toBe(
      'unknown option "--nic" for nicgate record (an option of nicgate run and nicgate plan); nicgate record --help lists its options',
    );
    expect(unknownOption({ given: '-x', flags: [], elsewhere: [] }).message).toBe(
      'unknown option "-x"; give a command first (nicgate --help lists them)',
    );
  });

  it('escape control characters and shorten a long name', () => {
    const escaped = unknownOption({ given: '--\u202eevil\u0007', command: 'run', flags: [], elsewhere: [] });
    expect(escaped.message).toBe(
      'unknown option "--\\u202eevil\\u0007" for nicgate run; nicgate run --help lists its options',
    );
    const long = unknownCommand('y'.repeat(500), ['run']);
    expect(long.message).toBe(`unknown command "${'y'.repeat(120)}"… (500 characters); the commands: run`);
  });
});
