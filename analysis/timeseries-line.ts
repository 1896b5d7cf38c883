/**
 * One line of the per-second time-series output (`--out timeseries=FILE`, NDJSON, optionally .gz).
 * The engine writes it; ingest, analyze, compare and the reports read it. Beyond k6: it keeps
 * per-second HDR histograms so that any window, or any set of runners, can be re-evaluated exactly.
 *
 * One line per (second, metric, tag set) that received samples in that second.
 * Trend values are recorded in the HDR histogram as Math.round(value * 1000), i.e. microseconds for
 * time trends (k6 reports time in float milliseconds), 3 significant digits; `sum`/`min`/`max`/`count`
 * are exact and in the metric's own unit (ms for time trends).
 */
export type TimeseriesLine =
  | TimeseriesHeader
  | TimeseriesTrend
  | TimeseriesCounter
  | TimeseriesRate
  | TimeseriesGauge;

/** First line of every file: what wrote it and the metric definitions it will use. */
export interface TimeseriesHeader {
  kind: 'header';
  /** Format version of this file. */
  format: 'aetheris-bench/timeseries@1';
  /** Unix ms when the run started. */
  startedAt: number;
  /** Which runner wrote it: "engine" or "k6-ingest", plus an instance id for merged runs. */
  source: string;
  instance?: string;
  metrics: Record<string, { type: 'counter' | 'gauge' | 'rate' | 'trend'; contains: 'default' | 'time' | 'data' }>;
  /** HDR value multiplier for trends (1000: histograms hold value × 1000). */
  hdrScale: 1000;
}

interface Base {
  /** Start of the one-second bucket, unix seconds (integer). */
  t: number;
  metric: string;
  /** Tag set of the samples in this line (k6 tags: name, method, status, scenario, custom tags…). */
  tags: Record<string, string>;
}

export interface TimeseriesTrend extends Base {
  kind: 'trend';
  count: number;
  sum: number;
  min: number;
  max: number;
  /** hdr-histogram-js encodeIntoCompressedBase64 of the bucket's histogram (values × hdrScale). */
  hdr: string;
}

export interface TimeseriesCounter extends Base {
  kind: 'counter';
  /** Sum of the sample values in the bucket. */
  value: number;
}

export interface TimeseriesRate extends Base {
  kind: 'rate';
  /** Samples whose value was non-zero (for http_req_failed: failed requests). */
  passes: number;
  /** Samples whose value was zero. */
  fails: number;
}

export interface TimeseriesGauge extends Base {
  kind: 'gauge';
  /** Last value seen in the bucket, with the bucket's min and max. */
  value: number;
  min: number;
  max: number;
}
