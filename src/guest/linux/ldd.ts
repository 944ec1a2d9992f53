// Parses `ldd` output into the shared objects a binary needs. Pure.

/** Absolute library paths from `ldd` output; empty for a static binary. */
export function parseLdd(text: string): string[] {
  const paths: string[] = [];
  for (const line of text.split('\n')) {
    const arrow = line.match(/=>\s+(\/\S+)\s+\(0x/);
    const direct = line.match(/^\s*(\/\S+)\s+\(0x/);
    const path = arrow?.[1] ?? direct?.[1];
    if (path) paths.push(path);
  }
  return paths;
}

/** Libraries `ldd` could not find (`libfoo.so.1 => not found`): the guest copy would not run. */
export function missingLibraries(text: string): string[] {
  return [...text.matchAll(/^\s*(\S+)\s+=>\s+not found/gm)].map((match) => match[1]!);
}
