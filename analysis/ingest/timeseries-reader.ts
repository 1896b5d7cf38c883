/**
 * Reads the engine's per-second time series (`analysis/timeseries-line.ts`) into the shared
 * accumulator, merging the per-second HDR histograms exactly. Same error rules as the k6 NDJSON
 * reader: a malformed line is `file:line:column`, an unterminated last line is skipped and noted.
 */
import { UsageError } from '../../harness/errors.ts';
import { decodeHistogram } from '../hdr-codec.ts';
import { parseJsonLine } from './json-text.ts';
import { forEachLine } from './line-reader.ts';
import { guessType, type RawIngestContext } from './raw-context.ts';
import type { Bucket } from './bucket.ts';

const KINDS = new Set(['trend', 'counter', 'rate', 'gauge']);

/** Reads one time-series file; returns its line count, whether it was cut, and the header's start time. */
export async function readTimeseries(path: string, ctx: RawIngestContext): Promise<{ lines: number; truncated: boolean; startedAt?: number }> {
  let truncated = false;
  let startedAt: number | undefined;
  const bad = (lineNo: number, column: number, msg: string): never => {
    throw new UsageError(`${path}:${lineNo}:${column}: ${msg}`);
  };
  const num = (v: unknown, lineNo: number, field: string): number => (typeof v === 'number' && Number.isFinite(v) ? v : bad(lineNo, 1, `"${field}" is not a finite number`));
  const lines = await forEachLine(path, (line, lineNo, unterminated) => {
    if (line.trim() === '') return;
    const obj = parseJsonLine(line, lineNo, unterminated, () => {
      truncated = true;
      ctx.notes.push(`${path}:${lineNo}: last line cut off (run killed while writing); skipped`);
    }, bad);
    if (!obj) return;
    if (obj.kind === 'header') {
      if (obj.format !== 'aetheris-bench/timeseries@1') bad(lineNo, 1, `unknown time-series format ${JSON.stringify(obj.format)}`);
      if (typeof obj.startedAt === 'number') startedAt = obj.startedAt;
      for (const [name, def] of Object.entries((obj.metrics ?? {}) as Record<string, any>)) {
        if (!def || !KINDS.has(def.type)) bad(lineNo, 1, `metric "${name}" has no valid type`);
        const clash = ctx.acc.define(name, def.type, def.contains ?? 'default');
        if (clash) bad(lineNo, 1, clash);
      }
      return;
    }
    if (!KINDS.has(obj.kind)) bad(lineNo, 1, `unknown line kind ${JSON.stringify(obj.kind)}`);
    if (typeof obj.metric !== 'string') bad(lineNo, 1, 'line without a "metric" name');
    const t = num(obj.t, lineNo, 't');
    const tags = obj.tags && typeof obj.tags === 'object' ? obj.tags : {};
    const m = ctx.acc.metric(obj.metric, () => guessType(ctx, obj.metric));
    if (m.type !== obj.kind) bad(lineNo, 1, `metric "${obj.metric}" is a ${m.type}, this line says ${obj.kind}`);
    let bucket: Bucket;
    switch (obj.kind) {
      case 'trend': {
        let hist;
        try {
          hist = decodeHistogram(String(obj.hdr));
        } catch {
          return bad(lineNo, 1, `metric "${obj.metric}": "hdr" is not an encoded HDR histogram`);
        }
        bucket = { kind: 'trend', count: num(obj.count, lineNo, 'count'), sum: num(obj.sum, lineNo, 'sum'), min: num(obj.min, lineNo, 'min'), max: num(obj.max, lineNo, 'max'), hist };
        break;
      }
      case 'counter':
        bucket = { kind: 'counter', value: num(obj.value, lineNo, 'value') };
        break;
      case 'rate':
        bucket = { kind: 'rate', passes: num(obj.passes, lineNo, 'passes'), fails: num(obj.fails, lineNo, 'fails') };
        break;
      default:
        bucket = { kind: 'gauge', value: num(obj.value, lineNo, 'value'), min: num(obj.min, lineNo, 'min'), max: num(obj.max, lineNo, 'max'), lastTime: t * 1000 + 999 };
    }
    ctx.acc.addBucket(m, tags, t, bucket);
  });
  return { lines, truncated, startedAt };
}
