import { DEFAULT_DRILL_LIMITS, type DrillLimits } from '../drill-report.ts';
import { parseThresholdExpr } from '../threshold-expr.ts';
import { declarationSource, type ThresholdEntry } from '../threshold-table.ts';

/**
 * The drill's completion minimum read from the threshold table (the single place numbers live):
 * the `job_completion` row's `rate>=X` (or `rate>X`). The recovery limit is not in the table —
 * a k6 threshold on a metric k6 never sees would abort the run — so it comes from the profile.
 */
export function drillLimitsFromTable(entries: Readonly<Record<string, ThresholdEntry>>, recoveryLimitMs: number = DEFAULT_DRILL_LIMITS.recoveryLimitMs): DrillLimits {
  let completionMin = DEFAULT_DRILL_LIMITS.completionMin;
  for (const decl of entries.job_completion?.thresholds ?? []) {
    const parsed = parseThresholdExpr(declarationSource(decl));
    if (parsed.ok && parsed.expr.aggregation.kind === 'rate' && (parsed.expr.operator === '>=' || parsed.expr.operator === '>')) completionMin = parsed.expr.value;
  }
  return { ...DEFAULT_DRILL_LIMITS, completionMin, recoveryLimitMs };
}
