/**
 * The per-second url grouping rule (analysis/series-url-grouping.ts, shared with the engine's
 * `--out timeseries` writer) applied to ingested series. Only the per-second series are grouped;
 * whole-run values per tag set, metrics, submetrics and thresholds keep the full tags.
 */
import type { ResultSeries } from '../result/types.ts';
import { dropsUrl } from '../series-url-grouping.ts';
import { emptyBucket, bucketPoint, type Bucket } from './bucket.ts';
import type { MetricAccumulator, TagSetAccumulator } from './sample-accumulator.ts';
import { tagSetKey } from './sample-accumulator.ts';

/** The tags a per-second series carries for a sample with `tags`. */
function seriesTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  if (!dropsUrl(tags)) return tags as Record<string, string>;
  const { url: _url, ...rest } = tags;
  return rest;
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
  const at = (t: number): Bucket => {
    let into = bySecond.get(t);
    if (!into) bySecond.set(t, (into = emptyBucket(m.type)));
    return into;
  };
  for (const ts of members) ts.store.mergeSecondsInto(at);
  return [...bySecond.keys()].sort((a, b) => a - b).map((t) => bucketPoint(t, bySecond.get(t)!));
}
