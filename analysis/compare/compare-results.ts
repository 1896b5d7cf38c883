/**
 * Compares a result with a baseline, metric by metric, for the gated metrics of the threshold table
 * (`compare` entries): relative change of the statistic with a confidence interval over per-window
 * values, the table's margin, a three-valued verdict and the minimum detectable effect. Runs whose
 * fingerprints differ are incomparable unless explicitly allowed. Pure: `gate` and `diff` call it.
 */
import { fingerprintDiff } from '../../harness/fingerprint.ts';
import type { RunResult } from '../result/types.ts';
import type { CompareSpec } from '../threshold-table.ts';
import { relativeChangeInterval } from './relative-change-interval.ts';
import { threeValuedVerdict, type MetricVerdict } from './three-valued-verdict.ts';
import { windowValues } from './window-values.ts';

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
  /** Relative change of the mean window statistic, with its interval. */
  change: number;
  lower: number;
  upper: number;
  minimumDetectableEffect: number;
  windows: { baseline: number; current: number; effectiveBaseline: number; effectiveCurrent: number };
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

/** Compares `current` with `baseline` over the given specs. */
export function compareResults(baseline: RunResult, current: RunResult, specs: readonly CompareSpec[], opts: CompareOptions = {}): Comparison {
  const windowSec = opts.windowSec ?? 5;
  const confidence = opts.confidence ?? 0.95;
  const differences = fingerprintCheck(baseline, current);
  const allowed = opts.allowIncomparable === true;
  const metrics: MetricComparison[] = [];
  const notCompared: NotCompared[] = [];
  for (const spec of specs) {
    const b = windowValues(baseline, spec.key, spec.stat, windowSec);
    const c = windowValues(current, spec.key, spec.stat, windowSec);
    if (!b.ok || !c.ok) {
      notCompared.push({ key: spec.key, stat: spec.stat, reason: !b.ok ? `baseline: ${b.reason}` : `result: ${(c as { reason: string }).reason}` });
      continue;
    }
    const interval = relativeChangeInterval(b.values, c.values, confidence);
    if (!interval) {
      notCompared.push({ key: spec.key, stat: spec.stat, reason: `too few windows with data (baseline ${b.values.length}, result ${c.values.length}; need ≥ 2 each, with a positive mean)` });
      continue;
    }
    const baselineStat = baseline.metrics[spec.key]?.values[spec.stat] ?? null;
    const margin = effectiveMargin(spec, baselineStat);
    metrics.push({
      key: spec.key,
      stat: spec.stat,
      margin,
      better: spec.better,
      description: spec.description,
      baseline: baselineStat,
      current: current.metrics[spec.key]?.values[spec.stat] ?? null,
      change: interval.change,
      lower: interval.lower,
      upper: interval.upper,
      minimumDetectableEffect: interval.minimumDetectableEffect,
      windows: { baseline: b.values.length, current: c.values.length, effectiveBaseline: interval.nEffBaseline, effectiveCurrent: interval.nEffCurrent },
      verdict: threeValuedVerdict(interval, margin, spec.better),
    });
  }
  const fingerprint = { comparable: differences.length === 0, differences, allowed };
  const base = { fingerprint, windowSec, confidence, baselineRun: baseline.runId, currentRun: current.runId, metrics, notCompared };
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
