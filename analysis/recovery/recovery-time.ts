import type { SecondSample } from './second-sample.ts';

/** When throughput came back after a fault. */
export interface RecoveryTime {
  /** ms from the end of the fault until throughput was back (0: it never dropped); null: not back. */
  recoveryMs: number | null;
  /** Unix ms of that moment (start of the first recovered second, never before the fault's end). */
  recoveredAt: number | null;
  /** Unix ms up to which the series was observed (end of its last second). */
  observedUntil: number;
}

/**
 * Time to recover (issue 7): from the end of a fault until the first second that starts a run of
 * `sustainSeconds` consecutive seconds (fewer if the series ends first) whose throughput is
 * ≥ `target`. Requiring a short run keeps one lucky second from counting as recovered.
 * Resolution is one second. `samples` must be dense and sorted (see `densify`).
 */
export function recoveryTime(samples: readonly SecondSample[], windowEndMs: number, target: number, sustainSeconds = 3): RecoveryTime {
  const observedUntil = samples.length > 0 ? (samples[samples.length - 1]!.t + 1) * 1000 : windowEndMs;
  const firstBucket = Math.floor(windowEndMs / 1000);
  const start = samples.findIndex((s) => s.t >= firstBucket);
  if (start >= 0) {
    for (let i = start; i < samples.length; i++) {
      const run = samples.slice(i, i + Math.max(1, sustainSeconds));
      if (run.every((s) => s.throughput >= target)) {
        const recoveredAt = Math.max(windowEndMs, samples[i]!.t * 1000);
        return { recoveryMs: recoveredAt - windowEndMs, recoveredAt, observedUntil };
      }
    }
  }
  return { recoveryMs: null, recoveredAt: null, observedUntil };
}
