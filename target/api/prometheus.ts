/** Label values of one series, in the metric's label order. */
type LabelValues = readonly string[];

/** Prometheus's default histogram buckets (client_golang DefBuckets). */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(names: readonly string[], values: LabelValues, extra = ''): string {
  const parts = names.map((n, i) => `${n}="${escapeLabel(values[i] ?? '')}"`);
  if (extra) parts.push(extra);
  return parts.length ? `{${parts.join(',')}}` : '';
}

abstract class Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labels: readonly string[],
  ) {}
  abstract render(): string;
  protected header(type: string): string {
    return `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} ${type}\n`;
  }
}

/** A counter or gauge vector; like client_golang, a labelled vector prints nothing until first touched. */
export class Series extends Metric {
  private readonly values = new Map<string, { labels: LabelValues; value: number }>();
  constructor(name: string, help: string, labels: readonly string[], private readonly type: 'counter' | 'gauge') {
    super(name, help, labels);
    if (labels.length === 0) this.values.set('', { labels: [], value: 0 });
  }
  /** Adds `by` (default 1) to the series with these label values. */
  inc(labels: LabelValues = [], by = 1): void {
    const key = labels.join('\u0000');
    const cur = this.values.get(key);
    if (cur) cur.value += by;
    else this.values.set(key, { labels, value: by });
  }
  /** Sets the series with these label values (gauges). */
  set(labels: LabelValues, value: number): void {
    this.values.set(labels.join('\u0000'), { labels, value });
  }
  /** Current value of one series (0 when untouched). */
  get(labels: LabelValues = []): number {
    return this.values.get(labels.join('\u0000'))?.value ?? 0;
  }
  render(): string {
    if (this.values.size === 0) return '';
    let out = this.header(this.type);
    for (const { labels, value } of this.values.values()) out += `${this.name}${labelText(this.labels, labels)} ${value}\n`;
    return out;
  }
}

/** A histogram vector with cumulative buckets, _sum and _count. */
export class Histogram extends Metric {
  private readonly series = new Map<string, { labels: LabelValues; counts: number[]; sum: number; count: number }>();
  constructor(name: string, help: string, labels: readonly string[], private readonly buckets = DEFAULT_BUCKETS) {
    super(name, help, labels);
  }
  /** Records one observation (seconds, by convention). */
  observe(labels: LabelValues, value: number): void {
    const key = labels.join('\u0000');
    let s = this.series.get(key);
    if (!s) {
      s = { labels, counts: new Array(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) s.counts[i]! += 1;
    s.sum += value;
    s.count += 1;
  }
  render(): string {
    if (this.series.size === 0) return '';
    let out = this.header('histogram');
    for (const s of this.series.values()) {
      for (let i = 0; i < this.buckets.length; i++) out += `${this.name}_bucket${labelText(this.labels, s.labels, `le="${this.buckets[i]}"`)} ${s.counts[i]}\n`;
      out += `${this.name}_bucket${labelText(this.labels, s.labels, 'le="+Inf"')} ${s.count}\n`;
      out += `${this.name}_sum${labelText(this.labels, s.labels)} ${s.sum}\n`;
      out += `${this.name}_count${labelText(this.labels, s.labels)} ${s.count}\n`;
    }
    return out;
  }
}

/** A private registry rendering Prometheus text format 0.0.4 (no process or runtime collectors, like Aetheris). */
export class Registry {
  private readonly metrics: Metric[] = [];
  /** Registers a counter vector. */
  counter(name: string, help: string, labels: readonly string[] = []): Series {
    return this.add(new Series(name, help, labels, 'counter'));
  }
  /** Registers a gauge vector. */
  gauge(name: string, help: string, labels: readonly string[] = []): Series {
    return this.add(new Series(name, help, labels, 'gauge'));
  }
  /** Registers a histogram vector. */
  histogram(name: string, help: string, labels: readonly string[] = [], buckets = DEFAULT_BUCKETS): Histogram {
    return this.add(new Histogram(name, help, labels, buckets));
  }
  /** The whole registry as exposition text. */
  render(): string {
    return this.metrics.map((m) => m.render()).join('');
  }
  private add<M extends Metric>(m: M): M {
    this.metrics.push(m);
    return m;
  }
}

/** Content-Type of the Prometheus text format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
