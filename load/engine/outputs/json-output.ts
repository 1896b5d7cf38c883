/**
 * k6's `--out json=FILE` (k6-reference.md §3.1): NDJSON with one `Metric` line per metric right before
 * its first `Point`, then one `Point` line per sample. Streams to disk every 200 ms (gzip for ".gz").
 */
import type { Sample } from '../metrics/contract.ts';
import type { MetricDescription } from '../metrics/metrics-engine.ts';
import { Rfc3339Formatter } from './rfc3339.ts';
import { StreamFile } from './stream-file.ts';

/** Where the output learns a metric's type, thresholds and submetrics (MetricsEngine.describeMetric). */
export interface MetricCatalog {
  describeMetric(name: string): MetricDescription | undefined;
}

/** k6 flushes its JSON output every 200 ms. */
export const JSON_FLUSH_INTERVAL_MS = 200;

/** Streaming NDJSON writer in k6's format. */
export class JsonOutput {
  private readonly file: StreamFile;
  private readonly time = new Rfc3339Formatter();
  /** Metric name → `,"metric":"name"}` suffix; presence means its Metric line was written. */
  private readonly seen = new Map<string, string>();
  private readonly timer: NodeJS.Timeout;
  // The samples of one response share one tags object; k6 tag sets are immutable once emitted, so the
  // serialised form is cached per object (weakly: it goes when the runtime drops the tags).
  private readonly tagsJson = new WeakMap<object, string>();

  /** Opens `path` (throws at once when it cannot) and starts the 200 ms flush timer. */
  constructor(path: string, private readonly catalog: MetricCatalog, flushIntervalMs = JSON_FLUSH_INTERVAL_MS) {
    this.file = new StreamFile(path);
    this.timer = setInterval(() => this.file.flush(), flushIntervalMs);
    this.timer.unref();
  }

  private metricLine(name: string): string {
    const d = this.catalog.describeMetric(name);
    if (!d) throw new Error(`json output: sample for unknown metric "${name}"`);
    const data = { name, type: d.def.type, contains: d.def.contains, thresholds: d.thresholds, submetrics: d.submetrics };
    return `{"type":"Metric","data":${JSON.stringify(data)},"metric":${JSON.stringify(name)}}\n`;
  }

  /** Queues samples as lines; non-finite values are dropped, as k6 cannot marshal them either. */
  write(samples: readonly Sample[]): void {
    let out = '';
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      if (!Number.isFinite(s.value)) continue;
      let tail = this.seen.get(s.metric);
      if (tail === undefined) {
        out += this.metricLine(s.metric);
        tail = `,"metric":${JSON.stringify(s.metric)}}\n`;
        this.seen.set(s.metric, tail);
      }
      const meta = s.metadata && hasKeys(s.metadata) ? `,"metadata":${JSON.stringify(s.metadata)}` : '';
      const tags = s.tags ?? {};
      let tagsText = this.tagsJson.get(tags);
      if (tagsText === undefined) this.tagsJson.set(tags, (tagsText = JSON.stringify(tags)));
      out += `{"type":"Point","data":{"time":"${this.time.format(s.time)}","value":${s.value},"tags":${tagsText}${meta}}${tail}`;
    }
    if (out !== '') this.file.append(out);
  }

  /** Writes what is left and closes the file. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.file.close();
  }
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}
