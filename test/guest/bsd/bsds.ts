// The four BSDs as their folders declare them, by name, for the shared BSD code's tests.
import type { BsdTraits } from '../../../src/guest/bsd/traits.js';
import { DRAGONFLY, DRAGONFLY_TRAITS } from '../../../src/guest/dragonfly/system.js';
import { FREEBSD, FREEBSD_TRAITS } from '../../../src/guest/freebsd/system.js';
import { NETBSD, NETBSD_TRAITS } from '../../../src/guest/netbsd/system.js';
import { OPENBSD, OPENBSD_TRAITS } from '../../../src/guest/openbsd/system.js';
import type { OperatingSystem } from '../../../src/guest/os.js';

export type BsdName = 'freebsd' | 'netbsd' | 'openbsd' | 'dragonfly';

export const BSDS: Readonly<Record<BsdName, { traits: BsdTraits; os: OperatingSystem }>> = {
  freebsd: { traits: FREEBSD_TRAITS, os: FREEBSD },
  netbsd: { traits: NETBSD_TRAITS, os: NETBSD },
  openbsd: { traits: OPENBSD_TRAITS, os: OPENBSD },
  dragonfly: { traits: DRAGONFLY_TRAITS, os: DRAGONFLY },
};
