/**
 * Accumulates k6 samples (or per-second buckets from the engine's time series) per metric, per exact
 * tag set and per second. Trends go into exact-merge HDR histograms, so samples from any number of
 * runners add up to the same histograms as one runner would have produced. Hot path: one Map lookup
 * per level and a cached "current second" per tag set; nothing else is allocated per sample.
 * Per-second trend buckets defer their histogram (trend-bucket.ts): most hold a handful of samples.
 */
import { toHdrValue, type HdrHistogram } from '../hdr-codec.ts';
import { addPendingInto, LazyTrendBucket } from './trend-bucket.ts';
import type { MetricContains, MetricType } from '../result/types.ts';

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

/** One metric restricted to one exact tag set, bucketed per second (unix seconds). */
export class TagSetAccumulator {
  readonly seconds = new Map<number, Bucket>();
  private lastSec = Number.NaN;
  private lastBucket: Bucket | undefined;
  constructor(readonly metric: string, readonly type: MetricType, readonly tags: Record<string, string>) {}

  /** The bucket of second `sec`, created on first use. */
  bucket(sec: number): Bucket {
    if (sec === this.lastSec) return this.lastBucket!;
    let b = this.seconds.get(sec);
    if (!b) {
      b = emptyBucket(this.type);
      this.seconds.set(sec, b);
    }
    this.lastSec = sec;
    this.lastBucket = b;
    return b;
  }
}

/** A metric as seen so far. */
export interface MetricAccumulator {
  name: string;
  type: MetricType;
  contains: MetricContains;
  /** False while the type was only guessed (CSV without a known built-in, a Point before its Metric line). */
  typeKnown: boolean;
  tagSets: Map<string, TagSetAccumulator>;
}

/** A fresh bucket of a metric type. */
export function emptyBucket(type: MetricType): Bucket {
  switch (type) {
    case 'trend':
      return new LazyTrendBucket();
    case 'counter':
      return { kind: 'counter', value: 0 };
    case 'rate':
      return { kind: 'rate', passes: 0, fails: 0 };
    case 'gauge':
      return { kind: 'gauge', value: 0, min: Infinity, max: -Infinity, lastTime: -Infinity };
  }
}

/** A stable key for a tag set: keys sorted, so `{a,b}` and `{b,a}` are one tag set. */
export function tagSetKey(tags: Readonly<Record<string, string>>): string {
  const keys = Object.keys(tags);
  if (keys.length === 0) return '';
  let sorted = true;
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) { sorted = false; break; }
  if (!sorted) keys.sort();
  let out = '';
  for (const k of keys) out += `${k}\u0001${tags[k]}\u0002`;
  return out;
}

/** Collects samples of many metrics, tag sets and runners. */
export class SampleAccumulator {
  readonly metrics = new Map<string, MetricAccumulator>();
  /** Unix ms of the first and last sample (or bucket start/end). */
  minTime = Infinity;
  maxTime = -Infinity;
  samples = 0;

  /** Declares a metric's type; returns an error message when it contradicts an earlier declaration. */
  define(name: string, type: MetricType, contains: MetricContains): string | undefined {
    const m = this.metrics.get(name);
    if (!m) {
      this.metrics.set(name, { name, type, contains, typeKnown: true, tagSets: new Map() });
      return undefined;
    }
    if (m.typeKnown && m.type !== type) return `metric "${name}" was declared ${m.type} earlier and ${type} here`;
    if (!m.typeKnown) {
      if (m.tagSets.size > 0 && m.type !== type) return `metric "${name}" received samples as ${m.type} before its declaration as ${type}`;
      m.type = type;
      m.contains = contains;
      m.typeKnown = true;
    }
    return undefined;
  }

  /** The metric, created with a guessed type when never declared. */
  metric(name: string, guess: () => { type: MetricType; contains: MetricContains }): MetricAccumulator {
    let m = this.metrics.get(name);
    if (!m) {
      const g = guess();
      m = { name, type: g.type, contains: g.contains, typeKnown: false, tagSets: new Map() };
      this.metrics.set(name, m);
    }
    return m;
  }

  /** The accumulator of one tag set of a metric (`key` = tagSetKey(tags), when the caller has it cached). */
  tagSet(m: MetricAccumulator, tags: Record<string, string>, key = tagSetKey(tags)): TagSetAccumulator {
    let ts = m.tagSets.get(key);
    if (!ts) {
      ts = new TagSetAccumulator(m.name, m.type, tags);
      m.tagSets.set(key, ts);
    }
    return ts;
  }

  /** Adds one raw k6 sample (time in unix ms); `key` = tagSetKey(tags) when the caller has it cached. */
  addSample(m: MetricAccumulator, tags: Record<string, string>, timeMs: number, value: number, key?: string): void {
    this.addSampleTo(this.tagSet(m, tags, key), timeMs, value);
  }

  /** Adds one raw k6 sample to a tag set obtained from tagSet() (for callers that cache it). */
  addSampleTo(ts: TagSetAccumulator, timeMs: number, value: number): void {
    const b = ts.bucket(Math.floor(timeMs / 1000));
    if (timeMs < this.minTime) this.minTime = timeMs;
    if (timeMs > this.maxTime) this.maxTime = timeMs;
    this.samples++;
    switch (b.kind) {
      case 'trend':
        b.count++;
        b.sum += value;
        if (value < b.min) b.min = value;
        if (value > b.max) b.max = value;
        if (b instanceof LazyTrendBucket) b.record(toHdrValue(value));
        else b.hist.recordValue(toHdrValue(value));
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

  /** Adds a pre-aggregated one-second bucket (engine time series), merging exactly. */
  addBucket(m: MetricAccumulator, tags: Record<string, string>, t: number, add: Bucket): void {
    const b = this.tagSet(m, tags).bucket(t);
    if (t * 1000 < this.minTime) this.minTime = t * 1000;
    if (t * 1000 + 1000 > this.maxTime) this.maxTime = t * 1000 + 1000;
    mergeBucketInto(b, add);
    this.samples += bucketSamples(add);
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
    const pending = from instanceof LazyTrendBucket ? from.pending : undefined;
    if (pending === undefined) into.hist.add(from.hist);
    else addPendingInto(into.hist, pending);
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
