import { InputError } from '../../src/common/errors.js';
import { parseGuests as parseGuestsIn } from '../../src/config/axes.js';
import { GUEST_CATALOG } from '../../src/guest/registry.js';

const parseGuests = (spec: string): string[] => parseGuestsIn(spec, GUEST_CATALOG).map((guest) => guest.name);

describe('parseGuests', () => {
  it('takes built-in names and resolves a bare OS name to its newest release', () => {
    expect(parseGuests('linux,freebsd-14.3,netbsd')).toEqual(['linux', 'freebsd-14.3', 'netbsd-10.1']);
    expect(parseGuests('freebsd,openbsd,dragonfly')).toEqual([
      'freebsd-15.0',
      'openbsd-7.8',
      'dragonfly-6.4',
    ]);
  });

  it('refuses a name and its alias together: the same guest twice', () => {
    expect(() => parseGuests('freebsd,freebsd-15.0')).toThrow(InputError);
  });

  it('refuses an unknown guest, quoting it and listing the known ones', () => {
    expect(() => parseGuests('windows')).toThrow(
      /^--guest: "windows" is not a guest nicgate knows \(linux, debian-12, freebsd-14\.3, .*, freebsd, netbsd, openbsd, dragonfly\)$/,
    );
    expect(() => parseGuests('constructor')).toThrow('is not a guest nicgate knows');
  });
});
