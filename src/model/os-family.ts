// The operating systems a guest can run: what the NIC table, the tuning tables and profile files
// name. One list, so a new OS is added in one place.
import { z } from 'zod';

export const OS_FAMILIES = ['linux', 'freebsd', 'netbsd', 'openbsd', 'dragonfly'] as const;
export const osFamilySchema = z.enum(OS_FAMILIES);
export type OsFamily = z.infer<typeof osFamilySchema>;

export const OS_LABELS: Readonly<Record<OsFamily, string>> = {
  linux: 'Linux',
  freebsd: 'FreeBSD',
  netbsd: 'NetBSD',
  openbsd: 'OpenBSD',
  dragonfly: 'DragonFly BSD',
};

export function isOsFamily(name: string): name is OsFamily {
  return (OS_FAMILIES as readonly string[]).includes(name);
}

/** Whether a guest of this OS can shape its own egress with netem where the host has no sch_netem. */
export function shapesInGuest(os: OsFamily): boolean {
  return os === 'linux';
}
