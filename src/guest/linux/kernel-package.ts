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
