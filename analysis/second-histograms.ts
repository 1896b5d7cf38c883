/**
 * Per-second latency histograms merged exactly across tag sets (several endpoints' or runners'
 * lines for the same second add up), with the exact extremes each second saw, so percentiles of a
 * second are clamped to what was really measured. Used by the recovery series and the report charts.
 */
import { decodeHistogram, histogramPercentile, type HdrHistogram } from './hdr-codec.ts';

/** One second's merged histogram and extremes. */
export interface MergedSecond {
  h: HdrHistogram;
  min: number;
  max: number;
}

/** Seconds → merged histogram. */
export class SecondHistograms {
  readonly seconds = new Map<number, MergedSecond>();

  /** Adds one encoded per-second histogram (second `t`, exact min and max of its samples). */
  add(t: number, hdr: string, min: number, max: number): void {
    const h = decodeHistogram(hdr);
    const acc = this.seconds.get(t);
    if (acc === undefined) {
      this.seconds.set(t, { h, min, max });
      return;
    }
    acc.h.add(h);
    if (min < acc.min) acc.min = min;
    if (max > acc.max) acc.max = max;
  }

  /** Percentile `q` (0–100) of second `t`, or null when nothing was recorded then. */
  percentile(t: number, q: number): number | null {
    const a = this.seconds.get(t);
    return a === undefined ? null : histogramPercentile(a.h, q, a.min, a.max);
  }
}
