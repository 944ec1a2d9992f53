// Address plan for the tested links, inside 198.18.0.0/15 (RFC 2544's benchmarking range). Pure.

export interface LinkAddresses {
  /** The /30's network address, e.g. 198.18.0.0. */
  network: string;
  host: string;
  guest: string;
  prefixLength: 30;
  guestMac: string;
}

/** Distinct links (a /30 each) in 198.18.0.0/15. */
export const MAX_LINKS = 1 << 15;

/** A /30 per VM: index 0 -> 198.18.0.1 (host) and 198.18.0.2 (guest); 32768 distinct links. */
export function linkAddresses(index: number): LinkAddresses {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_LINKS)
    throw new RangeError(`link index ${index} out of range`);
  const base = index * 4;
  const third = 18 + Math.floor(base / 65536);
  const rest = base % 65536;
  const prefix = `198.${third}.${Math.floor(rest / 256)}`;
  const last = rest % 256;
  return {
    network: `${prefix}.${last}`,
    host: `${prefix}.${last + 1}`,
    guest: `${prefix}.${last + 2}`,
    prefixLength: 30,
    guestMac: `52:54:00:${[index >> 8, index & 255, 2].map((b) => b.toString(16).padStart(2, '0')).join(':')}`,
  };
}

/** Names for one run's kernel objects; short because interface names stop at 15 characters. */
export function resourceNames(runId: string, index: number): { netns: string; tap: string } {
  return { netns: `nicgate-${runId}`, tap: `ngt${runId.slice(0, 6)}-${index}`.slice(0, 15) };
}
