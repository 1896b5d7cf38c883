/**
 * The one place where `result.json` is typed: everything a run produced, whether it came from the
 * engine, from real k6 output (several runners merged), or from a killed run. `gate`, `diff`,
 * `baseline` and the reports read only this. JSON Schema: `analysis/result/result.schema.json`.
 * Units: time trends in float milliseconds (k6), HDR histograms hold value × 1000 (analysis/hdr-codec.ts).
 */
import type { Fingerprint } from '../../harness/fingerprint.ts';

/** Schema id and version written into every result. */
export const RESULT_SCHEMA = 'aetheris-bench/result@1';

/** k6 metric types. */
export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
/** What a metric's values measure: plain numbers, milliseconds, bytes. */
export type MetricContains = 'default' | 'time' | 'data';

/** Formats the ingest understands (detected by shape, k6-reference §11.2). */
export type InputFormat =
  | 'k6-handle-summary'
  | 'k6-summary-export'
  | 'k6-machine-readable-summary'
  | 'k6-ndjson'
  | 'k6-csv'
  | 'aetheris-timeseries';

/** Where a number came from: which run, which input files, how many samples, which time window. */
export interface Provenance {
  run: string;
  /** Input files (paths as given) whose data went into this number. */
  sources: string[];
  /** Samples aggregated; null when a summary did not say (k6 summaries carry no trend count unless asked). */
  samples: number | null;
  /** Unix ms, inclusive start / exclusive end of the samples; null when unknown (summaries). */
  window: { start: number; end: number } | null;
  /** How the values were obtained. */
  method: 'k6-summary' | 'summary-merge' | 'hdr-from-samples' | 'hdr-from-timeseries';
}

/** Aggregated values of a metric or submetric over the whole run. */
export interface ResultMetric {
  type: MetricType;
  contains: MetricContains;
  /** k6's value keys: counter count/rate, gauge value/min/max, rate rate/passes/fails, trend avg/min/med/max/p(N)/count. */
  values: Record<string, number>;
  /** Whole-run HDR histogram of a trend (compressed base64, values × 1000), when samples were seen. */
  hdr?: string;
  /** Statistics that could not be computed exactly (e.g. percentiles merged from several summaries). */
  unmergeable?: string[];
  provenance: Provenance;
}

/** One metric restricted to one exact tag set. */
export interface ResultTagSet {
  metric: string;
  tags: Record<string, string>;
  type: MetricType;
  contains: MetricContains;
  values: Record<string, number>;
  hdr?: string;
}

/** One point of a per-second series; `t` = start of the second, unix seconds. Fields by kind as analysis/timeseries-line.ts. */
export type SeriesPoint =
  | { t: number; count: number; sum: number; min: number; max: number; hdr: string }
  | { t: number; value: number }
  | { t: number; passes: number; fails: number }
  | { t: number; value: number; min: number; max: number };

/** A per-second series of one metric and tag set. */
export interface ResultSeries {
  metric: string;
  tags: Record<string, string>;
  kind: MetricType;
  points: SeriesPoint[];
}

/** One k6 check (group path included). */
export interface ResultCheck {
  name: string;
  path: string;
  passes: number;
  fails: number;
}

/** One threshold result. */
export interface ResultThreshold {
  /** Metric or submetric key. */
  key: string;
  /** Expression as written. */
  source: string;
  ok: boolean;
  observed?: number;
  /** "k6": the flag k6 itself wrote in a summary; "aetheris-bench": evaluated here over the merged data. */
  evaluatedBy: 'k6' | 'aetheris-bench';
  /** Set when the threshold could not be evaluated (grammar, aggregation unsupported by the type): it counts as failed, as k6 would refuse to run (exit 104). */
  error?: string;
  /** Where the threshold came from: k6's own summary, NDJSON Metric lines, or the threshold table. */
  origin: 'k6-summary' | 'k6-ndjson' | 'threshold-table' | 'engine';
}

/** Whether the load generator itself was the bottleneck. */
export interface GeneratorHealth {
  /** true: the generator could not keep the schedule, so latency and throughput say nothing about the target. */
  saturated: boolean | null;
  droppedIterations?: number;
  maxSchedulingLagMs?: number;
  notes?: string[];
  [extra: string]: unknown;
}

/** A growth verdict for one relation (table, index, …), from analysis/growth. */
export interface GrowthRelation {
  relation: string;
  verdict: 'bounded' | 'unbounded' | 'inconclusive';
  model: string;
  reason: string;
  [extra: string]: unknown;
}

/** Growth part of a result. */
export interface ResultGrowth {
  status: 'computed' | 'no-samples' | 'module-missing';
  note?: string;
  relations: GrowthRelation[];
  /** Growth contracts broken (each fails the gate), as analysis/growth reports them. */
  breaches?: Array<{ relation: string; kind: string; status: string; reason: string }>;
  /** Aetheris tables that contract §5.3 says grow without bound today. */
  unboundedToday?: string[];
  /** Advice drawn from the measurements, each naming what it rests on. */
  recommendations?: unknown[];
  /** Ticks lost while the database was unreachable. */
  gaps?: { count: number; atS: number[] };
}

/** Outcome of one failure drill. */
export interface DrillResult {
  name: string;
  status: 'pass' | 'fail' | 'error';
  reason?: string;
  [extra: string]: unknown;
}

/** Everything a run produced. */
export interface RunResult {
  schema: typeof RESULT_SCHEMA;
  runId: string;
  /** ISO time the result was built. */
  createdAt: string;
  /** What it was built from. */
  source: {
    kind: 'run-dir' | 'ingest';
    files: Array<{ path: string; format: InputFormat | 'manifest' | 'samples' | 'other'; runner?: string; lines?: number }>;
    /** Number of load generators (k6 runners) merged. */
    runners: number;
    /** A run killed half way: the last line of a stream was cut. */
    truncated: boolean;
  };
  /** manifest.json as the run wrote it; null for ingested k6 output. */
  manifest: Record<string, unknown> | null;
  fingerprint: Fingerprint | null;
  /** Measured time window, unix ms; null when the inputs carry no times (summaries). */
  window: { start: number; end: number } | null;
  /** Whole-run duration in ms (k6 testRunDurationMs, or derived from the window). */
  durationMs: number | null;
  /** Metric or submetric key → whole-run values. */
  metrics: Record<string, ResultMetric>;
  tagSets: ResultTagSet[];
  series: ResultSeries[];
  checks: ResultCheck[];
  thresholds: ResultThreshold[];
  /** false if any threshold failed, true if all passed, null when none were declared. */
  thresholdsOk: boolean | null;
  generator: GeneratorHealth | null;
  growth: ResultGrowth;
  drills: DrillResult[];
  /** Human-readable limits of this result (unmergeable statistics, truncated input, missing parts). */
  notes: string[];
}
