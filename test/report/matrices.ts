// Scenario matrices for the width tests: the default one, a wide one, and seeded random ones with
// many NICs, long profile names and many links, each as verdicts with changes to draw.
import { createRandom } from '../../src/stats/random.js';
import type { Verdict, VerdictKind } from '../../src/model/verdicts.js';
import { comparison } from './fixtures.js';

export interface Matrix {
  guests: string[];
  nics: string[];
  profiles: string[];
  links: string[];
  directions: string[];
}

/** The Action's default: two NICs, two profiles, one WAN link, send (model/defaults.ts). */
export const DEFAULT_MATRIX: Matrix = {
  guests: ['linux'],
  nics: ['virtio-net-pci', 'e1000'],
  profiles: ['stock', 'tuned'],
  links: ['rtt100ms-rate300mbit'],
  directions: ['send'],
};

/** 4 NICs × 3 profiles × 3 links × 2 directions. */
export const WIDE_MATRIX: Matrix = {
  guests: ['linux'],
  nics: ['virtio-net-pci', 'e1000', 'e1000e', 'rtl8139'],
  profiles: ['stock', 'tuned', 'tuned-for-throughput'],
  links: ['rtt100ms-rate300mbit', 'lan', 'rtt50ms-loss0.1pct-rate100mbit'],
  directions: ['send', 'receive'],
};

const POOLS: Matrix = {
  guests: ['linux', 'debian12', 'freebsd14', 'openbsd-7.6-disk-image', 'my_own_image'],
  nics: [
    'virtio-net-pci',
    'virtio-net-pci-non-transitional',
    'e1000',
    'e1000e',
    'e1000-82544gc',
    'rtl8139',
    'vmxnet3',
    'i82559er',
    'ne2k_pci',
    'pcnet',
    'igb',
  ],
  profiles: [
    'stock',
    'tuned',
    'tuned-for-throughput',
    'bbr-large-buffers-and-fq-pacing',
    'my_custom_profile_with_a_very_long_name',
    'L1',
    'P2',
    'virtio',
  ],
  links: [
    'lan',
    'rtt50ms',
    'rtt100ms-rate300mbit',
    'rtt50ms-loss0.1pct-rate100mbit',
    'rtt200ms-loss1pct-rate10mbit-jitter5ms',
    'rtt200ms-loss1pct-rate10mbit',
    'rtt20ms-rate1gbit',
  ],
  directions: ['send', 'receive'],
};

/** Every key of the matrix, nested in the planner's order (guest, nic, profile, link, direction). */
export function matrixKeys(m: Matrix): string[] {
  return m.guests.flatMap((g) =>
    m.nics.flatMap((n) =>
      m.profiles.flatMap((p) => m.links.flatMap((l) => m.directions.map((d) => `${g}/${n}/${p}/${l}/${d}`))),
    ),
  );
}

/** The verdict an interval reads as against a ±`threshold`, roughly as the decision rules have it. */
function kindOf(low: number, high: number, threshold: number): VerdictKind {
  if (high < -threshold) return 'regression';
  if (low > threshold) return 'improvement';
  return low >= -threshold && high <= threshold ? 'unchanged' : 'inconclusive';
}

/** A verdict with a change and its interval for each key; `spread` bounds the changes (0.3: ±30%). */
export function matrixVerdicts(keys: readonly string[], seed: number, spread = 0.3): Verdict[] {
  const random = createRandom(seed);
  return keys.map((key): Verdict => {
    const change = (random() * 2 - 1) * spread;
    const half = random() * spread * 0.3;
    const [low, high] = [change - half, change + half];
    const kind = kindOf(low, high, 0.05);
    return { key, kind, reason: `a ${kind}`, ...comparison(1e9, 1e9 * (1 + change), low, high) } as Verdict;
  });
}

/** A random matrix of at least one value per dimension, drawn from wide pools. */
export function randomMatrix(seed: number): Matrix {
  const random = createRandom(seed);
  const pick = (pool: readonly string[]): string[] => {
    const count = 1 + Math.floor(random() * pool.length);
    const shuffled = [...pool].sort(() => random() - 0.5);
    return shuffled.slice(0, count);
  };
  return {
    guests: pick(POOLS.guests).slice(0, 2),
    nics: pick(POOLS.nics),
    profiles: pick(POOLS.profiles),
    links: pick(POOLS.links),
    directions: pick(POOLS.directions),
  };
}
