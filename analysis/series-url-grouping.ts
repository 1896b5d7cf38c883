/**
 * The one rule for per-second series tags, shared by the engine's `--out timeseries` writer and
 * `ingest`: a sample carrying a `name` tag (k6's URL template) other than its `url` is counted in
 * the series of its name, without the url, since every id in a URL would otherwise make a series of
 * its own — unless some threshold, submetric or compare key of its metric filters on `url`, whose
 * per-second values must stay computable. Whole-run values, thresholds and `--out json` keep full tags.
 */
import { parseMetricKey } from './ingest/submetric-key.ts';

/** True when a per-second series leaves out this sample's url (its metric not in urlFilteredMetrics). */
export function dropsUrl(tags: Readonly<Record<string, string>>): boolean {
  return tags.url !== undefined && tags.name !== undefined && tags.name !== tags.url;
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
