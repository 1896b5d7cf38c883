/**
 * Parsing of threshold keys `metric` / `metric{k1:v1,k2:v2}` (k6 metrics/metric.go ParseMetricName and
 * AddSubmetric): pairs split on ',', key/value on the FIRST ':', spaces then quotes trimmed from both.
 */

/** A parsed threshold key. */
export interface MetricKey {
  /** The parent metric name. */
  metric: string;
  /** Undefined for a plain metric; otherwise the submetric's tag filter. */
  submetric?: {
    /** k6's submetric name: parent + "{" + trimmed brace content + "}". */
    name: string;
    /** The trimmed brace content, as k6 puts it in the NDJSON `suffix`. */
    suffix: string;
    /** Tag pairs a sample must all carry to feed the submetric. */
    tags: Record<string, string>;
  };
}

const trimKV = (s: string): string => s.trim().replace(/^["']+|["']+$/g, '');

/** Parses a threshold key; returns an error message when k6 would refuse it. */
export function parseMetricKey(key: string): MetricKey | string {
  const open = key.indexOf('{');
  const close = key.lastIndexOf('}');
  if (open < 0 && close < 0) return { metric: key };
  if (open < 0 || close < 0) return `threshold key "${key}": unmatched curly brace`;
  if (close < open) return `threshold key "${key}": closing brace before the opening one`;
  if (close !== key.length - 1) return `threshold key "${key}": text after the closing brace`;
  const inner = key.slice(open + 1, close);
  for (const part of inner.split(',')) {
    const colon = part.indexOf(':');
    if (colon < 0 || colon === part.length - 1) return `threshold key "${key}": tag expression "${part}" is malformed (expected key:value)`;
  }
  const suffix = inner.trim();
  if (suffix === '') return `threshold key "${key}": the submetric tag filter is empty`;
  const tags: Record<string, string> = {};
  for (const kv of suffix.split(',')) {
    if (kv === '') continue;
    const colon = kv.indexOf(':');
    const k = trimKV(colon < 0 ? kv : kv.slice(0, colon));
    tags[k] = colon < 0 ? '' : trimKV(kv.slice(colon + 1));
  }
  const metric = key.slice(0, open);
  return { metric, submetric: { name: `${metric}{${suffix}}`, suffix, tags } };
}

/** True when `sampleTags` carries every pair of `filter` (subset match). */
export function tagsMatch(filter: Readonly<Record<string, string>>, filterKeys: readonly string[], sampleTags: Readonly<Record<string, string>>): boolean {
  for (let i = 0; i < filterKeys.length; i++) {
    const k = filterKeys[i]!;
    if (sampleTags[k] !== filter[k]) return false;
  }
  return true;
}
