/** Seeded generators of known-shape size series for the growth analysis tests. */
import { seededPrng } from '../../analysis/seeded-prng.ts';

/** The project's seeded PRNG, so every synthetic series is the same on every run. */
export const rng = seededPrng;

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
