/**
 * Accumulates k6 samples (or per-second buckets from the engine's time series) per metric, per exact
 * tag set and per second. Trends go into exact-merge HDR histograms, so samples from any number of
 * runners add up to the same histograms as one runner would have produced. Hot path: one Map lookup
 * per level and a cached "current second" per tag set; nothing is allocated per sample. Seconds live
 * in a compact per-tag-set store (second-store.ts): memory grows with seconds × tag sets, not lines.
 */
import type { MetricContains, MetricType } from '../result/types.ts';
import { bucketSamples, type Bucket } from './bucket.ts';
import { SecondStore } from './second-store.ts';

/** One metric restricted to one exact tag set, with its per-second data (unix seconds). */
export class TagSetAccumulator {
  readonly store: SecondStore;
  constructor(readonly metric: string, readonly type: MetricType, readonly tags: Record<string, string>) {
    this.store = new SecondStore(type);
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
    const sec = Math.floor(timeMs / 1000);
    if (timeMs < this.minTime) this.minTime = timeMs;
    if (timeMs > this.maxTime) this.maxTime = timeMs;
    this.samples++;
    if (ts.type === 'trend') ts.store.addTrend(sec, value);
    else ts.store.addOther(sec, timeMs, value);
  }

  /** Adds a pre-aggregated one-second bucket (engine time series), merging exactly. */
  addBucket(m: MetricAccumulator, tags: Record<string, string>, t: number, add: Bucket): void {
    if (t * 1000 < this.minTime) this.minTime = t * 1000;
    if (t * 1000 + 1000 > this.maxTime) this.maxTime = t * 1000 + 1000;
    this.tagSet(m, tags).store.addBucket(t, add);
    this.samples += bucketSamples(add);
  }
}

