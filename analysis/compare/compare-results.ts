/**
 * Compares a result with a baseline, metric by metric, for the gated metrics of the threshold table
 * (`compare` entries): relative change of the statistic with a confidence interval, the table's
 * margin, a three-valued verdict and the minimum detectable effect. Runs whose fingerprints differ
 * are incomparable unless explicitly allowed. Pure: `gate` and `diff` call it.
 *
 * Two estimators, by what the statistic is:
 * - Trend quantiles and means (p(N), med, avg): the statistic of the POOLED histogram of the whole
 *   measured window on each side, with a circular block bootstrap over seconds for the interval
 *   (block-bootstrap-interval.ts). A mean of per-window P95s is not the run's P95 and is dominated
 *   by thin windows whose P95 rests on a handful of requests (`calibrate` measured MDEs of
 *   36–19,901 % that way); the pooled P95 rests on every request and varies a few % between runs.
 * - Everything else (counter rate/count, rate metrics, gauges, trend min/max/count): the mean of
 *   per-window values with a Welch t interval over autocorrelation-discounted windows
 *   (relative-change-interval.ts). These per-window values are sums or fractions, not tail
 *   statistics, so each window is already a stable, near-normal estimate, and with the ~12 windows
 *   of a short run the t quantile's small-sample widening is more honest than a percentile
 *   bootstrap, which is known to be too narrow with few blocks. Extremes (min/max) cannot be
 *   bootstrapped at all (a resample never exceeds the observed max), so they keep the mean of
 *   per-window extremes.
 */
import { fingerprintDiff } from '../../harness/fingerprint.ts';
import type { RunResult } from '../result/types.ts';
import type { CompareSpec } from '../threshold-table.ts';
import { blockBootstrapInterval, DEFAULT_RESAMPLES } from './block-bootstrap-interval.ts';
import { seriesOfKey } from './key-series.ts';
import { PooledHistogramTable, type TrendStatistic } from './pooled-histogram-table.ts';
import { relativeChangeInterval } from './relative-change-interval.ts';
import { secondBuckets } from './second-buckets.ts';
import { seedFromString } from '../seeded-prng.ts';
import { threeValuedVerdict, type MetricVerdict } from './three-valued-verdict.ts';
import { minSamplesForPercentile, windowValues } from './window-values.ts';

/** Overall outcome of a comparison. */
export type ComparisonVerdict = MetricVerdict | 'incomparable';

/** One gated metric compared. */
export interface MetricComparison {
  key: string;
  stat: string;
  margin: number;
  better: 'lower' | 'higher';
  description: string;
  /** Whole-run value of the statistic on each side (null when the result does not hold it). */
  baseline: number | null;
  current: number | null;
  /** How the interval was formed (see the file comment). */
  method: 'pooled-block-bootstrap' | 'window-mean-t';
  /** Relative change of the statistic (pooled, or mean of windows), with its interval. */
  change: number;
  lower: number;
  upper: number;
  minimumDetectableEffect: number;
  /**
   * Units the interval rests on: seconds and bootstrap blocks per resample (pooled-block-bootstrap),
   * or windows and autocorrelation-discounted windows (window-mean-t).
   */
  windows: { baseline: number; current: number; effectiveBaseline: number; effectiveCurrent: number };
  /** Bootstrap block length in seconds per side (null for window-mean-t). */
  blockSec: { baseline: number; current: number } | null;
  verdict: MetricVerdict;
}

/** A gated metric that could not be compared, and why. */
export interface NotCompared {
  key: string;
  stat: string;
  reason: string;
}

/** The whole comparison. */
export interface Comparison {
  verdict: ComparisonVerdict;
  /** One sentence for the verdict line. */
  reason: string;
  fingerprint: { comparable: boolean; differences: string[]; allowed: boolean };
  windowSec: number;
  confidence: number;
  /** Bootstrap resamples per side for the pooled trend statistics. */
  resamples: number;
  baselineRun: string;
  currentRun: string;
  metrics: MetricComparison[];
  notCompared: NotCompared[];
}

