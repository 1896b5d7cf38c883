/**
 * Simulated load-test latencies for the comparison's statistical tests: per-request latencies are
 * log-normal (median `medianMs`, shape σ = 0.5, a usual fit for service latency), and each second
 * gets a shared multiplicative drift that follows an AR(1) process (φ = 0.7, sd 4 %) — the slow
 * wander (GC, cache, neighbours) that makes consecutive seconds, and so raw requests, dependent.
 * Deterministic: a seeded PRNG, so a failing run can be replayed.
 */

/** Mulberry32: small seeded PRNG returning uniform [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

/** Exact P(q) of a sorted array, k6's interpolation. */
export function percentileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

/** Per-window P95 of one simulated run (exact, from the raw latencies). */
export function windowP95s(rand: () => number, shape: RunShape, windowSec: number): number[] {
  const windows: number[][] = Array.from({ length: Math.floor(shape.seconds / windowSec) }, () => []);
  simulateRun(rand, shape, (s, v) => windows[Math.floor(s / windowSec)]?.push(v));
  return windows.map((w) => percentileSorted(w.sort((a, b) => a - b), 95));
}
