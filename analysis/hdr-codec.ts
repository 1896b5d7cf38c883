/**
 * The one place that says how trend values become HDR histograms and back: 3 significant digits,
 * auto-resizing, values recorded as Math.round(value × HDR_SCALE) (µs for time trends), encoded with
 * HdrHistogram's standard compressed base64 (readable by the Java/Go/Rust implementations too).
 * Shared by the engine's trend sink, the time-series output and the ingest that re-reads it.
 */
import * as hdr from 'hdr-histogram-js';

/** A histogram as hdr-histogram-js builds it. */
export type HdrHistogram = hdr.Histogram;

/** Multiplier applied before recording (see analysis/timeseries-line.ts `hdrScale`). */
export const HDR_SCALE = 1000;

/** Significant value digits of every trend histogram: relative error ≤ 0.1 %. */
export const HDR_SIGNIFICANT_DIGITS = 3;

/** A new empty trend histogram (32-bit counts, starts tiny and grows with the largest value recorded). */
export function createTrendHistogram(): HdrHistogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2,
    numberOfSignificantValueDigits: HDR_SIGNIFICANT_DIGITS,
    useWebAssembly: false,
  });
}

/**
 * The integer recorded for a value. HDR cannot hold negatives, so a negative custom-trend value is
 * recorded as 0 (the exact min/sum kept beside the histogram still see the real value).
 */
export function toHdrValue(value: number): number {
  const scaled = Math.round(value * HDR_SCALE);
  return scaled > 0 ? scaled : 0;
}

/** Encodes a histogram into HdrHistogram's compressed base64 ("HISTF…"). */
export function encodeHistogram(histogram: HdrHistogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Decodes a compressed base64 histogram into an auto-resizing 32-bit histogram. Throws on a malformed string. */
export function decodeHistogram(encoded: string): HdrHistogram {
  const h = hdr.decodeFromCompressedBase64(encoded, 32, false);
  h.autoResize = true;
  return h;
}

/**
 * The value (in the metric's own unit) at percentile `p` (0..100), following k6's definition
 * (metrics/sink.go TrendSink.P): i = p/100 · (n−1), linear interpolation between the values of rank
 * floor(i) and ceil(i). A rank's value is the middle of its HDR bucket (±0.05 % at 3 digits), except
 * that the exact `min`/`max` kept beside the histogram are used when they fall in that bucket, so p(0)
 * and p(100) are exact. Results are clamped into [min, max]; callers that do not know the extremes may
 * pass 0 and Infinity. 0 for an empty histogram.
 */
export function histogramPercentile(histogram: HdrHistogram, p: number, min: number, max: number): number {
  const n = histogram.totalCount;
  if (n === 0) return 0;
  const i = (Math.min(Math.max(p, 0), 100) / 100) * (n - 1);
  const lo = Math.floor(i);
  const vlo = valueAtRank(histogram as JsLike, lo, n, min, max);
  if (i === lo) return vlo;
  const vhi = valueAtRank(histogram as JsLike, lo + 1, n, min, max);
  return vlo + (vhi - vlo) * (i - lo);
}

/** The bucket helpers hdr-histogram-js's JS histograms have beyond the Histogram interface. */
type JsLike = HdrHistogram & { medianEquivalentValue(v: number): number; lowestEquivalentValue(v: number): number };

/** The value of the sample with 0-based rank `r` in sorted order. */
function valueAtRank(h: JsLike, r: number, n: number, min: number, max: number): number {
  // getValueAtPercentile(q) returns the bucket holding the ceil(q/100·n)-th value (1-based), i.e. rank r.
  const bucketTop = r <= 0 ? h.getValueAtPercentile(0) : h.getValueAtPercentile(((r + 1) / n) * 100);
  const bucket = h.lowestEquivalentValue(bucketTop);
  const inBucket = (x: number): boolean => Number.isFinite(x) && h.lowestEquivalentValue(toHdrValue(x)) === bucket;
  if (r <= 0 && inBucket(min)) return min;
  if (r >= n - 1 && inBucket(max)) return max;
  const v = h.medianEquivalentValue(bucketTop) / HDR_SCALE;
  return v < min ? min : v > max ? max : v;
}
