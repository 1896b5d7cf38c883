/**
 * The per-second HDR bucket counts of one trend key, read once from a result's per-second series
 * so that the bootstrap never merges HDR objects: every tag set matching the key (a submetric
 * filter, or all tag sets of a plain metric) is decoded and its counts are added per second and
 * per bucket. Seconds span the metric's own traffic (first to last second with samples); seconds
 * without samples inside that span stay, empty, because they are part of the measured time.
 */
import { createTrendHistogram, decodeHistogram, HDR_SCALE, toHdrValue } from '../hdr-codec.ts';
import { countsIndex, lowestValueAt } from '../hdr-index.ts';
import { noSeriesReason, seriesOfKey } from './key-series.ts';
import type { RunResult } from '../result/types.ts';

/** Bucket counts of each second of one trend key. */
export interface SecondBuckets {
  /** Seconds from the first to the last second with samples. */
  seconds: number;
  /** Per second: HDR bucket (its lowest equivalent recorded integer) → count. */
  buckets: Array<Map<number, number>>;
  /** Samples and sum of values (metric unit) per second. */
  counts: Float64Array;
  sums: Float64Array;
  /** Exact extremes over all seconds (metric unit). */
  min: number;
  max: number;
}

/** The per-second bucket counts of a trend key, or why there are none. */
export type SecondBucketsResult = { ok: true; data: SecondBuckets } | { ok: false; reason: string };

type JsHistogram = ReturnType<typeof createTrendHistogram> & {
  countsArrayLength: number;
  countsArrayIndex(v: number): number;
  getCountAtIndex(i: number): number;
  valueFromIndex(i: number): number;
  lowestEquivalentValue(v: number): number;
  medianEquivalentValue(v: number): number;
};

// Bucket boundaries depend only on the significant digits (3 for every trend, analysis/hdr-codec.ts),
// so one reference histogram answers "which bucket" and "its middle" for all of them.
const reference = createTrendHistogram() as JsHistogram;

/**
 * The bucket key (lowest equivalent recorded integer) of a value in the metric's unit: HDR's
 * lowestEquivalentValue, in integer arithmetic because simulations call it per request
 * (test/verdict checks it against HDR's own).
 */
export function bucketKeyOf(value: number): number {
  return lowestValueAt(countsIndex(toHdrValue(value)));
}

/** The middle of a bucket, in the metric's unit: the value every sample of that bucket stands for. */
export function bucketMiddle(bucketKey: number): number {
  if (bucketKey < 2048) return bucketKey / HDR_SCALE;
  if (bucketKey >= 2 ** 31) return reference.medianEquivalentValue(bucketKey) / HDR_SCALE;
  const shift = 31 - Math.clz32(bucketKey) - 10;
  return (bucketKey + 2 ** (shift - 1)) / HDR_SCALE;
}

interface TrendPoint { t: number; count: number; sum: number; min: number; max: number; hdr: string }

/** Reads the per-second bucket counts of trend `key` from `result.series`. */
export function secondBuckets(result: RunResult, key: string): SecondBucketsResult {
  const series = seriesOfKey(result, key);
  if (series.length === 0) return { ok: false, reason: noSeriesReason(result, key) };
  if (series.some((s) => s.kind !== 'trend')) return { ok: false, reason: `${key} is not a trend` };
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const s of series) for (const p of s.points as TrendPoint[]) {
    if (p.count <= 0) continue;
    if (p.t < t0) t0 = p.t;
    if (p.t > t1) t1 = p.t;
  }
  if (!(t1 >= t0)) return { ok: false, reason: `no samples of ${key}` };
  const seconds = t1 - t0 + 1;
  const data: SecondBuckets = {
    seconds,
    buckets: Array.from({ length: seconds }, () => new Map<number, number>()),
    counts: new Float64Array(seconds),
    sums: new Float64Array(seconds),
    min: Infinity,
    max: -Infinity,
  };
  for (const s of series) for (const p of s.points as TrendPoint[]) {
    if (p.count <= 0) continue;
    const i = p.t - t0;
    data.counts[i]! += p.count;
    data.sums[i]! += p.sum;
    if (p.min < data.min) data.min = p.min;
    if (p.max > data.max) data.max = p.max;
    addBuckets(data.buckets[i]!, decodeHistogram(p.hdr) as JsHistogram, p.max);
  }
  return { ok: true, data };
}

/** Adds a decoded histogram's non-empty buckets into `into`, scanning only up to its largest value. */
function addBuckets(into: Map<number, number>, h: JsHistogram, max: number): void {
  // The decoder re-derives maxValue from the counts; the point's own max is the fallback.
  const top = Math.max(h.maxValue, Number.isFinite(max) ? toHdrValue(max) : 0);
  const end = Math.min(h.countsArrayLength, h.countsArrayIndex(top) + 2);
  for (let i = 0; i < end; i++) {
    const c = h.getCountAtIndex(i);
    if (c === 0) continue;
    const key = h.lowestEquivalentValue(h.valueFromIndex(i));
    into.set(key, (into.get(key) ?? 0) + c);
  }
}
