/**
 * Simulated load-test latencies for the comparison's statistical tests: per-request latencies are
 * log-normal (median `medianMs`, shape σ = 0.5, a usual fit for service latency), and each second
 * gets a shared multiplicative drift that follows an AR(1) process (φ = 0.7, sd 4 %) — the slow
 * wander (GC, cache, neighbours) that makes consecutive seconds, and so raw requests, dependent.
 * Deterministic: a seeded PRNG, so a failing run can be replayed.
 */

import { bucketKeyOf, type SecondBuckets } from '../../analysis/compare/second-buckets.ts';
import { seededPrng } from '../../analysis/seeded-prng.ts';

/** Seeded PRNG returning uniform [0, 1) (the comparison's own Mulberry32). */
export const prng = seededPrng;

/** Standard normal draw (Box–Muller). */
export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Parameters of one simulated run. */
export interface RunShape {
  seconds: number;
  requestsPerSecond: number;
  medianMs: number;
  /** Multiplies every latency (1.2 = +20 %). */
  scale?: number;
  driftSd?: number;
  driftPhi?: number;
}

/** Calls `emit(second, latencyMs)` for every simulated request. */
export function simulateRun(rand: () => number, shape: RunShape, emit: (second: number, latencyMs: number) => void): void {
  const phi = shape.driftPhi ?? 0.7;
  const sd = shape.driftSd ?? 0.04;
  const innovation = sd * Math.sqrt(1 - phi * phi);
  let drift = gaussian(rand) * sd;
  for (let s = 0; s < shape.seconds; s++) {
    drift = phi * drift + innovation * gaussian(rand);
    const factor = Math.exp(drift) * (shape.scale ?? 1);
    for (let i = 0; i < shape.requestsPerSecond; i++) emit(s, shape.medianMs * Math.exp(0.5 * gaussian(rand)) * factor);
  }
}

/**
 * One simulated run as per-second HDR bucket counts, exactly what analysis/compare/second-buckets.ts
 * reads from a result's per-second series, without the encode/decode round trip (that path is covered
 * end to end by compare-results.test.ts), so 1,000-pair tests stay fast.
 */
export function simulateSecondBuckets(rand: () => number, shape: RunShape): SecondBuckets {
  const d: SecondBuckets = { seconds: shape.seconds, buckets: Array.from({ length: shape.seconds }, () => new Map<number, number>()), counts: new Float64Array(shape.seconds), sums: new Float64Array(shape.seconds), min: Infinity, max: -Infinity };
  simulateRun(rand, shape, (s, v) => {
    const key = bucketKeyOf(v);
    const m = d.buckets[s]!;
    m.set(key, (m.get(key) ?? 0) + 1);
    d.counts[s]! += 1;
    d.sums[s]! += v;
    if (v < d.min) d.min = v;
    if (v > d.max) d.max = v;
  });
  return d;
}

/** Exact P(q) of a sorted array, k6's interpolation. */
export function percentileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}
