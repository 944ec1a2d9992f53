import { GUEST_CATALOG } from '../../../src/guest/registry.js';
import { PINNED_IMAGES, pinnedDownload, UnpinnedImageError } from '../../../src/guest/image/pinned-images.js';

describe('the pinned images of the built-in BSD guests', () => {
  it('name a publisher image for every built-in BSD guest, and only those', () => {
    const bsdGuests = GUEST_CATALOG.guests
      .filter((guest) => guest.os.name !== 'linux')
      .map((guest) => guest.name);
    expect(Object.keys(PINNED_IMAGES).sort()).toEqual([...bsdGuests].sort());
  });

  it('resolve a pinned guest to its URL, digest and cache file name', () => {
    expect(pinnedDownload('freebsd-14.3')).toEqual({
      url: 'https://download.freebsd.org/releases/CI-IMAGES/14.3-RELEASE/amd64/Latest/FreeBSD-14.3-RELEASE-amd64-BASIC-CI.raw.xz',
      sha256: 'ec0f5a4bbe63aa50a725d9fee0f1931f850e9a21cbebdadb991df00f168d6805',
      fileName: 'FreeBSD-14.3-RELEASE-amd64-BASIC-CI.raw.xz',
    });
  });

  it('refuse to download a file whose checksum is not pinned yet, saying so', () => {
    expect(() => pinnedDownload('netbsd-10.1')).toThrow(UnpinnedImageError);
    expect(() => pinnedDownload('netbsd-10.1')).toThrow(
      "the netbsd-10.1 image's checksum is not pinned yet, so nicgate will not download https://cdn.netbsd.org/pub/NetBSD/images/10.1/NetBSD-10.1-amd64-live.img.gz",
    );
    expect(() => pinnedDownload('freebsd-15.0')).toThrow('checksum is not pinned yet');
  });

  it('refuse a guest whose publisher ships no image, and a name nobody knows', () => {
    expect(() => pinnedDownload('openbsd-7.8')).toThrow(
      'the openbsd-7.8 guest has no image to download: OpenBSD publishes installation media, not a disk image',
    );
    expect(() => pinnedDownload('plan9')).toThrow('no image is known for the guest "plan9"');
  });

  it('hold only lower-case SHA-256 digests, each with the source it came from', () => {
    const images = Object.values(PINNED_IMAGES).flatMap((entry) => ('none' in entry ? [] : [entry]));
    expect(images.length).toBeGreaterThan(0);
    const pins = images.flatMap((entry) => (entry.sha256 === undefined ? [] : [entry.sha256]));
    expect(pins.filter((pin) => !/^[0-9a-f]{64}$/.test(pin))).toEqual([]);
    expect(
      images.filter((entry) => entry.checksumSource.length < 20 || !entry.url.startsWith('https://')),
    ).toEqual([]);
  });
});
