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
 * Time to recover (issue 7): from the end of a fault until the first second that is itself
 * ≥ `target` and starts a window of `sustainSeconds` seconds (fewer if the series ends first)
 * whose mean throughput is ≥ `target`. The window keeps one lucky second from counting as
 * recovered; judging its mean rather than every second in it is what makes the rule hold at low
 * rates, where whole completions per second jitter around the level (3/s arrives as 2, 4, 3, 2, 4…
 * and "every second ≥ 2.7" waited for a run of threes that may never come); requiring the first
 * second itself to reach the target keeps a catch-up burst after an outage from back-dating the
 * recovery to the empty seconds before it. Resolution is one second. `samples` must be dense and
 * sorted (see `densify`).
 */
export function recoveryTime(samples: readonly SecondSample[], windowEndMs: number, target: number, sustainSeconds = 3): RecoveryTime {
  const observedUntil = samples.length > 0 ? (samples[samples.length - 1]!.t + 1) * 1000 : windowEndMs;
  const firstBucket = Math.floor(windowEndMs / 1000);
  const start = samples.findIndex((s) => s.t >= firstBucket);
  if (start >= 0) {
    for (let i = start; i < samples.length; i++) {
      if (samples[i]!.throughput < target) continue;
      const run = samples.slice(i, i + Math.max(1, sustainSeconds));
      if (run.reduce((a, s) => a + s.throughput, 0) >= target * run.length) {
        const recoveredAt = Math.max(windowEndMs, samples[i]!.t * 1000);
        return { recoveryMs: recoveredAt - windowEndMs, recoveredAt, observedUntil };
      }
    }
  }
  return { recoveryMs: null, recoveredAt: null, observedUntil };
}
