/**
 * Reads k6 `--out json` NDJSON (k6-reference §3.1) into the shared accumulator: Metric lines declare
 * types, thresholds and submetrics; Point lines are samples. Tolerates legacy fields (`tainted`,
 * `sub`, no `data.name`), `tags: null`, any key order. A malformed line is one UsageError
 * `file:line:column`, except an unterminated last line (a killed writer), which is skipped and noted.
 * Speed (issue 6): lines are walked by position inside large read blocks; a compact Point line is
 * read by the scanner (k6-point-scanner.ts) with its tags, metric and tag-set accumulator found in
 * caches without slicing; every other line, and any line the scanner declines, goes through JSON.parse.
 */
import { UsageError } from '../../harness/errors.ts';
import { parseJsonLine } from './json-text.ts';
import { forEachTextBlock } from './text-blocks.ts';
import { parseRfc3339At, parseRfc3339Ms } from './rfc3339.ts';
import { guessType, type RawIngestContext } from './raw-context.ts';
import { tagSetKey, type MetricAccumulator, type TagSetAccumulator } from './sample-accumulator.ts';
import { scannedAt, scanPointAt, type ScanHints } from './k6-point-scanner.ts';
import type { MetricContains, MetricType } from '../result/types.ts';

const TYPES = new Set(['counter', 'gauge', 'rate', 'trend']);
const CONTAINS = new Set(['default', 'time', 'data']);
const EMPTY_TAGS: Record<string, string> = Object.freeze({}) as Record<string, string>;
/** Distinct tag texts are few in practice; the cap keeps memory flat when a tag is unique per request. */
const TAG_CACHE_LIMIT = 10_000;
/**
 * Recent tags texts offered to the scanner as hints, most recent first: a k6 iteration interleaves
 * a few tag sets (each request's, the iteration's), so one hint alone misses about one line in eight.
 */
const TAG_HINTS = 4;

/** A parsed tag set, its accumulator key, and its accumulators per metric (by the scanner's name hash). */
interface CachedTags {
  tags: Record<string, string>;
  key: string;
  byMetric: Map<number, { name: string; ts: TagSetAccumulator }>;
}

/** A copy of `s` that does not share memory with the text it was sliced from. */
function detached(s: string): string {
  return (' ' + s).slice(1); // the concatenation is flattened into a new string, which the slice then points into
}

/** True when text at `i` continues with `name` (a loop: startsWith at an offset is slow in V8). */
function sameName(text: string, i: number, name: string): boolean {
  for (let k = 0; k < name.length; k++) if (text.charCodeAt(i + k) !== name.charCodeAt(k)) return false;
  return true;
}

