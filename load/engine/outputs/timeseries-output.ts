/**
 * `--out timeseries=FILE` (format in analysis/timeseries-line.ts): a header line, then one line per
 * (second, metric, tag set) with exact counters and, for trends, the second's encoded HDR histogram.
 * A second is written once the wall clock is LATENESS_S past its end, checked every second. A sample
 * arriving even later gets a second line for the same (second, metric, tag set); readers add such
 * lines up (every field merges exactly: sums, counts, min/max, histogram add; gauge value by time).
 */
import { createTrendHistogram, encodeHistogram, toHdrValue, HDR_SCALE, type HdrHistogram } from '../../../analysis/hdr-codec.ts';
import { dropsUrl } from '../../../analysis/series-url-grouping.ts';
import type { TimeseriesHeader, TimeseriesLine } from '../../../analysis/timeseries-line.ts';
import type { MetricDef, Sample } from '../metrics/contract.ts';
import { StreamFile } from './stream-file.ts';

/** Where the output learns the metric definitions (MetricsEngine.definitions / describeMetric). */
export interface TimeseriesCatalog {
  definitions(): MetricDef[];
}

/** Options of the time-series writer. */
export interface TimeseriesOutputOptions {
  /** Unix ms when the run started (header `startedAt`). */
  startedAt: number;
  /** Instance id for merged multi-runner runs. */
  instance?: string;
  /** Clock for deciding which seconds are complete; Date.now by default (tests pass their own). */
  now?: () => number;
  /** Metrics whose lines keep `url` even under a `name` (a threshold filters on url; see analysis/series-url-grouping.ts). */
  keepUrlFor?: ReadonlySet<string>;
}

// Samples of an iteration can reach the metrics side a little after they were taken (batched per
// iteration); waiting one extra second keeps nearly all of them in their own bucket line.
const LATENESS_S = 1;

interface Bucket {
  t: number;
  metric: string;
  tags: Record<string, string>;
  type: MetricDef['type'];
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number;
  lastTime: number;
  /** Rates only: samples with a non-zero value. */
  passes: number;
  hdr?: HdrHistogram;
}

function tagKey(metric: string, tags: Record<string, string>, dropUrl: boolean): string {
  const keys = Object.keys(tags);
  if (keys.length > 1) keys.sort();
  let k = metric;
  for (const key of keys) if (!dropUrl || key !== 'url') k += `\u0001${key}\u0002${tags[key]}`;
  return k;
}

/** Streaming per-second writer. */
export class TimeseriesOutput {
  private readonly file: StreamFile;
  private readonly buckets = new Map<number, Map<string, Bucket>>();
  private readonly types = new Map<string, MetricDef['type']>();
  private headerWritten = false;
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  /** Opens `path` (throws at once when it cannot) and starts the once-a-second flush. */
  constructor(path: string, private readonly catalog: TimeseriesCatalog, private readonly opts: TimeseriesOutputOptions) {
    this.file = new StreamFile(path);
    this.now = opts.now ?? Date.now;
    this.timer = setInterval(() => this.flushComplete(), 1000);
    this.timer.unref();
  }

  private typeOf(metric: string): MetricDef['type'] {
    let t = this.types.get(metric);
    if (t === undefined) {
      for (const d of this.catalog.definitions()) this.types.set(d.name, d.type);
      t = this.types.get(metric);
      if (t === undefined) throw new Error(`timeseries output: sample for unknown metric "${metric}"`);
    }
    return t;
  }

  /** Adds samples to their second's buckets. */
  write(samples: readonly Sample[]): void {
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      if (!Number.isFinite(s.value)) continue;
      const t = Math.floor(s.time / 1000);
      let second = this.buckets.get(t);
      if (second === undefined) this.buckets.set(t, (second = new Map()));
      const dropUrl = dropsUrl(s.tags) && !this.opts.keepUrlFor?.has(s.metric);
      const key = tagKey(s.metric, s.tags, dropUrl);
      let b = second.get(key);
      if (b === undefined) {
        const type = this.typeOf(s.metric);
        const tags = { ...s.tags };
        if (dropUrl) delete tags.url;
        b = { t, metric: s.metric, tags, type, count: 0, sum: 0, min: s.value, max: s.value, last: s.value, lastTime: -Infinity, passes: 0 };
        if (type === 'trend') b.hdr = createTrendHistogram();
        second.set(key, b);
      }
      b.count++;
      b.sum += s.value;
      if (b.type === 'rate') {
        if (s.value !== 0) b.passes++;
      } else {
        if (s.value < b.min) b.min = s.value;
        if (s.value > b.max) b.max = s.value;
        if (s.time >= b.lastTime) {
          b.last = s.value;
          b.lastTime = s.time;
        }
        b.hdr?.recordValue(toHdrValue(s.value));
      }
    }
  }

  private header(): TimeseriesHeader {
    const metrics: TimeseriesHeader['metrics'] = {};
    for (const d of this.catalog.definitions()) metrics[d.name] = { type: d.type, contains: d.contains };
    const h: TimeseriesHeader = { kind: 'header', format: 'aetheris-bench/timeseries@1', startedAt: this.opts.startedAt, source: 'engine', metrics, hdrScale: HDR_SCALE };
    if (this.opts.instance !== undefined) h.instance = this.opts.instance;
    return h;
  }

  private writeSecond(t: number): string {
    let out = '';
    for (const b of this.buckets.get(t)!.values()) out += `${JSON.stringify(toLine(b))}\n`;
    this.buckets.delete(t);
    return out;
  }

  private flushSeconds(upTo: number): void {
    let out = '';
    if (!this.headerWritten) {
      out += `${JSON.stringify(this.header())}\n`;
      this.headerWritten = true;
    }
    for (const t of [...this.buckets.keys()].sort((a, b) => a - b)) if (t <= upTo) out += this.writeSecond(t);
    this.file.append(out);
    this.file.flush();
  }

  /** Writes every second that is complete (ended more than LATENESS_S ago). */
  flushComplete(): void {
    this.flushSeconds(Math.floor(this.now() / 1000) - 1 - LATENESS_S);
  }

  /** Writes all remaining seconds and closes the file. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.flushSeconds(Infinity);
    await this.file.close();
  }
}

function toLine(b: Bucket): TimeseriesLine {
  const base = { t: b.t, metric: b.metric, tags: b.tags };
  switch (b.type) {
    case 'trend':
      return { kind: 'trend', ...base, count: b.count, sum: b.sum, min: b.min, max: b.max, hdr: encodeHistogram(b.hdr!) };
    case 'counter':
      return { kind: 'counter', ...base, value: b.sum };
    case 'rate':
      return { kind: 'rate', ...base, passes: b.passes, fails: b.count - b.passes };
    case 'gauge':
      return { kind: 'gauge', ...base, value: b.last, min: b.min, max: b.max };
  }
}
