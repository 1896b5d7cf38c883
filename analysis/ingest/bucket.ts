/**
 * The state of one second (or of a whole run) of one metric and tag set, by metric kind, and the
 * exact merges between them. The per-second store (second-store.ts) keeps most seconds in typed
 * arrays; these objects hold whole-run totals and the seconds merged from pre-aggregated buckets.
 */
import { createTrendHistogram, encodeHistogram, toHdrValue, type HdrHistogram } from '../hdr-codec.ts';
import type { MetricType, SeriesPoint } from '../result/types.ts';

/** Per-second state of a trend. */
export interface TrendBucket { kind: 'trend'; count: number; sum: number; min: number; max: number; hist: HdrHistogram }
/** Per-second state of a counter (sum of the values). */
export interface CounterBucket { kind: 'counter'; value: number }
/** Per-second state of a rate (non-zero vs zero samples). */
export interface RateBucket { kind: 'rate'; passes: number; fails: number }
/** Per-second state of a gauge (last value by time, extremes). */
export interface GaugeBucket { kind: 'gauge'; value: number; min: number; max: number; lastTime: number }
/** State of one second of one tag set, by metric kind. */
export type Bucket = TrendBucket | CounterBucket | RateBucket | GaugeBucket;

/** A fresh bucket of a metric type. */
export function emptyBucket(type: MetricType): Bucket {
  switch (type) {
    case 'trend':
      return { kind: 'trend', count: 0, sum: 0, min: Infinity, max: -Infinity, hist: createTrendHistogram() };
    case 'counter':
      return { kind: 'counter', value: 0 };
    case 'rate':
      return { kind: 'rate', passes: 0, fails: 0 };
    case 'gauge':
      return { kind: 'gauge', value: 0, min: Infinity, max: -Infinity, lastTime: -Infinity };
  }
}

/** Adds one raw sample (time in unix ms) to a bucket. */
export function addSampleToBucket(b: Bucket, timeMs: number, value: number): void {
  switch (b.kind) {
    case 'trend':
      b.count++;
      b.sum += value;
      if (value < b.min) b.min = value;
      if (value > b.max) b.max = value;
      b.hist.recordValue(toHdrValue(value));
      return;
    case 'counter':
      b.value += value;
      return;
    case 'rate':
      if (value !== 0) b.passes++;
      else b.fails++;
      return;
    case 'gauge':
      if (timeMs >= b.lastTime) {
        b.value = value;
        b.lastTime = timeMs;
      }
      if (value < b.min) b.min = value;
      if (value > b.max) b.max = value;
  }
}

/** The series point of second `t` held in a bucket. */
export function bucketPoint(t: number, b: Bucket): SeriesPoint {
  switch (b.kind) {
    case 'trend':
      return { t, count: b.count, sum: b.sum, min: b.min, max: b.max, hdr: encodeHistogram(b.hist) };
    case 'counter':
      return { t, value: b.value };
    case 'rate':
      return { t, passes: b.passes, fails: b.fails };
    case 'gauge':
      return { t, value: b.value, min: b.min, max: b.max };
  }
}

/** Number of samples a bucket represents (gauges: unknown, counted as one). */
export function bucketSamples(b: Bucket): number {
  return b.kind === 'trend' ? b.count : b.kind === 'rate' ? b.passes + b.fails : 1;
}

/** Adds `from` into `into` (same kind). Exact for every kind; a gauge keeps the later value. */
export function mergeBucketInto(into: Bucket, from: Bucket): void {
  if (into.kind === 'trend' && from.kind === 'trend') {
    into.count += from.count;
    into.sum += from.sum;
    if (from.min < into.min) into.min = from.min;
    if (from.max > into.max) into.max = from.max;
    into.hist.add(from.hist);
  } else if (into.kind === 'counter' && from.kind === 'counter') into.value += from.value;
  else if (into.kind === 'rate' && from.kind === 'rate') {
    into.passes += from.passes;
    into.fails += from.fails;
  } else if (into.kind === 'gauge' && from.kind === 'gauge') {
    if (from.lastTime >= into.lastTime) {
      into.value = from.value;
      into.lastTime = from.lastTime;
    }
    if (from.min < into.min) into.min = from.min;
    if (from.max > into.max) into.max = from.max;
  } else throw new Error(`cannot merge a ${from.kind} bucket into a ${into.kind} bucket`);
}
