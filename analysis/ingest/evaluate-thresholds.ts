/**
 * Evaluates declared thresholds ONCE over the merged data of every runner, with k6's grammar
 * (analysis/threshold-expr.ts) and rules: an absent value passes, an aggregation the metric type
 * does not support is an error (k6 would refuse the run, exit 104), so it counts as failed.
 */
import { aggregationSupported, evaluateThresholdExpr, parseThresholdExpr } from '../threshold-expr.ts';
import type { MetricType, ResultThreshold } from '../result/types.ts';
import type { DeclaredThreshold } from './threshold-set.ts';

/** Values and type of a metric key, as thresholds see them. */
export interface ThresholdInput {
  type: MetricType;
  values: Record<string, number>;
}

/** Percentiles (N of p(N)) the declared thresholds ask for, so the merge computes them. */
export function percentilesNeeded(declared: readonly DeclaredThreshold[], extraStats: readonly string[] = []): number[] {
  const out = new Set<number>();
  for (const src of [...declared.map((d) => d.source), ...extraStats.map((s) => `${s}<0`)]) {
    const p = parseThresholdExpr(src);
    if (p.ok && p.expr.aggregation.kind === 'percentile') out.add(p.expr.aggregation.percentile);
  }
  return [...out];
}

/** Evaluates every declaration against `lookup(key)`. */
export function evaluateThresholds(declared: readonly DeclaredThreshold[], lookup: (key: string) => ThresholdInput | undefined): ResultThreshold[] {
  return declared.map((d) => {
    const base = { key: d.key, source: d.source, evaluatedBy: 'aetheris-bench' as const, origin: d.origin };
    const parsed = parseThresholdExpr(d.source);
    if (!parsed.ok) return { ...base, ok: false, error: parsed.error };
    const input = lookup(d.key);
    if (!input) return { ...base, ok: false, error: `metric "${d.key}" has no data in the input (k6 would refuse an undefined metric, exit 104)` };
    if (!aggregationSupported(parsed.expr.aggregation, input.type)) {
      return { ...base, ok: false, error: `threshold "${d.source}": aggregation not supported for ${input.type} metrics (k6 exit 104)` };
    }
    const r = evaluateThresholdExpr(parsed.expr, input.values);
    return r.observed === undefined ? { ...base, ok: r.ok } : { ...base, ok: r.ok, observed: r.observed };
  });
}
