/**
 * The per-second series of one metric key in a result: every tag set matching the key (a submetric
 * filter, or all tag sets of a plain metric). Shared by the comparison's readers so a key means the
 * same series whichever estimator reads it.
 */
import { parseMetricKey, tagsMatch } from '../ingest/submetric-key.ts';
import type { ResultSeries, RunResult } from '../result/types.ts';

/** The series of `key` in `result` (empty when it has none). */
export function seriesOfKey(result: RunResult, key: string): ResultSeries[] {
  const { metric, filter } = parseMetricKey(key);
  return result.series.filter((s) => s.metric === metric && tagsMatch(s.tags, filter));
}

/** Why `key` has no series in `result`: a summary-only result, or no samples of that key. */
export function noSeriesReason(result: RunResult, key: string): string {
  return result.series.length === 0 ? 'no per-second series at all (a summary-only result cannot be compared statistically)' : `no samples of ${key}`;
}