/** Options of a comparison. */
export interface CompareOptions {
  /** Compare runs whose fingerprints differ (the verdict is then computed, and the difference reported). */
  allowIncomparable?: boolean;
  /** Window length in seconds (default 5). */
  windowSec?: number;
  /** Two-sided confidence of the interval (default 0.95). */
  confidence?: number;
  /** Bootstrap resamples per side (default 2,000). */
  resamples?: number;
}

function fingerprintCheck(baseline: RunResult, current: RunResult): string[] {
  if (!baseline.fingerprint || !current.fingerprint) {
    return [`${!baseline.fingerprint ? 'baseline' : 'result'} has no comparability fingerprint (e.g. ingested k6 output), so nothing shows the two runs measured the same setup`];
  }
  return fingerprintDiff(baseline.fingerprint, current.fingerprint);
}

/**
 * The margin a comparison uses: the table's relative margin, widened to the absolute floor when the
 * baseline value is so small that the floor is the larger change (max(margin, floor / baseline)).
 */
export function effectiveMargin(spec: Pick<CompareSpec, 'margin' | 'floor'>, baselineValue: number | null): number {
  if (!spec.floor || baselineValue === null || !(baselineValue > 0)) return spec.margin;
  return Math.max(spec.margin, spec.floor / baselineValue);
}

/** The pooled trend statistic a stat names, if the bootstrap handles it (p(N), med, avg). */
function pooledTrendStatistic(stat: string): TrendStatistic | undefined {
  if (stat === 'avg') return { kind: 'mean' };
  if (stat === 'med') return { kind: 'quantile', p: 50 };
  const m = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
  return m ? { kind: 'quantile', p: Number(m[1]) } : undefined;
}

/** Whether `key`'s per-second series in `result` are trends. */
function isTrend(result: RunResult, key: string): boolean {
  return seriesOfKey(result, key).some((s) => s.kind === 'trend');
}

type Measured = Omit<MetricComparison, 'key' | 'stat' | 'margin' | 'better' | 'description' | 'verdict'>;

function compareByBootstrap(baseline: RunResult, current: RunResult, spec: CompareSpec, stat: TrendStatistic, confidence: number, resamples: number): Measured | string {
  const b = secondBuckets(baseline, spec.key);
  const c = secondBuckets(current, spec.key);
  if (!b.ok || !c.ok) return !b.ok ? `baseline: ${b.reason}` : `result: ${(c as { reason: string }).reason}`;
  const tb = new PooledHistogramTable(b.data);
  const tc = new PooledHistogramTable(c.data);
  const need = stat.kind === 'quantile' ? minSamplesForPercentile(stat.p) : 1;
  const nb = tb.count(tb.all());
  const nc = tc.count(tc.all());
  if (nb < need || nc < need) return `too few samples for ${spec.stat} (baseline ${nb}, result ${nc}; need ≥ ${need} each)`;
  const iv = blockBootstrapInterval(tb, tc, stat, { confidence, resamples, seed: seedFromString(`${spec.key} ${spec.stat}`) });
  if ('reason' in iv) return iv.reason;
  return {
    method: 'pooled-block-bootstrap',
    baseline: iv.baseline,
    current: iv.current,
    change: iv.change,
    lower: iv.lower,
    upper: iv.upper,
    minimumDetectableEffect: iv.minimumDetectableEffect,
    windows: { baseline: iv.seconds.baseline, current: iv.seconds.current, effectiveBaseline: iv.blocks.baseline, effectiveCurrent: iv.blocks.current },
    blockSec: iv.blockSec,
  };
}

