import { UsageError } from '../../harness/errors.ts';
import { jsonErrorOffset } from './json-error-offset.ts';

/** Line and column (1-based) of a character offset in a text. */
function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * JSON.parse that turns a syntax error into a UsageError naming `file:line:column`, because the
 * reader of the message must be able to jump to the broken byte.
 */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const offset = jsonErrorOffset(text);
    const at = lineColumnAt(text, offset < 0 ? text.length : offset);
    const reason = text.trim() === '' ? 'empty file, expected JSON' : `invalid JSON (${shortReason(msg)})`;
    throw new UsageError(`${file}:${at.line}:${at.column}: ${reason}`);
  }
}

/**
 * Parses one NDJSON line into an object. A cut-off last line (a run killed while writing) returns
 * undefined after `onCut`; any other malformed line throws through `bad` with its 1-based column.
 */
export function parseJsonLine(
  line: string,
  lineNo: number,
  unterminated: boolean,
  onCut: () => void,
  bad: (lineNo: number, column: number, msg: string) => never,
  what = 'not a JSON object',
): Record<string, any> | undefined {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    if (unterminated) {
      onCut();
      return undefined;
    }
    const at = jsonErrorOffset(line);
    return bad(lineNo, (at < 0 ? line.length : at) + 1, what);
  }
  if (obj === null || typeof obj !== 'object') return bad(lineNo, 1, 'not a JSON object');
  return obj as Record<string, any>;
}

/** Formats a JSON path like `$.defaults["http_req_duration{a:b}"].thresholds[0]`. */
export function jsonPath(parts: ReadonlyArray<string | number>): string {
  let out = '$';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The reason part of a JSON.parse message, without the echoed input (which may be long or hold secrets). */
function shortReason(msg: string): string {
  const first = msg.split('\n')[0] ?? msg;
  if (first.startsWith('Unexpected token')) return first.replace(/, ".*$/, '').replace(/ in JSON.*$/, '');
  return first.replace(/ (?:in JSON )?at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
}
