/**
 * The engine's metrics side behind `MetricsEngineApi` (contract.ts): sinks per metric and submetric,
 * thresholds, the group tree, snapshots that merge exactly across workers, and k6's handleSummary data.
 */
import { MetricRegistry } from './builtin-metrics.ts';
import type { MetricDef, MetricsEngineApi, MetricsEngineOptions, Sample, ThresholdResult } from './contract.ts';
import { GroupTree, type GroupTreeSnapshot } from './group-tree.ts';
import { mergeSink, newSink, summaryValues, thresholdValues, type Sink, type SinkSnapshot } from './sinks.ts';
import type { SummaryData, SummaryMetric } from './summary-types.ts';
import { parseMetricKey, tagsMatch } from './submetric-key.ts';
import {
  evaluateGroup,
  goDuration,
  normalizeThresholds,
  percentilesNeeded,
  validateThresholdMetrics,
  type ParsedThreshold,
  type ThresholdGroup,
} from './thresholds.ts';
import { DEFAULT_TREND_STATS, parseTrendStats, type TrendStat } from './trend-stats.ts';

export type { SummaryData, SummaryMetric } from './summary-types.ts';

interface SubEntry {
  name: string;
  suffix: string;
  tags: Record<string, string>;
  tagKeys: string[];
  sink: Sink;
}

interface Entry {
  def: MetricDef;
  sink: Sink;
  subs: SubEntry[];
}

/** What `snapshot()` returns: plain data only, so it survives structured clone / postMessage. */
export interface MetricsSnapshot {
  format: 'aetheris-bench/metrics-snapshot@1';
  metrics: Array<{ def: MetricDef; sink: SinkSnapshot; subs: Array<{ suffix: string; sink: SinkSnapshot }> }>;
  groups: GroupTreeSnapshot;
}

/** How a metric is described on its NDJSON `Metric` line (k6 internal/output/json/wrapper.go). */
export interface MetricDescription {
  def: MetricDef;
  thresholds: unknown[];
  submetrics: Array<{ name: string; suffix: string; tags: Record<string, string> }> | null;
}

/** The submetric k6 always registers while the expected_response system tag is on. */
const EXPECTED_RESPONSE = { metric: 'http_req_duration', suffix: 'expected_response:true' };

/** Sinks, thresholds and summary for one worker (or for the coordinator that merges workers' snapshots). */
export class MetricsEngine implements MetricsEngineApi {
  private readonly registry = new MetricRegistry();
  private readonly entries = new Map<string, Entry>();
  private readonly groupTree = new GroupTree();
  private readonly thresholdGroups: ThresholdGroup[];
  private readonly thresholdErrors: string[];
  private readonly failed = new Map<ParsedThreshold, boolean>();
  private readonly lastObserved = new Map<ParsedThreshold, number | undefined>();
  private readonly trendStatStrings: string[];
  private readonly trendStats: TrendStat[];
  private readonly trendStatErrors: string[];
  /** Samples left out because their value was NaN or ±Infinity (k6's JSON output drops them too). */
  nonFiniteSamples = 0;

  /** Builds the sinks of every built-in metric and reads thresholds and summary options. */
  constructor(private readonly options: MetricsEngineOptions) {
    for (const def of this.registry.all()) this.entries.set(def.name, { def, sink: newSink(def.type), subs: [] });
    const norm = normalizeThresholds(options.thresholds);
    this.thresholdGroups = norm.groups;
    this.thresholdErrors = norm.errors;
    this.trendStatStrings = [...(options.summaryTrendStats ?? DEFAULT_TREND_STATS)];
    const ts = parseTrendStats(this.trendStatStrings);
    this.trendStats = ts.stats;
    this.trendStatErrors = ts.errors;
    this.addSubmetric(EXPECTED_RESPONSE.metric, EXPECTED_RESPONSE.suffix, { expected_response: 'true' });
    this.attachThresholdSubmetrics();
  }

  private addSubmetric(metric: string, suffix: string, tags: Record<string, string>): SubEntry | undefined {
    const entry = this.entries.get(metric);
    if (!entry) return undefined;
    const existing = entry.subs.find((s) => s.suffix === suffix);
    if (existing) return existing;
    const sub: SubEntry = { name: `${metric}{${suffix}}`, suffix, tags, tagKeys: Object.keys(tags), sink: newSink(entry.def.type) };
    entry.subs.push(sub);
    return sub;
  }

