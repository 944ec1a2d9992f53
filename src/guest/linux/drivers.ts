// Which kernel modules a Linux guest carries and loads: NIC drivers (Linux's NIC table) and the
// modules a tuning profile or in-guest link emulation needs. Pure.
import { allNicDrivers, nicDrivers } from '../../nic/drivers.js';
import { LINUX_NICS } from './system.js';

/** Modules behind the tuning profiles: BBR, fq. Every image carries them. */
export const PROFILE_MODULES = ['tcp_bbr', 'sch_fq'];

/** Modules behind link emulation in the guest: netem under a prio root with u32 filters (net/link-shaping.ts). */
export const LINK_MODULES = ['sch_netem', 'sch_prio', 'cls_u32'];

/** Module names the image should hold (those the kernel has; the rest are built in or absent). */
export function imageModuleNames(): string[] {
  return [...allNicDrivers(LINUX_NICS), ...PROFILE_MODULES, ...LINK_MODULES];
}

/**
 * Module names one boot loads: the NIC's drivers, then the profile modules, then the link modules
 * when the guest shapes the link. A boot without a NIC loads none.
 */
export function bootModuleNames(nic: string | undefined, netemInGuest: boolean): string[] {
  if (nic === undefined) return [];
  return [...nicDrivers(LINUX_NICS, nic), ...PROFILE_MODULES, ...(netemInGuest ? LINK_MODULES : [])];
}

/** The files of bootModuleNames, dependencies first, each once. */
export function bootModuleFiles(
  moduleOrder: Readonly<Record<string, readonly string[]>>,
  nic: string | undefined,
  netemInGuest: boolean,
): string[] {
  const files: string[] = [];
  for (const name of bootModuleNames(nic, netemInGuest))
    for (const file of moduleOrder[name] ?? []) if (!files.includes(file)) files.push(file);
  return files;
}
