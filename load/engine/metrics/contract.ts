/**
 * The seam between the engine's runtime (VUs, executors, k6 modules) and its metrics side
 * (sinks, thresholds, summary, outputs). The runtime only emits Samples and asks for
 * snapshots, threshold results and summaries through these types; the metrics side never
 * knows about VUs or HTTP.
 */

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
export type MetricContains = 'default' | 'time' | 'data';

/** A metric definition as k6 has it (built-in or custom). */
export interface MetricDef {
  name: string;
  type: MetricType;
  contains: MetricContains;
}

/** One measured value, as k6 emits it. */
export interface Sample {
  metric: string;
  /** Unix time in float milliseconds. */
  time: number;
  /** ms for time metrics, bytes for data, 0/1 for rates, counts for counters. */
  value: number;
  /** Indexable tags, all values strings. */
  tags: Record<string, string>;
  /** Non-indexable values (vu, iter) when enabled. */
  metadata?: Record<string, string>;
}

/** A threshold as declared in options.thresholds, normalised. */
export interface ThresholdDecl {
  /** The expression exactly as written, e.g. "p(95)<500" or "rate >= 0.8". */
  source: string;
  abortOnFail: boolean;
  /** Milliseconds, 0 when not set. */
  delayAbortEvalMs: number;
}

/** Result of evaluating one threshold. */
export interface ThresholdResult {
  /** The metric key: a metric name or a submetric "name{tag:value}". */
  key: string;
  source: string;
  ok: boolean;
  /** The aggregated value it was compared with; undefined when absent (absent passes, as in k6). */
  observed?: number;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
}

/**
 * What `load/engine/metrics/metrics-engine.ts` exports as `class MetricsEngine implements MetricsEngineApi`.
 * The runtime creates one per worker thread (and one in the coordinator that merges snapshots).
 */
export interface MetricsEngineOptions {
  /** options.thresholds exactly as the script declared them. */
  thresholds: Record<string, Array<string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string }>>;
  /** options.summaryTrendStats, default k6's ["avg","min","med","max","p(90)","p(95)"]. */
  summaryTrendStats?: string[];
  /** options.summaryTimeUnit ("" unless set). */
  summaryTimeUnit?: string;
  noColor?: boolean;
}

export interface MetricsEngineApi {
  /** Every problem with the thresholds and trend stats at once (k6 exits 104 if non-empty). Call after custom metrics are defined. */
  validate(): string[];
  /** Registers a custom metric (new Counter/Gauge/Rate/Trend in init context); throws on an invalid name or a type clash. */
  define(def: MetricDef): MetricDef;
  /** Adds samples to the sinks (and to submetrics whose tag filter they match). Hot path: no allocation per sample beyond the sample. */
  add(samples: readonly Sample[]): void;
  /** Serialisable (structured-clone) state of every sink, for merging across workers exactly. */
  snapshot(): unknown;
  /** Merges a snapshot from another worker into this one. */
  merge(snapshot: unknown): void;
  /** Evaluates thresholds over all data so far. `final` follows k6: periodic evaluations skip empty sinks. */
  evaluate(opts: { final: boolean; elapsedMs: number }): ThresholdResult[];
  /** The handleSummary `data` object, k6's legacy shape (k6-reference.md §1). */
  summaryData(opts: { testRunDurationMs: number; setupData?: unknown; isStdOutTTY: boolean; isStdErrTTY: boolean }): unknown;
}
