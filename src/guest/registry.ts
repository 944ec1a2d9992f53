// The guest operating systems nicgate can boot, by the scenario's `guest` value.
import type { Scenario } from '../model/plan.js';
import { debianGuest } from './debian/os.js';
import { linuxGuest } from './linux/os.js';
import type { GuestOs } from './os.js';

export const GUEST_OSES: Readonly<Record<Scenario['guest'], GuestOs>> = {
  linux: linuxGuest,
  'debian-12': debianGuest,
};
