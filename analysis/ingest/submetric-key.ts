/**
 * k6 submetric keys (`metric{tag:value,...}`), parsed as k6 does (k6-reference §1.4): pairs split on
 * `,`, key and value on the FIRST `:`, surrounding spaces and quotes trimmed; a sample belongs to the
 * submetric when its tags contain every listed pair.
 */

/** A metric key split into the parent metric and the tag filter (empty for a plain metric). */
export interface MetricKey {
  key: string;
  metric: string;
  filter: Array<[string, string]>;
}

function trimQuotes(s: string): string {
  return s.trim().replace(/^["'`]+|["'`]+$/g, '').trim();
}

/** Splits `name{a:1,b:2}` into `name` and its tag filter. */
export function parseMetricKey(key: string): MetricKey {
  const brace = key.indexOf('{');
  if (brace < 0 || !key.endsWith('}')) return { key, metric: key.trim(), filter: [] };
  const metric = key.slice(0, brace).trim();
  const filter: Array<[string, string]> = [];
  for (const pair of key.slice(brace + 1, -1).split(',')) {
    const colon = pair.indexOf(':');
    if (colon < 0) continue;
    filter.push([trimQuotes(pair.slice(0, colon)), trimQuotes(pair.slice(colon + 1))]);
  }
  return { key, metric, filter };
}

/** True when `tags` contains every pair of the filter. */
export function tagsMatch(tags: Readonly<Record<string, string>>, filter: ReadonlyArray<[string, string]>): boolean {
  for (const [k, v] of filter) if (tags[k] !== v) return false;
  return true;
}
