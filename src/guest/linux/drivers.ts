// Which kernel modules a Linux guest carries and loads: NIC drivers (from the NIC records) and
// the modules a tuning profile or in-guest link emulation needs. Pure.
import { allNicDrivers, nicDrivers } from '../../nic/models.js';

/** Modules behind the tuning profiles and the link: BBR, fq, netem. Every image carries them. */
export const PROFILE_MODULES = ['tcp_bbr', 'sch_fq', 'sch_netem'];

/** Module names the image should hold (those the kernel has; the rest are built in or absent). */
export function imageModuleNames(): string[] {
  return [...allNicDrivers('linux'), ...PROFILE_MODULES];
}

/**
 * Module files one boot loads, dependencies first, each once: the NIC's drivers, then the
 * profile modules (sch_netem only when the guest shapes the link). A boot without a NIC loads none.
 */
export function bootModuleFiles(
  moduleOrder: Readonly<Record<string, readonly string[]>>,
  nic: string | undefined,
  netemInGuest: boolean,
): string[] {
  if (nic === undefined) return [];
  const names = [
    ...nicDrivers('linux', nic),
    ...PROFILE_MODULES.filter((m) => netemInGuest || m !== 'sch_netem'),
  ];
  const files: string[] = [];
  for (const name of names)
    for (const file of moduleOrder[name] ?? []) if (!files.includes(file)) files.push(file);
  return files;
}
