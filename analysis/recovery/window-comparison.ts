import { decodeHistogram, histogramPercentile } from '../hdr-codec.ts';
import type { SecondSample } from './second-sample.ts';
import { valueExtent } from '../value-range.ts';

/** Error rate and P95 over a set of seconds. */
export interface WindowStats {
  seconds: number;
  requests: number;
  errors: number;
  /** errors / requests; null without requests. */
  errorRate: number | null;
  /** P95 latency, ms; null without latency data. */
  p95: number | null;
  /**
   * How `p95` was obtained: `hdr-merged` (exact: the seconds' histograms merged), or `worst-second`
   * (the highest per-second P95, when histograms are missing: percentiles are never averaged).
   */
  p95Method: 'hdr-merged' | 'worst-second' | 'none';
}

/** Error rate and P95 of the given seconds (pure; a malformed histogram throws). */
export function windowStats(seconds: readonly SecondSample[]): WindowStats {
  const requests = seconds.reduce((a, s) => a + (s.requests ?? 0), 0);
  const errors = seconds.reduce((a, s) => a + (s.errors ?? 0), 0);
  const stats: WindowStats = { seconds: seconds.length, requests, errors, errorRate: requests > 0 ? errors / requests : null, p95: null, p95Method: 'none' };
  const withLatency = seconds.filter((s) => s.latencyHdr !== undefined || s.p95 !== undefined);
  if (withLatency.length === 0) return stats;
  if (withLatency.every((s) => s.latencyHdr !== undefined)) {
    const merged = decodeHistogram(withLatency[0]!.latencyHdr!);
    for (const s of withLatency.slice(1)) merged.add(decodeHistogram(s.latencyHdr!));
    stats.p95 = histogramPercentile(merged, 95, 0, Number.POSITIVE_INFINITY);
    stats.p95Method = 'hdr-merged';
  } else {
    const p95s = withLatency.map((s) => s.p95).filter((v): v is number => v !== undefined);
    if (p95s.length > 0) {
      stats.p95 = valueExtent(p95s).max;
      stats.p95Method = 'worst-second';
    }
  }
  return stats;
}
