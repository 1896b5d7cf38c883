/**
 * A fast path for the commonest NDJSON line, a compact k6 Point
 * (`{"metric":"…","type":"Point","data":{"time":"…","value":…,"tags":{…}}}`, keys in any order):
 * it walks the line once instead of building objects with JSON.parse, and hands back the tags as
 * their source text so the caller can cache one parsed tag set per distinct text (the caller must
 * JSON.parse that text once: the scanner only finds its end). Anything unusual (whitespace, escapes
 * in names, `metadata`, unknown keys, other line types) returns false, and the caller uses JSON.parse,
 * which is always right. Single-threaded use only: results are in `scanned`.
 */

/** Fields of the last line scanned successfully. */
export const scanned = { metric: '', time: '', value: 0, tagsText: '' };

const QUOTE = 34;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const BACKSLASH = 92;

/** End index (exclusive) of a JSON string starting at `i` (a quote), or -1; `escapes` allowed or not. */
function stringEnd(line: string, i: number, escapes: boolean): number {
  for (let j = i + 1; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) {
      if (!escapes) return -1;
      j++;
    }
  }
  return -1;
}

/** End index (exclusive) of a flat-or-nested JSON object starting at `i` ("{"), or -1. */
function objectEnd(line: string, i: number): number {
  let depth = 0;
  for (let j = i; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (c === QUOTE) {
      j = stringEnd(line, j, true) - 1;
      if (j < 0) return -1;
    } else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return j + 1;
  }
  return -1;
}

/** Scans the `data` object at `i`; returns the index after it, or -1. */
function scanData(line: string, i: number): number {
  if (line.charCodeAt(i) !== 123) return -1;
  i++;
  let seen = 0;
  for (;;) {
    if (line.charCodeAt(i) !== QUOTE) return -1;
    const keyEnd = stringEnd(line, i, false);
    if (keyEnd < 0 || line.charCodeAt(keyEnd) !== 58) return -1;
    const key = line.slice(i + 1, keyEnd - 1);
    let v = keyEnd + 1;
    if (key === 'time') {
      const e = line.charCodeAt(v) === QUOTE ? stringEnd(line, v, false) : -1;
      if (e < 0) return -1;
      scanned.time = line.slice(v + 1, e - 1);
      v = e;
      seen |= 1;
    } else if (key === 'value') {
      let e = v;
      while (e < line.length && line.charCodeAt(e) !== 44 && line.charCodeAt(e) !== 125) e++;
      const text = line.slice(v, e);
      if (!JSON_NUMBER.test(text)) return -1;
      const n = Number(text);
      scanned.value = n;
      v = e;
      seen |= 2;
    } else if (key === 'tags') {
      let e: number;
      if (line.startsWith('null', v)) e = v + 4;
      else if (line.charCodeAt(v) === 123) e = objectEnd(line, v);
      else return -1;
      if (e < 0) return -1;
      scanned.tagsText = line.slice(v, e);
      seen |= 4;
      v = e;
    } else return -1;
    const c = line.charCodeAt(v);
    if (c === 125) return (seen & 3) === 3 ? v + 1 : -1;
    if (c !== 44) return -1;
    i = v + 1;
  }
}

/** Scans a compact Point line into `scanned`; false when the line needs the full JSON.parse path. */
export function scanPointLine(line: string): boolean {
  if (line.charCodeAt(0) !== 123) return false;
  scanned.tagsText = '';
  let i = 1;
  let seen = 0;
  for (;;) {
    if (line.charCodeAt(i) !== QUOTE) return false;
    const keyEnd = stringEnd(line, i, false);
    if (keyEnd < 0 || line.charCodeAt(keyEnd) !== 58) return false;
    const key = line.slice(i + 1, keyEnd - 1);
    let v = keyEnd + 1;
    if (key === 'type') {
      if (!line.startsWith('"Point"', v)) return false;
      v += 7;
      seen |= 1;
    } else if (key === 'metric') {
      const e = line.charCodeAt(v) === QUOTE ? stringEnd(line, v, false) : -1;
      if (e < 0) return false;
      scanned.metric = line.slice(v + 1, e - 1);
      v = e;
      seen |= 2;
    } else if (key === 'data') {
      v = scanData(line, v);
      if (v < 0) return false;
      seen |= 4;
    } else return false;
    const c = line.charCodeAt(v);
    if (c === 125) return seen === 7 && v + 1 === line.length && scanned.metric !== '';
    if (c !== 44) return false;
    i = v + 1;
  }
}
