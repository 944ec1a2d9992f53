// Seeded randomness: the same seed gives the same numbers on every machine, so the paired
// gate's block orders can be replayed.

// Bound once: looking up globals such as Math is slow inside vm contexts (Jest runs tests
// in one), and the generator is called millions of times by the simulations.
const { imul } = Math;

/** Uniform numbers in [0, 1) from mulberry32: tiny, fast, and good enough for resampling. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a hash of the text's UTF-8 bytes: turns a scenario key into a seed. */
export function seedFromString(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
