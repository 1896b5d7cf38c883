/**
 * A small seeded pseudo-random generator for sequences that must repeat: the comparison's bootstrap
 * (the same pair of result files must always give the same interval and verdict), the engine's k6
 * `randomSeed()`, and the growth and comparison tests' synthetic series. Mulberry32 (32-bit state, passes PractRand to 2^32 outputs; far more than the
 * ~10^5 draws of one comparison). https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 */

/** Mulberry32: a function returning uniform numbers in [0, 1), fully determined by `seed`. */
export function seededPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from a string (FNV-1a), so each metric draws its own fixed stream. */
export function seedFromString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
