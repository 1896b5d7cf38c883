/**
 * Per-window values of one statistic of one metric key, from a result's per-second series: the units
 * the comparison's interval is computed over. Seconds of all tag sets matching the key (a submetric
 * filter, or every tag set of a plain metric) are merged exactly, then grouped into consecutive
 * windows of `windowSec` seconds; a trailing partial window is dropped (it would bias rates).
 */
import { createTrendHistogram, decodeHistogram, histogramPercentile } from '../hdr-codec.ts';
import { parseThresholdExpr, type ThresholdAggregation } from '../threshold-expr.ts';
import { noSeriesReason, seriesOfKey } from './key-series.ts';
import type { MetricType, RunResult } from '../result/types.ts';

/** Values per window, in time order, or why there are none. */
export type WindowValues = { ok: true; values: number[]; kind: MetricType } | { ok: false; reason: string };

interface Acc { count: number; sum: number; min: number; max: number; passes: number; fails: number; value: number; lastT: number; hist?: ReturnType<typeof createTrendHistogram> }

/** Computes `stat` (count, rate, value, avg, min, max, med, p(N)) for each complete window of `key`. */
export function windowValues(result: RunResult, key: string, stat: string, windowSec: number): WindowValues {
  const parsed = parseThresholdExpr(`${stat}<0`);
  if (!parsed.ok) return { ok: false, reason: `"${stat}" is not a statistic` };
  const agg = parsed.expr.aggregation;
  const series = seriesOfKey(result, key);
  if (series.length === 0) return { ok: false, reason: noSeriesReason(result, key) };
  const kind = series[0]!.kind;
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const s of series) for (const p of s.points) {
    if (p.t < t0) t0 = p.t;
    if (p.t > t1) t1 = p.t;
  }
  // Windows span this metric's own traffic, not the whole run: a run's replay-only phase or its
  // follow-up tail carries none of it, and zeros there would swamp a rate's window-to-window noise.
  const windows = Math.floor((t1 - t0 + 1) / windowSec);
  if (!(windows >= 1)) return { ok: false, reason: `${key}: shorter than one ${windowSec} s window` };
  const needHist = kind === 'trend' && (agg.kind === 'percentile' || agg.kind === 'med');
  const accs: Acc[] = Array.from({ length: windows }, () => ({ count: 0, sum: 0, min: Infinity, max: -Infinity, passes: 0, fails: 0, value: 0, lastT: -Infinity, ...(needHist ? { hist: createTrendHistogram() } : {}) }));
  for (const s of series) for (const p of s.points as any[]) {
    const w = Math.floor((p.t - t0) / windowSec);
    if (w < 0 || w >= windows) continue;
    const a = accs[w]!;
    if (kind === 'trend') {
      a.count += p.count;
      a.sum += p.sum;
      if (p.min < a.min) a.min = p.min;
      if (p.max > a.max) a.max = p.max;
      if (a.hist && p.count > 0) a.hist.add(decodeHistogram(p.hdr));
    } else if (kind === 'counter') a.sum += p.value;
    else if (kind === 'rate') {
      a.passes += p.passes;
      a.fails += p.fails;
    } else if (p.t >= a.lastT) {
      a.value = p.value;
      a.lastT = p.t;
    }
  }
  const values: number[] = [];
  const minCount = minSamplesFor(agg);
  for (const a of accs) {
    if (kind === 'trend' && a.count < minCount) continue;
    const v = statOf(kind, agg, a, windowSec);
    if (v !== undefined) values.push(v);
  }
  return { ok: true, values, kind };
}

/**
 * Fewest samples percentile `p` (0–100) needs to mean anything: P(q) needs at least one sample
 * above it, i.e. ⌈1 / (1 − q)⌉ samples (20 for P95, 2 for the median); fewer would only add the
 * noise of a handful of requests.
 */
export function minSamplesForPercentile(p: number): number {
  return p >= 100 ? 1 : Math.ceil(1 / (1 - p / 100));
}

/** Fewest samples a window needs for its statistic (minSamplesForPercentile for p(N) and med). */
function minSamplesFor(agg: ThresholdAggregation): number {
  if (agg.kind === 'percentile') return minSamplesForPercentile(agg.percentile);
  if (agg.kind === 'med') return minSamplesForPercentile(50);
  return 1;
}

function statOf(kind: MetricType, agg: ThresholdAggregation, a: Acc, windowSec: number): number | undefined {
  switch (kind) {
    case 'counter':
      return agg.kind === 'count' ? a.sum : agg.kind === 'rate' ? a.sum / windowSec : undefined;
    case 'rate':
      return agg.kind === 'rate' && a.passes + a.fails > 0 ? a.passes / (a.passes + a.fails) : undefined;
    case 'gauge':
      return agg.kind === 'value' && a.lastT > -Infinity ? a.value : undefined;
    case 'trend':
      if (a.count === 0) return undefined;
      if (agg.kind === 'avg') return a.sum / a.count;
      if (agg.kind === 'min') return a.min;
      if (agg.kind === 'max') return a.max;
      if (agg.kind === 'count') return a.count;
      if (agg.kind === 'med') return histogramPercentile(a.hist!, 50, a.min, a.max);
      if (agg.kind === 'percentile') return histogramPercentile(a.hist!, agg.percentile, a.min, a.max);
      return undefined;
  }
}
