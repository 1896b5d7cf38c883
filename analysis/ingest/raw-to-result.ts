/**
 * Builds the measurement part of a result from accumulated raw samples or time-series buckets:
 * whole-run values per metric, per requested submetric and per exact tag set; per-second series;
 * thresholds evaluated once over the merged data.
 */
import type { Provenance, ResultMetric, ResultSeries, ResultTagSet, ResultThreshold } from '../result/types.ts';
import { bucketHdr, DEFAULT_PERCENTILES, mergeTagSets, summaryValues, thresholdValues } from './bucket-values.ts';
import { evaluateThresholds, percentilesNeeded, type ThresholdInput } from './evaluate-thresholds.ts';
import type { RawIngestContext } from './raw-context.ts';
import { emptyBucket, type Bucket } from './bucket.ts';
import type { TagSetAccumulator } from './sample-accumulator.ts';
import { urlFilteredMetrics } from '../series-url-grouping.ts';
import { metricSeries } from './series-grouping.ts';
import { parseMetricKey, tagsMatch } from './submetric-key.ts';

/** The measurement part of a result. */
export interface RawMeasurements {
  window: { start: number; end: number } | null;
  durationMs: number | null;
  metrics: Record<string, ResultMetric>;
  tagSets: ResultTagSet[];
  series: ResultSeries[];
  thresholds: ResultThreshold[];
}

/** Options of the build. */
export interface RawBuildOptions {
  runId: string;
  sources: string[];
  method: Provenance['method'];
  /** Extra metric keys to aggregate (e.g. the compare keys of the threshold table). */
  extraKeys?: readonly string[];
  /** Extra stats to compute (e.g. compare stats such as p(99)). */
  extraStats?: readonly string[];
  /** Whole-run duration when known better than the sample window (engine manifest). */
  durationMs?: number | null;
}

function samplesOf(b: Bucket): number | null {
  return b.kind === 'trend' ? b.count : b.kind === 'rate' ? b.passes + b.fails : null;
}

/** Aggregates everything in `ctx` into whole-run metrics, tag sets, series and threshold results. */
export function buildRawMeasurements(ctx: RawIngestContext, opts: RawBuildOptions): RawMeasurements {
  const { acc } = ctx;
  const window = acc.minTime <= acc.maxTime ? { start: acc.minTime, end: acc.maxTime } : null;
  const durationMs = opts.durationMs ?? (window ? window.end - window.start : null);
  const durationSec = durationMs === null ? null : durationMs / 1000;
  const declared = ctx.thresholds.all();
  const percentiles = [...new Set([...DEFAULT_PERCENTILES, ...percentilesNeeded(declared, opts.extraStats)])].sort((a, b) => a - b);
  const provenance = (b: Bucket): Provenance => ({ run: opts.runId, sources: opts.sources, samples: samplesOf(b), window, method: opts.method });

  // One pass over every second fills each tag set's total and its metric's total (in the order a
  // merge of the metric's tag sets would add them, so the plain metric key needs no second pass).
  // A tag set's total is summarised at once and dropped: with a url per id there are tens of
  // thousands of tag sets, and a whole-run histogram each (tens of KiB) would all be live together.
  const ownValues = new Map<TagSetAccumulator, Pick<ResultTagSet, 'values' | 'hdr'>>();
  const metricTotals = new Map<string, Bucket>();
  for (const m of acc.metrics.values()) {
    const all = emptyBucket(m.type);
    for (const ts of m.tagSets.values()) {
      const own = emptyBucket(m.type);
      ts.store.mergeInto(own, all);
      const hdr = bucketHdr(own);
      ownValues.set(ts, { values: summaryValues(own, durationSec, percentiles), ...(hdr ? { hdr } : {}) });
    }
    metricTotals.set(m.name, all);
  }

  const metrics: Record<string, ResultMetric> = {};
  const evalInputs = new Map<string, ThresholdInput>();
  const keys = new Set<string>([...acc.metrics.keys(), ...ctx.submetricKeys, ...ctx.thresholds.keys(), ...(opts.extraKeys ?? [])]);
  for (const key of keys) {
    const { metric, filter } = parseMetricKey(key);
    const m = acc.metrics.get(metric);
    if (!m) continue;
    const matching: TagSetAccumulator[] = [];
    for (const ts of m.tagSets.values()) if (tagsMatch(ts.tags, filter)) matching.push(ts);
    const isPlain = filter.length === 0;
    // k6 shows only observed metrics, plus any metric or submetric named by a threshold.
    if (matching.length === 0 && !ctx.thresholds.keys().includes(key) && !(isPlain && m.typeKnown)) continue;
    const total = isPlain ? metricTotals.get(metric)! : mergeTagSets(m.type, matching);
    const values = summaryValues(total, durationSec, percentiles);
    const hdr = bucketHdr(total);
    metrics[key] = { type: m.type, contains: m.contains, values, ...(hdr ? { hdr } : {}), provenance: provenance(total) };
    evalInputs.set(key, { type: m.type, values: thresholdValues(total, values) });
  }

  const tagSets: ResultTagSet[] = [];
  const series: ResultSeries[] = [];
  // Sorted by metric and tag set, so the same samples give the same file however they were split across runners.
  const metricNames = [...acc.metrics.keys()].sort();
  const urlKept = urlFilteredMetrics(keys);
  for (const name of metricNames) {
    const m = acc.metrics.get(name)!;
    const ordered = [...m.tagSets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, ts]) => ts);
    for (const ts of ordered) tagSets.push({ metric: m.name, tags: ts.tags, type: m.type, contains: m.contains, ...ownValues.get(ts)! });
    series.push(...metricSeries(m, ordered, urlKept.has(name)));
  }
  if (ctx.guessed.size > 0) {
    ctx.notes.push(`metric type not stated by the input, treated as trend: ${[...ctx.guessed].sort().join(', ')} (set it with --metric-type NAME=TYPE)`);
  }
  const thresholds = evaluateThresholds(declared, (key) => evalInputs.get(key));
  return { window, durationMs, metrics, tagSets, series, thresholds };
}
