/**
 * The engine's per-second grouping (load/engine/outputs/timeseries-output.ts), applied to ingested
 * series: a request that carries a `name` tag (k6's URL template) other than its `url` is counted in
 * the series of its name, without the url, since every id in a URL would otherwise make a series of
 * its own. Only the per-second series are grouped; whole-run values per tag set, metrics,
 * submetrics and thresholds keep the full tags. A metric named with a `url` filter by a threshold,
 * a submetric or a compare key keeps url in its series too, so those stay computable per second.
 */
import type { ResultSeries } from '../result/types.ts';
import { emptyBucket, mergeBucketInto, bucketPoint, type Bucket } from './bucket.ts';
import type { MetricAccumulator, TagSetAccumulator } from './sample-accumulator.ts';
import { tagSetKey } from './sample-accumulator.ts';
import { parseMetricKey } from './submetric-key.ts';

/** True when the per-second series leave out this tag set's url. */
function dropsUrl(tags: Readonly<Record<string, string>>): boolean {
  return tags.url !== undefined && tags.name !== undefined && tags.name !== tags.url;
}

/** The tags a per-second series carries for a sample with `tags`. */
export function seriesTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  if (!dropsUrl(tags)) return tags as Record<string, string>;
  const { url: _url, ...rest } = tags;
  return rest;
}

/** Metrics some metric key filters on `url` (their series keep url). */
export function urlFilteredMetrics(keys: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const key of keys) {
    const { metric, filter } = parseMetricKey(key);
    if (filter.some(([k]) => k === 'url')) out.add(metric);
  }
  return out;
}

/**
 * The per-second series of a metric whose tag sets come sorted by key: one per tag set, except
 * that tag sets differing only in a dropped url share one series (seconds merged exactly).
 */
export function metricSeries(m: MetricAccumulator, ordered: readonly TagSetAccumulator[], keepUrl: boolean): ResultSeries[] {
  if (keepUrl || !ordered.some((ts) => dropsUrl(ts.tags))) {
    return ordered.map((ts) => ({ metric: m.name, tags: ts.tags, kind: m.type, points: ts.store.points() }));
  }
  const groups = new Map<string, { tags: Record<string, string>; members: TagSetAccumulator[] }>();
  for (const ts of ordered) {
    const tags = seriesTags(ts.tags);
    const key = tagSetKey(tags);
    const g = groups.get(key);
    if (g) g.members.push(ts);
    else groups.set(key, { tags, members: [ts] });
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => ({ metric: m.name, tags: g.tags, kind: m.type, points: g.members.length === 1 ? g.members[0]!.store.points() : mergedPoints(m, g.members) }));
}

/** Points of several tag sets merged second by second. */
function mergedPoints(m: MetricAccumulator, members: readonly TagSetAccumulator[]): ResultSeries['points'] {
  const bySecond = new Map<number, Bucket>();
  for (const ts of members) {
    for (const [t, b] of ts.store.secondBuckets()) {
      let into = bySecond.get(t);
      if (!into) bySecond.set(t, (into = emptyBucket(m.type)));
      mergeBucketInto(into, b);
    }
  }
  return [...bySecond.keys()].sort((a, b) => a - b).map((t) => bucketPoint(t, bySecond.get(t)!));
}
