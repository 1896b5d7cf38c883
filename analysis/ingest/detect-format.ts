/**
 * Detects a k6 output format by its shape (k6-reference §11.2), never by the file name:
 * CSV by its header, NDJSON by a first line that is a Metric/Point object, the engine time series by
 * its header line; anything else must be a single JSON document with a summary shape.
 */
import { UsageError } from '../../harness/errors.ts';
import { peekText, readWholeText } from './line-reader.ts';
import { parseJsonText } from './json-text.ts';
import { summaryShape } from './k6-summary-readers.ts';
import type { InputFormat } from '../result/types.ts';

/** A detected input: streaming formats carry only their kind; summaries carry the parsed document. */
export type DetectedInput =
  | { format: 'k6-ndjson' | 'k6-csv' | 'aetheris-timeseries' }
  | { format: Exclude<InputFormat, 'k6-ndjson' | 'k6-csv' | 'aetheris-timeseries'>; doc: Record<string, unknown> };

/** Looks at the file's content and says what it is; throws UsageError `file:line:column: …` when it is none of them. */
export async function detectFormat(path: string): Promise<DetectedInput> {
  let head: string;
  try {
    head = await peekText(path);
  } catch (err) {
    throw new UsageError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const text = head.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new UsageError(`${path}:1:1: empty file`);
  if (text.startsWith('metric_name,')) return { format: 'k6-csv' };
  const nl = text.indexOf('\n');
  const firstLine = (nl < 0 ? text : text.slice(0, nl)).trim();
  if (firstLine.startsWith('{') && firstLine.endsWith('}')) {
    try {
      const obj = JSON.parse(firstLine) as Record<string, unknown>;
      if (obj.type === 'Metric' || obj.type === 'Point') return { format: 'k6-ndjson' };
      if (obj.kind === 'header' && typeof obj.format === 'string' && obj.format.startsWith('aetheris-bench/timeseries')) return { format: 'aetheris-timeseries' };
    } catch {
      /* not a one-line object: a pretty-printed document, handled below */
    }
  }
  if (!text.trimStart().startsWith('{')) {
    throw new UsageError(`${path}:1:1: not a k6 output (expected handleSummary/--summary-export/machine-readable JSON, --out json NDJSON or --out csv)`);
  }
  let whole: string;
  try {
    whole = await readWholeText(path);
  } catch (err) {
    throw new UsageError(`${path}: cannot read (${(err as Error).message})`);
  }
  const doc = parseJsonText(whole.replace(/^\uFEFF/, ''), path);
  const shape = summaryShape(doc);
  if (!shape || shape === 'k6-ndjson' || shape === 'k6-csv' || shape === 'aetheris-timeseries') {
    throw new UsageError(`${path}:1:1: JSON, but not a k6 summary (handleSummary data needs root_group and typed metrics; an export, root_group and flat metrics; machine-readable, version and results.metrics)`);
  }
  return { format: shape, doc: doc as Record<string, unknown> };
}
