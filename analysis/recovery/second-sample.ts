import { valueExtent } from '../value-range.ts';

/** What one second of a run measured, as the recovery figures need it. */
export interface SecondSample {
  /** Start of the one-second bucket, unix seconds (integer). */
  t: number;
  /** Work done in the second: completed jobs (or accepted submits) per second. */
  throughput: number;
  /** HTTP requests issued in the second. */
  requests?: number;
  /** Of those, how many failed (5xx, refused, timed out). */
  errors?: number;
  /** P95 request latency of the second, ms (used only when `latencyHdr` is missing). */
  p95?: number;
  /** The second's latency histogram (analysis/hdr-codec.ts encoding), so windows merge exactly. */
  latencyHdr?: string;
}

/**
 * Sorts samples by second and fills every missing second between the first and the last with an
 * empty one: a second in which nothing completed is a zero, not a gap, for a recovery clock.
 * Two samples for the same second are added up (latency kept only if one side has it).
 */
export function densify(samples: readonly SecondSample[]): SecondSample[] {
  if (samples.length === 0) return [];
  const byT = new Map<number, SecondSample>();
  for (const s of samples) {
    const prev = byT.get(s.t);
    if (!prev) {
      byT.set(s.t, { ...s });
      continue;
    }
    prev.throughput += s.throughput;
    if (s.requests !== undefined) prev.requests = (prev.requests ?? 0) + s.requests;
    if (s.errors !== undefined) prev.errors = (prev.errors ?? 0) + s.errors;
    prev.p95 ??= s.p95;
    prev.latencyHdr ??= s.latencyHdr;
  }
  const ts = [...byT.keys()];
  const { min: first, max: last } = valueExtent(ts);
  const out: SecondSample[] = [];
  for (let t = first; t <= last; t++) out.push(byT.get(t) ?? { t, throughput: 0, requests: 0, errors: 0 });
  return out;
}

/** True when the one-second bucket `t` overlaps the window [startMs, endMs] (unix ms). */
export function bucketOverlaps(t: number, startMs: number, endMs: number): boolean {
  return t * 1000 <= endMs && (t + 1) * 1000 > startMs;
}
