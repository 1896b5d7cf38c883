/** Seeded generators of known-shape size series for the growth analysis tests. */

/** Mulberry32: a small seeded PRNG so every synthetic series is the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviates (Box–Muller) from a seeded PRNG. */
export function gaussian(seed: number): () => number {
  const u = rng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** A series y = shape(t) + noise·N(0,1), sampled every `stepS` seconds for `n` samples. */
export function series(n: number, stepS: number, shape: (t: number) => number, noise: number, seed = 1): { t: Float64Array; y: Float64Array } {
  const g = gaussian(seed);
  const t = Float64Array.from({ length: n }, (_, i) => i * stepS);
  const y = Float64Array.from(t, (tt) => shape(tt) + noise * g());
  return { t, y };
}

/** Rounds up to whole 8 kB pages, as Postgres relation sizes are. */
export function pages(bytes: number): number {
  return Math.ceil(Math.max(0, bytes) / 8192) * 8192;
}
