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
