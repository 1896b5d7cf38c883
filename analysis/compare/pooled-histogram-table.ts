/**
 * A trend's per-second bucket counts laid out so that the statistic of ANY union of time ranges
 * (one bootstrap resample) costs a few array reads instead of an HDR merge: a prefix table over time
 * of the cumulative-over-buckets counts, cum[j][t] = samples in units < t whose bucket ≤ j. The
 * pooled count up to bucket j of a range [s, e) is cum[j][e] − cum[j][s], so a quantile of a
 * resample of m ranges is a binary search over buckets costing O(m · log K). Stored bucket-major:
 * one probe reads one contiguous column, which keeps the resampling loop in cache.
 * Buckets are compacted to those that hold samples (K is a few hundred to a few thousand), and a
 * very long run is grouped into coarser time units so the table stays under `maxCells`.
 */
import { bucketMiddle, type SecondBuckets } from './second-buckets.ts';

/** A pooled trend statistic: a quantile (k6's p(N) and med) or the mean (avg). */
export type TrendStatistic = { kind: 'quantile'; p: number } | { kind: 'mean' };

/** Time ranges [start, end) of units, flat: [s0, e0, s1, e1, …]; `n` ranges are used. */
export interface UnitRanges {
  bounds: Int32Array;
  n: number;
}

/** Prefix tables of one run's trend, for pooled statistics over any set of time ranges. */
export class PooledHistogramTable {
  /** Time units (seconds, or groups of seconds for very long runs). */
  readonly units: number;
  /** Seconds per unit. */
  readonly unitSec: number;
  /** Middle of each compacted bucket, ascending (metric unit). */
  readonly values: Float64Array;
  readonly min: number;
  readonly max: number;
  private readonly k: number;
  private readonly cum: Float64Array | Int32Array;
  /** Row length of `cum`: units + 1. */
  private readonly stride: number;
  private readonly countPrefix: Float64Array;
  private readonly sumPrefix: Float64Array;
  /** Whole-run bucket of each quantile asked for: where a resample's search starts. */
  private readonly hints = new Map<number, number>();

  /** Builds the table; `maxCells` bounds its size ((units + 1) × buckets doubles). */
  constructor(data: SecondBuckets, maxCells = 2_000_000) {
    let nnz = 0;
    for (const m of data.buckets) nnz += m.size;
    const all = new Float64Array(nnz);
    let w = 0;
    for (const m of data.buckets) for (const key of m.keys()) all[w++] = key;
    all.sort();
    let distinct = 0;
    for (let i = 0; i < nnz; i++) if (i === 0 || all[i] !== all[i - 1]) all[distinct++] = all[i]!;
    const sorted = all.subarray(0, distinct);
    const index = new Map<number, number>();
    for (let i = 0; i < distinct; i++) index.set(sorted[i]!, i);
    this.k = Math.max(1, distinct);
    this.values = sorted.map(bucketMiddle);
    this.unitSec = Math.max(1, Math.ceil((data.seconds * this.k) / maxCells));
    this.units = Math.ceil(data.seconds / this.unitSec);
    this.min = data.min;
    this.max = data.max;
    const k = this.k;
    const stride = (this.stride = this.units + 1);
    let total = 0;
    for (let s = 0; s < data.seconds; s++) total += data.counts[s]!;
    // Integer counts: 32-bit cells halve the table (and its cache footprint) unless a run is that big.
    this.cum = total < 2 ** 31 ? new Int32Array(stride * k) : new Float64Array(stride * k);
    this.countPrefix = new Float64Array(stride);
    this.sumPrefix = new Float64Array(stride);
    // Transpose the sparse seconds into per-bucket (unit, count) lists, then fill column by column:
    // cum[j][t] = cum[j − 1][t] + (bucket j's samples in units < t), contiguous reads and writes only.
    const perBucket: number[][] = Array.from({ length: k }, () => []);
    for (let u = 0; u < this.units; u++) {
      let count = 0;
      let sum = 0;
      for (let s = u * this.unitSec; s < Math.min(data.seconds, (u + 1) * this.unitSec); s++) {
        for (const [key, c] of data.buckets[s]!) perBucket[index.get(key)!]!.push(u, c);
        count += data.counts[s]!;
        sum += data.sums[s]!;
      }
      this.countPrefix[u + 1] = this.countPrefix[u]! + count;
      this.sumPrefix[u + 1] = this.sumPrefix[u]! + sum;
    }
    const cum = this.cum;
    for (let j = 0; j < k; j++) {
      const entries = perBucket[j]!;
      const col = j * stride;
      if (j > 0) cum.copyWithin(col, col - stride, col);
      // Units were pushed in increasing order; one unit may appear more than once (coarse units).
      let running = 0;
      for (let e = 0; e < entries.length; e += 2) {
        running += entries[e + 1]!;
        const to = e + 2 < entries.length ? entries[e + 2]! + 1 : stride;
        for (let t = entries[e]! + 1; t < to; t++) cum[col + t]! += running;
      }
    }
  }

