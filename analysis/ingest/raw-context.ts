/** What the raw-sample readers (NDJSON, CSV, time series) share while reading several files into one merge. */
import type { SampleAccumulator } from './sample-accumulator.ts';
import type { ThresholdSet } from './threshold-set.ts';
import type { MetricContains, MetricType } from '../result/types.ts';
import { BUILTIN_METRICS } from './builtin-metrics.ts';

/** Shared state of one ingest. */
export interface RawIngestContext {
  acc: SampleAccumulator;
  thresholds: ThresholdSet;
  /** Submetric keys announced by the inputs (NDJSON `submetrics`). */
  submetricKeys: Set<string>;
  /** Types given on the command line for metrics the input does not describe (CSV custom metrics). */
  typeOverrides: Record<string, MetricType>;
  /** Metrics whose type had to be guessed. */
  guessed: Set<string>;
  notes: string[];
}

/** The type of a metric the input did not declare: override, then k6 built-in, else trend (recorded as guessed). */
export function guessType(ctx: RawIngestContext, name: string): { type: MetricType; contains: MetricContains } {
  const override = ctx.typeOverrides[name];
  const builtin = BUILTIN_METRICS[name];
  if (override) return { type: override, contains: builtin && builtin[0] === override ? builtin[1] : 'default' };
  if (builtin) return { type: builtin[0], contains: builtin[1] };
  ctx.guessed.add(name);
  return { type: 'trend', contains: 'default' };
}
