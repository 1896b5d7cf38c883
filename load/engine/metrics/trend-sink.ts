/**
 * k6's Trend sink as an HDR histogram (3 significant digits, values × 1000) plus exact count, sum,
 * min and max. Memory stays flat however many samples arrive; snapshots merge exactly (histogram add).
 */
import {
  createTrendHistogram,
  decodeHistogram,
  encodeHistogram,
  histogramPercentile,
  toHdrValue,
  type HdrHistogram,
} from '../../../analysis/hdr-codec.ts';
import type { TrendStat } from './trend-stats.ts';

/** Structured-clone-able state of a trend: exact moments plus the encoded histogram. */
export interface TrendSnapshot {
  kind: 'trend';
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Compressed base64 histogram of values × HDR_SCALE; "" when empty. */
  hdr: string;
}

/** Histogram-backed trend. avg = sum / count; med and p(N) come from the histogram, clamped to [min, max]. */
export class TrendSink {
  count = 0;
  sum = 0;
  min = 0;
  max = 0;
  readonly histogram: HdrHistogram = createTrendHistogram();

  /** Records one sample (ms for time trends). */
  add(value: number): void {
    if (this.count === 0) {
      this.min = value;
      this.max = value;
    } else {
      if (value < this.min) this.min = value;
      if (value > this.max) this.max = value;
    }
    this.count++;
    this.sum += value;
    this.histogram.recordValue(toHdrValue(value));
  }

  /** True when no sample arrived. */
  isEmpty(): boolean {
    return this.count === 0;
  }

  /** Value at percentile p (0..100); 0 when empty. */
  percentile(p: number): number {
    return histogramPercentile(this.histogram, p, this.min, this.max);
  }

  /** Mean of the samples; 0 when empty. */
  avg(): number {
    return this.count > 0 ? this.sum / this.count : 0;
  }

  /** Summary values for the given columns, keyed exactly as the stats were written. */
  values(stats: readonly TrendStat[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of stats) {
      switch (s.kind) {
        case 'avg':
          out[s.key] = this.avg();
          break;
        case 'min':
          out[s.key] = this.min;
          break;
        case 'max':
          out[s.key] = this.max;
          break;
        case 'med':
          out[s.key] = this.percentile(50);
          break;
        case 'count':
          out[s.key] = this.count;
          break;
        case 'p':
          out[s.key] = this.percentile(s.percentile);
          break;
      }
    }
    return out;
  }

  /** Values a threshold may use: min, max, avg, med and each requested percentile (keys `p(N)`). */
  thresholdValues(percentiles: readonly number[]): Record<string, number> {
    const out: Record<string, number> = { min: this.min, max: this.max, avg: this.avg(), med: this.percentile(50) };
    for (const p of percentiles) out[`p(${String(p)})`] = this.percentile(p);
    return out;
  }

  /** Copy of the state. */
  snapshot(): TrendSnapshot {
    return { kind: 'trend', count: this.count, sum: this.sum, min: this.min, max: this.max, hdr: this.count > 0 ? encodeHistogram(this.histogram) : '' };
  }

  /** Merges another trend exactly: moments combine, histograms add bucket by bucket. */
  merge(s: TrendSnapshot): void {
    if (s.count === 0) return;
    if (this.count === 0) {
      this.min = s.min;
      this.max = s.max;
    } else {
      if (s.min < this.min) this.min = s.min;
      if (s.max > this.max) this.max = s.max;
    }
    this.count += s.count;
    this.sum += s.sum;
    this.histogram.add(decodeHistogram(s.hdr));
  }
}
