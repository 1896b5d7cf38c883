/**
 * Reads k6 `--out json` NDJSON (k6-reference §3.1) into the shared accumulator: Metric lines declare
 * types, thresholds and submetrics; Point lines are samples. Tolerates legacy fields (`tainted`,
 * `sub`, no `data.name`), `tags: null`, any key order. A malformed line is one UsageError
 * `file:line:column`, except an unterminated last line (a killed writer), which is skipped and noted.
 */
import { UsageError } from '../../harness/errors.ts';
import { jsonErrorOffset } from './json-error-offset.ts';
import { forEachLine } from './line-reader.ts';
import { parseRfc3339Ms } from './rfc3339.ts';
import { guessType, type RawIngestContext } from './raw-context.ts';
import { tagSetKey, type MetricAccumulator } from './sample-accumulator.ts';
import { scanned, scanPointLine } from './k6-point-scanner.ts';
import type { MetricContains, MetricType } from '../result/types.ts';

const TYPES = new Set(['counter', 'gauge', 'rate', 'trend']);
const CONTAINS = new Set(['default', 'time', 'data']);
const EMPTY_TAGS: Record<string, string> = Object.freeze({}) as Record<string, string>;
/** Distinct tag texts are few in practice; the cap keeps memory flat when a tag is unique per request. */
const TAG_CACHE_LIMIT = 10_000;

/** Reads one NDJSON file; returns its line count and whether its last line was cut. */
export async function readK6Ndjson(path: string, ctx: RawIngestContext): Promise<{ lines: number; truncated: boolean }> {
  let truncated = false;
  let lastName = '';
  let lastMetric: MetricAccumulator | undefined;
  const tagCache = new Map<string, { tags: Record<string, string>; key: string }>();
  const bad = (lineNo: number, column: number, msg: string): never => {
    throw new UsageError(`${path}:${lineNo}:${column}: ${msg}`);
  };
  const lines = await forEachLine(path, (line, lineNo, unterminated) => {
    if (line.length === 0 || line.trim() === '') return;
    if (scanPointLine(line)) {
      const time = parseRfc3339Ms(scanned.time);
      let cached = tagCache.get(scanned.tagsText);
      if (cached === undefined && scanned.tagsText !== '') {
        let tags: unknown;
        try {
          tags = JSON.parse(scanned.tagsText);
        } catch {
          tags = undefined; // malformed: the full path below reports where
        }
        if (tags === null || (typeof tags === 'object' && tags !== undefined && !Array.isArray(tags))) {
          if (tagCache.size >= TAG_CACHE_LIMIT) tagCache.clear();
          const t = (tags ?? EMPTY_TAGS) as Record<string, string>;
          cached = { tags: t, key: tagSetKey(t) };
          tagCache.set(scanned.tagsText, cached);
        }
      }
      if (!Number.isNaN(time) && (cached !== undefined || scanned.tagsText === '')) {
        if (scanned.metric !== lastName || !lastMetric) {
          const name = scanned.metric;
          lastMetric = ctx.acc.metric(name, () => guessType(ctx, name));
          lastName = name;
        }
        ctx.acc.addSample(lastMetric, cached?.tags ?? EMPTY_TAGS, time, scanned.value, cached?.key ?? '');
        return;
      }
      // an odd time or tags value: the full path below reports it precisely
    }
    let obj: any;
    try {
      obj = JSON.parse(line);
    } catch {
      if (unterminated) {
        truncated = true;
        ctx.notes.push(`${path}:${lineNo}: last line cut off (run killed while writing); skipped`);
        return;
      }
      const at = jsonErrorOffset(line);
      bad(lineNo, (at < 0 ? line.length : at) + 1, 'not a JSON object (k6 --out json lines are one JSON object each)');
    }
    if (obj === null || typeof obj !== 'object') bad(lineNo, 1, 'not a JSON object');
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
  });
  return { lines, truncated };
}
