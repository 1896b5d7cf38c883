/**
 * Turns merged buckets into k6's summary values (k6-reference §1.3) and into the values a threshold
 * is evaluated against (§5.3: an empty Rate has no `rate`, a zero-length run has no counter `rate`).
 */
import { encodeHistogram, histogramPercentile } from '../hdr-codec.ts';
import { emptyBucket, type Bucket } from './bucket.ts';
import type { TagSetAccumulator } from './sample-accumulator.ts';
import type { MetricType } from '../result/types.ts';

/** Percentiles every trend reports (k6's default summary plus p(99)). */
export const DEFAULT_PERCENTILES: readonly number[] = [90, 95, 99];

/** One bucket holding everything of the given tag sets over the whole run. */
export function mergeTagSets(type: MetricType, tagSets: Iterable<TagSetAccumulator>): Bucket {
  const total = emptyBucket(type);
  for (const ts of tagSets) ts.store.mergeInto(total);
  return total;
}

/** k6 summary values of a whole-run bucket; `durationSec` drives the counter rate. */
export function summaryValues(b: Bucket, durationSec: number | null, percentiles: readonly number[]): Record<string, number> {
  switch (b.kind) {
    case 'counter':
      return durationSec && durationSec > 0 ? { count: b.value, rate: b.value / durationSec } : { count: b.value };
    case 'rate': {
      const total = b.passes + b.fails;
      return { rate: total > 0 ? b.passes / total : 0, passes: b.passes, fails: b.fails };
    }
    case 'gauge':
      return b.min === Infinity ? { value: 0, min: 0, max: 0 } : { value: b.value, min: b.min, max: b.max };
    case 'trend': {
      if (b.count === 0) {
        const zero: Record<string, number> = { avg: 0, min: 0, med: 0, max: 0, count: 0 };
        for (const p of percentiles) zero[`p(${p})`] = 0;
        return zero;
      }
      const out: Record<string, number> = { avg: b.sum / b.count, min: b.min, med: histogramPercentile(b.hist, 50, b.min, b.max), max: b.max, count: b.count };
      for (const p of percentiles) out[`p(${p})`] = histogramPercentile(b.hist, p, b.min, b.max);
      return out;
    }
  }
}

/** The values a threshold sees (k6 semantics: absent means the threshold passes). */
export function thresholdValues(b: Bucket, values: Record<string, number>): Record<string, number> {
  if (b.kind === 'rate' && b.passes + b.fails === 0) {
    const { rate: _omit, ...rest } = values;
    return rest;
  }
  return values;
}

/** Encoded whole-run histogram of a trend bucket (undefined for other kinds or an empty trend). */
export function bucketHdr(b: Bucket): string | undefined {
  return b.kind === 'trend' && b.count > 0 ? encodeHistogram(b.hist) : undefined;
}
