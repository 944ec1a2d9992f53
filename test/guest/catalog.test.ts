import { USER_IMAGES } from '../../src/guest/image/cache-layout.js';
import { RunError } from '../../src/common/errors.js';
import { guestCatalog } from '../../src/guest/catalog.js';
import { debianGuest } from '../../src/guest/debian/os.js';
import { KERNEL_TREES } from '../../src/guest/linux/cache-layout.js';
import { linuxGuest } from '../../src/guest/linux/os.js';
import { GUEST_CATALOG } from '../../src/guest/registry.js';

describe('guestCatalog', () => {
  it('finds a guest by its name or its alias, and a scenario guest by its name only', () => {
    expect(GUEST_CATALOG.find('freebsd')?.name).toBe('freebsd-15.0');
    expect(GUEST_CATALOG.find('freebsd-14.3')?.name).toBe('freebsd-14.3');
    expect(GUEST_CATALOG.find('constructor')).toBeUndefined();
    expect(GUEST_CATALOG.guest('debian-12')).toBe(debianGuest);
    expect(() => GUEST_CATALOG.guest('freebsd')).toThrow(RunError);
  });

  it('lists each OS and each cache layout once, in guest order', () => {
    expect(GUEST_CATALOG.oses.map((os) => os.name)).toEqual([
      'linux',
      'freebsd',
      'netbsd',
      'openbsd',
      'dragonfly',
    ]);
    // Both Linux guests keep the distro kernel trees; the Action carries them once.
    expect(GUEST_CATALOG.cacheLayouts.filter((layout) => layout === KERNEL_TREES)).toHaveLength(1);
    // Then the folders of users' prepared images, which no built-in guest names.
    expect(GUEST_CATALOG.cacheLayouts).toEqual([
      ...linuxGuest.cacheLayouts,
      debianGuest.cacheLayouts[1],
      USER_IMAGES,
    ]);
  });

  it('refuses a list where two guests answer to one name, or two OSes share one', () => {
    expect(() => guestCatalog([linuxGuest, { ...debianGuest, alias: 'linux' }])).toThrow(
      'the guest list names "linux" twice',
    );
    expect(() => guestCatalog([linuxGuest, { ...debianGuest, os: { ...debianGuest.os } }])).toThrow(
      'the guest list names "linux" twice',
    );
  });
});
