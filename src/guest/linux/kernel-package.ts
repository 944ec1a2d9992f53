// The guest kernel comes from a distro package, never from the runner's running kernel: a
// runner image update must not move a baseline, and a runner's kernel may lack NIC drivers.
// The meta package is resolved to the concrete package once per host; the concrete name and
// version go into the results, so a kernel change shows up as an environment change.

/** Kernel meta package per host distribution (`ID` in /etc/os-release). */
export const KERNEL_META_PACKAGES: Readonly<Record<string, string>> = {
  debian: 'linux-image-amd64',
  ubuntu: 'linux-image-generic',
};

/** Concrete kernel packages (image and modules) named in `apt-cache depends` output. Pure. */
export function kernelPackagesFromDepends(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const match = line.match(/^\s*\|?Depends:\s+(linux-(?:image|modules|modules-extra)-\d[^\s<>]*)/);
    if (match && !names.includes(match[1]!)) names.push(match[1]!);
  }
  return names;
}

/** `ID=debian` etc. from /etc/os-release text. Pure. */
export function osReleaseId(text: string): string | undefined {
  const match = text.match(/^ID=(["']?)([a-z0-9._-]+)\1$/m);
  return match?.[2];
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The SHA256 of each package's .deb as apt's index gives it (`apt-cache show --no-all-versions`
 * output: one stanza per package, the candidate version apt-get download fetches). Apt verified
 * the index against the repository's signed Release file. Pure.
 */
export function debDigestsFromShow(text: string): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const stanza of text.split(/\n\s*\n/)) {
    const name = stanza.match(/^Package:\s*(\S+)\s*$/m)?.[1];
    const sha256 = stanza.match(/^SHA256:\s*(\S+)\s*$/m)?.[1]?.toLowerCase();
    if (name !== undefined && sha256 !== undefined && SHA256.test(sha256) && !Object.hasOwn(digests, name))
      digests[name] = sha256;
  }
  return digests;
}

/**
 * A package's `md5sums` control file (`<md5>  <path>`, paths relative to /) as path -> md5. A line
 * with an absolute path or a `..` segment is left out: such a path names nothing in the tree. Pure.
 */
export function parseMd5sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = line.match(/^([0-9a-f]{32}) [ *](.+)$/);
    if (!match) continue;
    const path = match[2]!.replace(/^\.\//, '');
    if (path.startsWith('/') || path.split('/').includes('..')) continue;
    sums.set(path, match[1]!);
  }
  return sums;
}
