/**
 * Reads k6 `--out csv` (k6-reference §3.2) by header name, never by position: 16-, 18- and
 * 19-column files and customised system tags all work. Empty tag cells mean "tag absent";
 * `extra_tags` is `k=v&k2=v2` (split on the first `=`); `metadata` is dropped (non-indexable, as in k6).
 * Timestamps: unix seconds/ms/µs/ns (told apart by magnitude) or RFC 3339. CSV carries no metric
 * types: built-ins are known, `--metric-type NAME=TYPE` sets custom ones, anything else is a guessed trend.
 */
import { UsageError } from '../../harness/errors.ts';
import { forEachLine } from './line-reader.ts';
import { splitCsvRow } from './csv-row.ts';
import { parseRfc3339Ms } from './rfc3339.ts';
import { guessType, type RawIngestContext } from './raw-context.ts';

/** Unix ms of a k6 CSV timestamp in any `timeFormat`; NaN when it is none. */
export function parseCsvTimestamp(text: string): number {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < 1e11) return n * 1000;
    if (n < 1e14) return n;
    if (n < 1e17) return n / 1000;
    return n / 1e6;
  }
  return parseRfc3339Ms(text);
}

/** Reads one CSV file into the shared accumulator. */
export async function readK6Csv(path: string, ctx: RawIngestContext): Promise<{ lines: number; truncated: boolean }> {
  let nameCol = -1;
  let timeCol = -1;
  let valueCol = -1;
  let extraCol = -1;
  let width = 0;
  let tagCols: Array<[number, string]> = [];
  let truncated = false;
  const bad = (lineNo: number, column: number, msg: string): never => {
    throw new UsageError(`${path}:${lineNo}:${column}: ${msg}`);
  };
  const lines = await forEachLine(path, (line, lineNo, unterminated) => {
    if (lineNo === 1) {
      const header = line.replace(/^\uFEFF/, '').split(',');
      const col = (n: string) => header.indexOf(n);
      nameCol = col('metric_name');
      timeCol = col('timestamp');
      valueCol = col('metric_value');
      extraCol = col('extra_tags');
      if (nameCol < 0 || timeCol < 0 || valueCol < 0) bad(1, 1, 'CSV header lacks metric_name, timestamp or metric_value (not k6 --out csv)');
      width = header.length;
      tagCols = header.map((h, i) => [i, h] as [number, string]).filter(([i, h]) => i !== nameCol && i !== timeCol && i !== valueCol && h !== 'extra_tags' && h !== 'metadata');
      return;
    }
    if (line === '') return;
    if (unterminated) {
      // Go's csv writer ends every record with a newline, so a last line without one was cut mid-record.
      truncated = true;
      ctx.notes.push(`${path}:${lineNo}: last line cut off (run killed while writing); skipped`);
      return;
    }
    const fields = splitCsvRow(line);
    if (!Array.isArray(fields) || fields.length !== width) {
      if (!Array.isArray(fields)) bad(lineNo, fields.errorAt + 1, 'malformed CSV quoting');
      bad(lineNo, 1, `expected ${width} columns as in the header, found ${(fields as string[]).length}`);
    }
    const f = fields as string[];
    const name = f[nameCol]!;
    if (name === '') bad(lineNo, 1, 'empty metric_name');
    const time = parseCsvTimestamp(f[timeCol]!);
    if (Number.isNaN(time)) bad(lineNo, columnOf(line, timeCol), `timestamp "${f[timeCol]}" is not unix time or RFC 3339`);
    const valueText = f[valueCol]!;
    const value = Number(valueText);
    if (valueText === '' || Number.isNaN(value)) bad(lineNo, columnOf(line, valueCol), `metric_value "${valueText}" is not a number`);
    const tags: Record<string, string> = {};
    for (const [i, tag] of tagCols) if (f[i] !== '') tags[tag] = f[i]!;
    if (extraCol >= 0 && f[extraCol] !== '') {
      for (const pair of f[extraCol]!.split('&')) {
        const eq = pair.indexOf('=');
        if (eq > 0) tags[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
    }
    ctx.acc.addSample(ctx.acc.metric(name, () => guessType(ctx, name)), tags, time, value);
  });
  if (lines === 0) bad(1, 1, 'empty file');
  return { lines, truncated };
}

/** 1-based character column where field `index` starts (for unquoted lines, which k6 writes for numbers). */
function columnOf(line: string, index: number): number {
  let at = 0;
  for (let i = 0; i < index; i++) {
    const c = line.indexOf(',', at);
    if (c < 0) return 1;
    at = c + 1;
  }
  return at + 1;
}
