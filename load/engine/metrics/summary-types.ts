/** k6's legacy handleSummary `data` object, typed (k6-reference.md §1.6). */
import type { MetricDef } from './contract.ts';
import type { SummaryGroup } from './group-tree.ts';

/** k6's metric object in handleSummary data. */
export interface SummaryMetric {
  type: MetricDef['type'];
  contains: MetricDef['contains'];
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

/** k6's legacy handleSummary `data` object (k6-reference.md §1). */
export interface SummaryData {
  root_group: SummaryGroup;
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  metrics: Record<string, SummaryMetric>;
  setup_data?: unknown;
}