function compareByWindows(baseline: RunResult, current: RunResult, spec: CompareSpec, windowSec: number, confidence: number): Measured | string {
  const b = windowValues(baseline, spec.key, spec.stat, windowSec);
  const c = windowValues(current, spec.key, spec.stat, windowSec);
  if (!b.ok || !c.ok) return !b.ok ? `baseline: ${b.reason}` : `result: ${(c as { reason: string }).reason}`;
  const interval = relativeChangeInterval(b.values, c.values, confidence);
  if (!interval) return `too few windows with data (baseline ${b.values.length}, result ${c.values.length}; need ≥ 2 each, with a positive mean)`;
  return {
    method: 'window-mean-t',
    baseline: baseline.metrics[spec.key]?.values[spec.stat] ?? null,
    current: current.metrics[spec.key]?.values[spec.stat] ?? null,
    change: interval.change,
    lower: interval.lower,
    upper: interval.upper,
    minimumDetectableEffect: interval.minimumDetectableEffect,
    windows: { baseline: b.values.length, current: c.values.length, effectiveBaseline: interval.nEffBaseline, effectiveCurrent: interval.nEffCurrent },
    blockSec: null,
  };
}

/** Compares `current` with `baseline` over the given specs. */
export function compareResults(baseline: RunResult, current: RunResult, specs: readonly CompareSpec[], opts: CompareOptions = {}): Comparison {
  const windowSec = opts.windowSec ?? 5;
  const confidence = opts.confidence ?? 0.95;
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  const differences = fingerprintCheck(baseline, current);
  const allowed = opts.allowIncomparable === true;
  const metrics: MetricComparison[] = [];
  const notCompared: NotCompared[] = [];
  for (const spec of specs) {
    const pooled = pooledTrendStatistic(spec.stat);
    const measured = pooled && isTrend(baseline, spec.key) && isTrend(current, spec.key)
      ? compareByBootstrap(baseline, current, spec, pooled, confidence, resamples)
      : compareByWindows(baseline, current, spec, windowSec, confidence);
    if (typeof measured === 'string') {
      notCompared.push({ key: spec.key, stat: spec.stat, reason: measured });
      continue;
    }
    const margin = effectiveMargin(spec, measured.baseline);
    metrics.push({ key: spec.key, stat: spec.stat, margin, better: spec.better, description: spec.description, ...measured, verdict: threeValuedVerdict(measured, margin, spec.better) });
  }
  const fingerprint = { comparable: differences.length === 0, differences, allowed };
  const base = { fingerprint, windowSec, confidence, resamples, baselineRun: baseline.runId, currentRun: current.runId, metrics, notCompared };
  if (!fingerprint.comparable && !allowed) {
    return { ...base, verdict: 'incomparable', reason: `runs are not comparable: ${differences.join('; ')} (--allow-incomparable to compare anyway)` };
  }
  const fails = metrics.filter((m) => m.verdict === 'fail');
  const unsure = metrics.filter((m) => m.verdict === 'inconclusive');
  const caveat = fingerprint.comparable ? '' : ' (fingerprints differ, compared because allowed)';
  if (fails.length > 0) return { ...base, verdict: 'fail', reason: `regression beyond the margin in ${fails.map((m) => `${m.key} ${m.stat}`).join(', ')}${caveat}` };
  if (unsure.length > 0) return { ...base, verdict: 'inconclusive', reason: `too noisy to decide for ${unsure.map((m) => `${m.key} ${m.stat}`).join(', ')}${caveat}` };
  if (metrics.length === 0) return { ...base, verdict: 'inconclusive', reason: `no gated metric could be compared${caveat}` };
  // A gated metric that was not measured cannot be vouched for: the gate must not pass silently.
  if (notCompared.length > 0) return { ...base, verdict: 'inconclusive', reason: `${metrics.length} metric(s) within their margins, but ${notCompared.map((m) => m.key).join(', ')} could not be compared${caveat}` };
  return { ...base, verdict: 'pass', reason: `all ${metrics.length} gated metric(s) within their margins${caveat}` };
}
