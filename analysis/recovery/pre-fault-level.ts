import { median } from 'simple-statistics';
import type { SecondSample } from './second-sample.ts';

/**
 * Pre-fault throughput level: the median throughput of the `seconds` whole seconds before the
 * fault's window starts (median, so one slow second before the fault does not move it).
 * Fewer seconds available → the ones there are; none → null (no baseline to recover to).
 * `samples` must be dense and sorted (see `densify`).
 */
export function preFaultLevel(samples: readonly SecondSample[], windowStartMs: number, seconds: number): number | null {
  const before = samples.filter((s) => (s.t + 1) * 1000 <= windowStartMs).slice(-Math.max(1, seconds));
  if (before.length === 0) return null;
  return median(before.map((s) => s.throughput));
}