  /** The whole run as one range. */
  all(): UnitRanges {
    return { bounds: Int32Array.of(0, this.units), n: 1 };
  }

  /** Samples in the ranges. */
  count(r: UnitRanges): number {
    let n = 0;
    for (let i = 0; i < 2 * r.n; i += 2) n += this.countPrefix[r.bounds[i + 1]!]! - this.countPrefix[r.bounds[i]!]!;
    return n;
  }

  /** The statistic of the samples pooled over the ranges; NaN when they hold no sample. */
  statistic(stat: TrendStatistic, r: UnitRanges): number {
    const n = this.count(r);
    if (n === 0) return Number.NaN;
    if (stat.kind === 'mean') {
      let sum = 0;
      for (let i = 0; i < 2 * r.n; i += 2) sum += this.sumPrefix[r.bounds[i + 1]!]! - this.sumPrefix[r.bounds[i]!]!;
      return sum / n;
    }
    // k6's definition (metrics/sink.go TrendSink.P): rank i = p·(n−1), linear between floor(i) and ceil(i).
    const i = (Math.min(Math.max(stat.p, 0), 100) / 100) * (n - 1);
    const lo = Math.floor(i);
    const jLo = this.bucketOfRank(lo, r, this.hint(stat.p));
    const vLo = this.values[jLo]!;
    if (i === lo) return vLo;
    const jHi = this.cumAt(jLo, r) >= lo + 2 ? jLo : this.bucketOfRank(lo + 1, r, jLo);
    return vLo + (this.values[jHi]! - vLo) * (i - lo);
  }

  /** The statistic of the whole run, clamped into the exact extremes (a bucket middle may pass them). */
  wholeRun(stat: TrendStatistic): number {
    const v = this.statistic(stat, this.all());
    return v < this.min ? this.min : v > this.max ? this.max : v;
  }

  /**
   * Each unit's contribution to the estimating equation of the whole-run statistic θ (its influence):
   * Σ(1{x ≤ θ} − p) for a quantile, Σ(x − θ) for the mean. Its autocorrelation is what makes the
   * statistic's noise larger than independent samples would suggest, so the block length follows it.
   */
  influence(stat: TrendStatistic): Float64Array {
    const out = new Float64Array(this.units);
    if (stat.kind === 'mean') {
      const mean = this.statistic(stat, this.all());
      for (let u = 0; u < this.units; u++) out[u] = this.sumPrefix[u + 1]! - this.sumPrefix[u]! - mean * (this.countPrefix[u + 1]! - this.countPrefix[u]!);
      return out;
    }
    // θ's bucket is the whole run's bucket of p, which the resamples also start their search from.
    const col = Math.max(0, this.hint(stat.p)) * this.stride;
    for (let u = 0; u < this.units; u++) {
      out[u] = this.cum[col + u + 1]! - this.cum[col + u]! - (stat.p / 100) * (this.countPrefix[u + 1]! - this.countPrefix[u]!);
    }
    return out;
  }

  /** The whole run's bucket of quantile p (−1 before there is one). */
  private hint(p: number): number {
    let h = this.hints.get(p);
    if (h === undefined) {
      const all = this.all();
      const n = this.count(all);
      h = n > 0 ? this.bucketOfRank(Math.floor((Math.min(Math.max(p, 0), 100) / 100) * (n - 1)), all) : -1;
      this.hints.set(p, h);
    }
    return h;
  }

  /** Pooled samples with bucket ≤ j. */
  private cumAt(j: number, r: UnitRanges): number {
    let c = 0;
    const col = j * this.stride;
    const cum = this.cum;
    const b = r.bounds;
    for (let i = 0; i < 2 * r.n; i += 2) c += cum[col + b[i + 1]!]! - cum[col + b[i]!]!;
    return c;
  }

  /**
   * The bucket holding the sample of 0-based rank `rank`: the first j whose pooled cumulative count
   * exceeds it. Searched outward from `hint` (a resample's quantile lies near the whole run's, so
   * galloping needs fewer probes than bisecting all K buckets), then bisected.
   */
  private bucketOfRank(rank: number, r: UnitRanges, hint = -1): number {
    let lo = 0;
    let hi = this.k - 1;
    if (hint >= 0 && hint < this.k) {
      if (this.cumAt(hint, r) >= rank + 1) {
        hi = hint;
        for (let step = 8; hi > 0; step *= 2) {
          const probe = Math.max(0, hint - step);
          if (this.cumAt(probe, r) >= rank + 1) hi = probe;
          else { lo = probe + 1; break; }
          if (probe === 0) break;
        }
      } else {
        lo = hint + 1;
        for (let step = 8; lo <= this.k - 1; step *= 2) {
          const probe = Math.min(this.k - 1, hint + step);
          if (this.cumAt(probe, r) >= rank + 1) { hi = probe; break; }
          lo = probe + 1;
          if (probe === this.k - 1) break;
        }
        if (lo > this.k - 1) return this.k - 1;
      }
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumAt(mid, r) >= rank + 1) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