  // Custom metrics appear after construction, so submetrics of thresholds are (re)attached on each define.
  private attachThresholdSubmetrics(): void {
    for (const g of this.thresholdGroups) {
      const sub = g.key?.submetric;
      if (g.key && sub) this.addSubmetric(g.key.metric, sub.suffix, sub.tags);
    }
  }

  /** Every problem with thresholds and summaryTrendStats at once (k6 exits 104 when non-empty). */
  validate(): string[] {
    return [...this.thresholdErrors, ...validateThresholdMetrics(this.thresholdGroups, (n) => this.registry.get(n)), ...this.trendStatErrors];
  }

  /** Registers a custom metric; throws on an invalid name or a type clash. */
  define(def: MetricDef): MetricDef {
    const d = this.registry.define(def);
    if (!this.entries.has(d.name)) {
      this.entries.set(d.name, { def: d, sink: newSink(d.type), subs: [] });
      this.attachThresholdSubmetrics();
    }
    return d;
  }

  /** Adds samples to their metric's sink and to every submetric whose tags they carry. */
  add(samples: readonly Sample[]): void {
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      this.addOne(s.metric, s.value, s.tags, s.time);
    }
  }

  /** `add` for one sample given by its fields: the worker's hot path records without a Sample object. */
  addOne(metric: string, value: number, tags: Readonly<Record<string, string>>, time: number): void {
    const e = this.entries.get(metric);
    if (e === undefined) throw new Error(`metrics: sample for undefined metric "${metric}" (define custom metrics before emitting)`);
    // One NaN would poison a sum for the rest of the run; such samples are counted and left out.
    if (!Number.isFinite(value)) {
      this.nonFiniteSamples++;
      return;
    }
    e.sink.add(value, time);
    const subs = e.subs;
    for (let j = 0; j < subs.length; j++) {
      const sub = subs[j]!;
      if (tagsMatch(sub.tags, sub.tagKeys, tags)) sub.sink.add(value, time);
    }
    if (metric === 'checks') {
      const pass = value !== 0;
      this.groupTree.addCheck(tags.group ?? '', tags.check ?? '', pass ? 1 : 0, pass ? 0 : 1);
    } else if (metric === 'group_duration') {
      this.groupTree.ensureGroup(tags.group ?? '');
    }
  }

  /** Structured-clone-able state of every sink and of the group tree. */
  snapshot(): MetricsSnapshot {
    const metrics: MetricsSnapshot['metrics'] = [];
    for (const e of this.entries.values()) {
      metrics.push({ def: { ...e.def }, sink: e.sink.snapshot(), subs: e.subs.map((s) => ({ suffix: s.suffix, sink: s.sink.snapshot() })) });
    }
    return { format: 'aetheris-bench/metrics-snapshot@1', metrics, groups: this.groupTree.snapshot() };
  }

  /** Merges a snapshot of another engine: custom metrics are defined if new, sinks and groups add up. */
  merge(snapshot: unknown): void {
    const snap = snapshot as MetricsSnapshot;
    if (!snap || snap.format !== 'aetheris-bench/metrics-snapshot@1') throw new Error('metrics: merge() needs a snapshot() of a MetricsEngine');
    for (const m of snap.metrics) {
      this.define(m.def);
      const e = this.entries.get(m.def.name)!;
      mergeSink(e.sink, m.sink);
      for (const s of m.subs) {
        const key = parseMetricKey(`${m.def.name}{${s.suffix}}`);
        const tags = typeof key === 'string' ? {} : (key.submetric?.tags ?? {});
        const sub = this.addSubmetric(m.def.name, s.suffix, tags)!;
        mergeSink(sub.sink, s.sink);
      }
    }
    this.groupTree.merge(snap.groups);
  }

  private sinkFor(g: ThresholdGroup): { sink: Sink; def: MetricDef } | undefined {
    if (!g.key) return undefined;
    const e = this.entries.get(g.key.metric);
    if (!e) return undefined;
    if (!g.key.submetric) return { sink: e.sink, def: e.def };
    const sub = e.subs.find((s) => s.suffix === g.key!.submetric!.suffix);
    return sub ? { sink: sub.sink, def: e.def } : undefined;
  }

  /**
   * Evaluates thresholds on all data so far. Periodic runs (final=false) skip empty sinks, as k6 does,
   * and return only what they evaluated; the final run evaluates every threshold.
   */
  evaluate(opts: { final: boolean; elapsedMs: number }): ThresholdResult[] {
    const out: ThresholdResult[] = [];
    for (const g of this.thresholdGroups) {
      const target = this.sinkFor(g);
      if (!target) continue;
      if (!opts.final && target.sink.isEmpty()) continue;
      const values = thresholdValues(target.sink, opts.elapsedMs, percentilesNeeded(g));
      const results = evaluateGroup(g, values);
      results.forEach((r, i) => {
        const t = g.thresholds[i]!;
        this.failed.set(t, !r.ok);
        this.lastObserved.set(t, r.observed);
      });
      out.push(...results);
    }
    return out;
  }

  /** Metric type/contains, its thresholds as k6 writes them on NDJSON Metric lines, and its submetrics. */
  describeMetric(name: string): MetricDescription | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    const thresholds: unknown[] = [];
    for (const g of this.thresholdGroups) {
      if (!g.key || g.key.submetric || g.key.metric !== name) continue;
      for (const t of g.thresholds) {
        thresholds.push(
          t.decl.abortOnFail
            ? { threshold: t.decl.source, abortOnFail: true, delayAbortEval: t.hasDelay ? goDuration(t.decl.delayAbortEvalMs) : null }
            : t.decl.source,
        );
      }
    }
    const submetrics = e.subs.length > 0 ? e.subs.map((s) => ({ name: s.name, suffix: s.suffix, tags: { ...s.tags } })) : null;
    return { def: e.def, thresholds, submetrics };
  }

  /** Every registered metric definition (built-ins, then custom ones in definition order). */
  definitions(): MetricDef[] {
    return this.registry.all();
  }

  /** Last observed aggregate per threshold, keyed `${summaryKey}\u0000${source}` (for the text summary). */
  thresholdObservations(): Map<string, number> {
    const out = new Map<string, number>();
    for (const g of this.thresholdGroups) {
      for (const t of g.thresholds) {
        const v = this.lastObserved.get(t);
        if (v !== undefined) out.set(`${g.summaryKey}\u0000${t.decl.source}`, v);
      }
    }
    return out;
  }

  /** k6's legacy handleSummary data. Call after the final `evaluate` so threshold `ok` flags are final. */
  summaryData(opts: { testRunDurationMs: number; setupData?: unknown; isStdOutTTY: boolean; isStdErrTTY: boolean }): SummaryData {
    const thresholdsByKey = new Map<string, Record<string, { ok: boolean }>>();
    for (const g of this.thresholdGroups) {
      if (!g.key || !this.registry.get(g.key.metric)) continue;
      const map = thresholdsByKey.get(g.summaryKey) ?? {};
      for (const t of g.thresholds) map[t.decl.source] = { ok: !(this.failed.get(t) ?? false) };
      thresholdsByKey.set(g.summaryKey, map);
    }
    const metrics: Record<string, SummaryMetric> = {};
    const put = (name: string, def: MetricDef, sink: Sink): void => {
      const thresholds = thresholdsByKey.get(name);
      if (sink.isEmpty() && !thresholds) return;
      const m: SummaryMetric = { type: def.type, contains: def.contains, values: summaryValues(sink, opts.testRunDurationMs, this.trendStats) };
      if (thresholds) m.thresholds = thresholds;
      metrics[name] = m;
    };
    for (const e of this.entries.values()) {
      put(e.def.name, e.def, e.sink);
      for (const s of e.subs) put(s.name, e.def, s.sink);
    }
    const data: SummaryData = {
      root_group: this.groupTree.rootGroup(),
      options: { summaryTrendStats: [...this.trendStatStrings], summaryTimeUnit: this.options.summaryTimeUnit ?? '', noColor: this.options.noColor ?? false },
      state: { isStdOutTTY: opts.isStdOutTTY, isStdErrTTY: opts.isStdErrTTY, testRunDurationMs: opts.testRunDurationMs },
      metrics,
    };
    if (opts.setupData !== undefined) data.setup_data = opts.setupData;
    return data;
  }
}