/** Reads one NDJSON file; returns its line count and whether its last line was cut. */
export async function readK6Ndjson(path: string, ctx: RawIngestContext): Promise<{ lines: number; truncated: boolean }> {
  let truncated = false;
  let lastName = '';
  let lastMetric: MetricAccumulator | undefined;
  const tagCache = new Map<string, CachedTags>();
  // Recent tags texts and their parses (hintTags[i] belongs to hints.tags[i]), and the last time
  // text with its value: comparing in place is cheaper than walking, slicing and hashing each line.
  const hintTexts: string[] = [];
  const hintTags: CachedTags[] = [];
  const hints: ScanHints = { tags: hintTexts, time: '' };
  let hintTimeMs = Number.NaN;
  const metricByHash = new Map<number, MetricAccumulator>();
  const noTags: CachedTags = { tags: EMPTY_TAGS, key: '', byMetric: new Map() };
  let lineNo = 0;
  const bad = (lineNo: number, column: number, msg: string): never => {
    throw new UsageError(`${path}:${lineNo}:${column}: ${msg}`);
  };

  /** Moves hint `i` to the front (most recent first). */
  const promoteHint = (i: number): void => {
    const text = hintTexts[i]!;
    const tags = hintTags[i]!;
    for (let k = i; k > 0; k--) {
      hintTexts[k] = hintTexts[k - 1]!;
      hintTags[k] = hintTags[k - 1]!;
    }
    hintTexts[0] = text;
    hintTags[0] = tags;
  };

  /** Tags of the scanned Point, from the caches or parsed once; undefined when not an object or null. */
  const tagsOf = (text: string, start: number, end: number): CachedTags | undefined => {
    let tagsText = text.slice(start, end);
    let cached = tagCache.get(tagsText);
    if (cached === undefined) {
      // A slice keeps its whole 64 KiB read block alive; a cache key must not (thousands of distinct tags would pin gigabytes).
      tagsText = detached(tagsText);
      let tags: unknown;
      try {
        tags = JSON.parse(tagsText);
      } catch {
        return undefined; // malformed: the full path reports where
      }
      if (tags !== null && (typeof tags !== 'object' || Array.isArray(tags))) return undefined;
      if (tagCache.size >= TAG_CACHE_LIMIT) tagCache.clear();
      const t = (tags ?? EMPTY_TAGS) as Record<string, string>;
      cached = { tags: t, key: tagSetKey(t), byMetric: new Map() };
      tagCache.set(tagsText, cached);
    }
    if (hintTexts.length === TAG_HINTS) {
      hintTexts.pop();
      hintTags.pop();
    }
    hintTexts.unshift(tagsText);
    hintTags.unshift(cached);
    return cached;
  };

  /** Unix ms of the scanned time (the hint's when equal); NaN when it is not RFC 3339. */
  const timeOf = (text: string, start: number, end: number): number => {
    if (scannedAt.timeIsHint) return hintTimeMs;
    hints.time = text.slice(start, end);
    hintTimeMs = parseRfc3339At(text, start, end);
    return hintTimeMs;
  };

  /** The metric named at text[start, end) (hash from the scanner), without slicing when seen before. */
  const metricAt = (text: string, start: number, end: number, hash: number): MetricAccumulator => {
    const hit = metricByHash.get(hash);
    if (hit !== undefined && hit.name.length === end - start && sameName(text, start, hit.name)) return hit;
    const name = text.slice(start, end);
    const m = ctx.acc.metric(name, () => guessType(ctx, name));
    if (hit === undefined) metricByHash.set(hash, m); // a collision keeps the first: the other just slices
    return m;
  };

  /** The fast path for the line at `start` (ending at the next '\n'); false when it needs the full path. */
  const fastPoint = (text: string, start: number): boolean => {
    if (!scanPointAt(text, start, text.length, hints, true)) return false;
    const a = scannedAt;
    const time = timeOf(text, a.timeStart, a.timeEnd);
    if (Number.isNaN(time)) return false; // an odd time: the full path reports it precisely
    let cached: CachedTags | undefined;
    if (a.tagsStart < 0) cached = noTags;
    else if (a.tagsHint < 0) cached = tagsOf(text, a.tagsStart, a.tagsEnd);
    else {
      cached = hintTags[a.tagsHint]!;
      if (a.tagsHint > 0) promoteHint(a.tagsHint);
    }
    if (cached === undefined) return false;
    // One lookup finds metric and tag set together; the name is still compared, the hash only narrows.
    const hit = cached.byMetric.get(a.metricHash);
    let ts: TagSetAccumulator;
    if (hit !== undefined && hit.name.length === a.metricEnd - a.metricStart && sameName(text, a.metricStart, hit.name)) ts = hit.ts;
    else {
      const m = metricAt(text, a.metricStart, a.metricEnd, a.metricHash);
      ts = ctx.acc.tagSet(m, cached.tags, cached.key);
      if (hit === undefined) cached.byMetric.set(a.metricHash, { name: m.name, ts });
    }
    ctx.acc.addSampleTo(ts, time, a.value);
    return true;
  };

  await forEachTextBlock(path, (text, unterminated) => {
    let pos = 0;
    while (pos < text.length) {
      lineNo++;
      if (fastPoint(text, pos)) {
        pos = scannedAt.lineEnd + 1;
        continue;
      }
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      fullLine(text.slice(pos, end), lineNo, unterminated && nl === text.length);
      pos = nl + 1;
    }
  });
  return { lines: lineNo, truncated };

  /** The general path: JSON.parse, every line type, precise errors. */
  function fullLine(line: string, lineNo: number, unterminated: boolean): void {
    if (line.length === 0 || line.trim() === '') return;
    const obj = parseJsonLine(line, lineNo, unterminated, () => {
      truncated = true;
      ctx.notes.push(`${path}:${lineNo}: last line cut off (run killed while writing); skipped`);
    }, bad, 'not a JSON object (k6 --out json lines are one JSON object each)');
    if (!obj) return;
    const kind = obj.type;
    if (kind === 'Point') {
      const name = obj.metric;
      const data = obj.data;
      if (typeof name !== 'string' || name === '') bad(lineNo, 1, 'Point line without a "metric" name');
      if (data === null || typeof data !== 'object') bad(lineNo, 1, 'Point line without a "data" object');
      const value = data.value;
      if (typeof value !== 'number') bad(lineNo, 1, `Point of "${name}": data.value is not a number`);
      const time = typeof data.time === 'string' ? parseRfc3339Ms(data.time) : Number.NaN;
      if (Number.isNaN(time)) bad(lineNo, 1, `Point of "${name}": data.time is not an RFC 3339 time`);
      const tags = data.tags;
      if (tags !== null && tags !== undefined && (typeof tags !== 'object' || Array.isArray(tags))) bad(lineNo, 1, `Point of "${name}": data.tags is not an object`);
      if (name !== lastName || !lastMetric) {
        lastMetric = ctx.acc.metric(name, () => guessType(ctx, name));
        lastName = name;
      }
      ctx.acc.addSample(lastMetric, tags ?? EMPTY_TAGS, time, value);
      return;
    }
    if (kind === 'Metric') {
      const data = obj.data;
      if (data === null || typeof data !== 'object') bad(lineNo, 1, 'Metric line without a "data" object');
      const name = typeof data.name === 'string' ? data.name : obj.metric;
      if (typeof name !== 'string' || name === '') bad(lineNo, 1, 'Metric line without a name');
      if (!TYPES.has(data.type)) bad(lineNo, 1, `Metric "${name}": type ${JSON.stringify(data.type)} is not counter, gauge, rate or trend`);
      const contains: MetricContains = CONTAINS.has(data.contains) ? data.contains : 'default';
      const clash = ctx.acc.define(name, data.type as MetricType, contains);
      if (clash) bad(lineNo, 1, clash);
      lastName = '';
      if (Array.isArray(data.thresholds)) {
        for (const t of data.thresholds) {
          const err = ctx.thresholds.add(name, t, 'k6-ndjson');
          if (err) bad(lineNo, 1, err);
        }
      }
      if (Array.isArray(data.submetrics)) {
        for (const s of data.submetrics) if (s && typeof s.name === 'string') ctx.submetricKeys.add(s.name);
      }
      return;
    }
    bad(lineNo, 1, `unknown line type ${JSON.stringify(kind)} (expected "Metric" or "Point")`);
  }
}
