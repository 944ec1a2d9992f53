// The publishers' images behind the built-in BSD guest names, each with the SHA-256 it must have
// and where that digest comes from. A digest nobody could confirm stays undefined: the resolver
// then refuses to download the file instead of trusting whatever the server sends. Pure.
import { RunError } from '../../common/errors.js';
import type { PinnedFile } from './download.js';

export interface PinnedImage {
  url: string;
  /** Lower-case hex SHA-256 of the file as served; undefined until a source for it is found. */
  sha256: string | undefined;
  /** Where the digest comes from, or why there is none yet. */
  checksumSource: string;
}

/** A guest whose publisher ships no image nicgate could start from. */
export interface NoImage {
  none: string;
}

export const PINNED_IMAGES: Readonly<Record<string, PinnedImage | NoImage>> = {
  'freebsd-14.3': {
    url: 'https://download.freebsd.org/releases/CI-IMAGES/14.3-RELEASE/amd64/Latest/FreeBSD-14.3-RELEASE-amd64-BASIC-CI.raw.xz',
    sha256: 'ec0f5a4bbe63aa50a725d9fee0f1931f850e9a21cbebdadb991df00f168d6805',
    // Not read from FreeBSD's CHECKSUM.SHA256 (not reachable where this was written): QEMU's test
    // VM pins this URL to this SHA-256 and checks it on every download ("tests/vm: bump FreeBSD
    // image to 14.3", qemu-devel, 2025-07-14, tests/vm/freebsd `csum`).
    checksumSource:
      'QEMU tests/vm/freebsd (commit "tests/vm: bump FreeBSD image to 14.3"); to be compared with https://download.freebsd.org/releases/CI-IMAGES/14.3-RELEASE/amd64/Latest/CHECKSUM.SHA256',
  },
  'freebsd-15.0': {
    url: 'https://download.freebsd.org/releases/CI-IMAGES/15.0-RELEASE/amd64/Latest/FreeBSD-15.0-RELEASE-amd64-BASIC-CI.raw.xz',
    sha256: undefined,
    checksumSource:
      'not found yet: FreeBSD publishes it in https://download.freebsd.org/releases/CI-IMAGES/15.0-RELEASE/amd64/Latest/CHECKSUM.SHA256',
  },
  'netbsd-10.1': {
    url: 'https://cdn.netbsd.org/pub/NetBSD/images/10.1/NetBSD-10.1-amd64-live.img.gz',
    sha256: undefined,
    checksumSource:
      'not found yet: NetBSD publishes MD5 and SHA512 (https://cdn.netbsd.org/pub/NetBSD/images/10.1/SHA512), no SHA-256',
  },
  'openbsd-7.8': { none: 'OpenBSD publishes installation media, not a disk image' },
  'dragonfly-6.4': { none: 'DragonFly BSD publishes installation media, not a disk image' },
};

export class UnpinnedImageError extends RunError {
  override readonly name = 'UnpinnedImageError';
}

/** The file to download for `guest`, with its pinned digest; UnpinnedImageError where there is none. */
export function pinnedDownload(guest: string, table = PINNED_IMAGES): PinnedFile {
  const entry = table[guest];
  if (entry === undefined)
    throw new UnpinnedImageError(`no image is known for the guest ${JSON.stringify(guest)}`);
  if ('none' in entry)
    throw new UnpinnedImageError(`the ${guest} guest has no image to download: ${entry.none}`);
  if (entry.sha256 === undefined)
    throw new UnpinnedImageError(
      `the ${guest} image's checksum is not pinned yet, so nicgate will not download ${entry.url} (${entry.checksumSource})`,
    );
  return { url: entry.url, sha256: entry.sha256, fileName: entry.url.slice(entry.url.lastIndexOf('/') + 1) };
}
