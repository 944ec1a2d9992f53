// The guest operating systems nicgate can boot or plan, by the scenario's `guest` value.
import type { Scenario } from '../model/plan.js';
import { bsdGuest } from './bsd/os.js';
import { debianGuest } from './debian/os.js';
import { linuxGuest } from './linux/os.js';
import type { GuestOs } from './os.js';

export const GUEST_OSES: Readonly<Record<Scenario['guest'], GuestOs>> = {
  linux: linuxGuest,
  'debian-12': debianGuest,
  'freebsd-14.3': bsdGuest('freebsd-14.3', 'freebsd', 'FreeBSD 14.3 disk'),
  'freebsd-15.0': bsdGuest('freebsd-15.0', 'freebsd', 'FreeBSD 15.0 disk'),
  'netbsd-10.1': bsdGuest('netbsd-10.1', 'netbsd', 'NetBSD 10.1 disk'),
  'openbsd-7.8': bsdGuest('openbsd-7.8', 'openbsd', 'OpenBSD 7.8 disk'),
  'dragonfly-6.4': bsdGuest('dragonfly-6.4', 'dragonfly', 'DragonFly BSD 6.4 disk'),
};
