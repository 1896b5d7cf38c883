/**
 * A fast path for the commonest NDJSON line, a compact k6 Point
 * (`{"metric":"…","type":"Point","data":{"time":"…","value":…,"tags":{…}}}`, keys in any order):
 * it walks the line once instead of building objects with JSON.parse. `scanPointAt` works on a range
 * of a larger text (a whole read block) and reports positions only, so the ingest hot path allocates
 * no string per line; `scanPointLine` is the same scan on one line with the fields as strings.
 * The tags are handed back as their source range so the caller can cache one parsed tag set per
 * distinct text (the caller must JSON.parse that text once: the scanner only finds its end).
 * Hints (texts the caller has seen before) spare the walks over most of a line: k6 writes one
 * line per metric per request, all with the request's time and tags, so most lines repeat both.
 * Anything unusual (whitespace, escapes or control characters in names, `metadata`, unknown keys,
 * other line types) declines, and the caller uses JSON.parse, which is always right; a value with an
 * exponent or more than 15 digits is read, its conversion left to Number().
 * Single-threaded use only: results are in `scannedAt` / `scanned`.
 */

/**
 * Positions (into the scanned text) and value of the last Point scanned successfully; tagsStart < 0
 * when absent. tagsHint: index of the hint the tags equal, -1 when none; timeIsHint: the time equals hints.time.
 */
export const scannedAt = { metricStart: 0, metricEnd: 0, metricHash: 0, timeStart: 0, timeEnd: 0, timeIsHint: false, tagsStart: -1, tagsEnd: -1, tagsHint: -1, value: 0, lineEnd: 0 };

/**
 * Texts seen before: `tags`, each the text of a valid JSON object or null (parsed by the caller);
 * `time`, a time string's content taken from an earlier successful scan ('' for none).
 */
export interface ScanHints {
  tags: readonly string[];
  time: string;
}

/** No hints. */
const NO_HINTS: ScanHints = Object.freeze({ tags: Object.freeze([]) as readonly string[], time: '' });

/** Fields of the last line scanned successfully by scanPointLine. */
export const scanned = { metric: '', time: '', value: 0, tagsText: '' };

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const CLOSE = 125;
const OPEN = 123;
const NEWLINE = 10;
/** Powers of ten that are exact doubles (10^0 … 10^22). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
/** More digits than this may not fit a double's 53-bit integer; Number() then does the rounding. */
const MAX_FAST_DIGITS = 15;

/**
 * True when text[i, i + pattern.length) equals a short pattern (a key like `"time":`): a plain loop,
 * because String.prototype.startsWith at an offset is several times slower in V8.
 */
function matches(text: string, i: number, pattern: string): boolean {
  for (let k = 0; k < pattern.length; k++) if (text.charCodeAt(i + k) !== pattern.charCodeAt(k)) return false;
  return true;
}

/** End (exclusive, after the closing quote) of a JSON string at `i` with no escapes or control characters, or -1. */
function plainStringEnd(text: string, i: number, end: number): number {
  for (let j = i + 1; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH || c < 32) return -1;
  }
  return -1;
}

/** plainStringEnd that also leaves a hash of the string's content in scannedAt.metricHash (to find the metric without slicing). */
function hashedStringEnd(text: string, i: number, end: number): number {
  let h = 0;
  for (let j = i + 1; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) {
      scannedAt.metricHash = h;
      return j + 1;
    }
    if (c === BACKSLASH || c < 32) return -1;
    h = (Math.imul(h, 31) + c) | 0;
  }
  return -1;
}

/** End (exclusive) of a JSON string at `i` (escapes allowed, checked later by JSON.parse), or -1. */
function stringEnd(text: string, i: number, end: number): number {
  for (let j = i + 1; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) j++;
    else if (c === NEWLINE) return -1; // never past the line (the caller may bound the scan by the block)
  }
  return -1;
}

/** End (exclusive) of a JSON object at `i` ("{"), nested or not, or -1. */
function objectEnd(text: string, i: number, end: number): number {
  let depth = 0;
  for (let j = i; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) {
      j = stringEnd(text, j, end) - 1;
      if (j < 0) return -1;
    } else if (c === OPEN) depth++;
    else if (c === NEWLINE) return -1;
    else if (c === CLOSE && --depth === 0) return j + 1;
  }
  return -1;
}

/**
 * Reads a JSON number at `i` that ends at `,` or `}`; sets scannedAt.value, returns its end or -1.
 * With at most 15 digits and no exponent, mantissa / 10^k is exact over exact operands and so is
 * rounded once, exactly as Number() rounds the decimal; anything else goes through Number().
 */
function numberEnd(text: string, i: number, end: number): number {
  let j = i;
  const negative = text.charCodeAt(j) === 45;
  if (negative) j++;
  const intStart = j;
  let mantissa = 0;
  let c = text.charCodeAt(j);
  if (c === 48) j++;
  else if (c >= 49 && c <= 57) {
    while (j < end && (c = text.charCodeAt(j)) >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      j++;
    }
  } else return -1;
  let digits = j - intStart;
  let fraction = 0;
  if (text.charCodeAt(j) === 46) {
    const fracStart = ++j;
    while (j < end && (c = text.charCodeAt(j)) >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      j++;
    }
    fraction = j - fracStart;
    if (fraction === 0) return -1;
    digits += fraction;
  }
  c = text.charCodeAt(j);
  if (c === 101 || c === 69) {
    j++;
    c = text.charCodeAt(j);
    if (c === 43 || c === 45) j++;
    const expStart = j;
    while (j < end && (c = text.charCodeAt(j)) >= 48 && c <= 57) j++;
    if (j === expStart) return -1;
    digits = Infinity;
  }
  c = text.charCodeAt(j);
  if (j >= end || (c !== COMMA && c !== CLOSE)) return -1;
  if (digits <= MAX_FAST_DIGITS) {
    const v = mantissa / POW10[fraction]!;
    scannedAt.value = negative ? -v : v;
  } else scannedAt.value = Number(text.slice(i, j));
  return j;
}

/**
 * Index of the first hint that text[v, …) continues with and that ends where a value may end (before
 * ',' or '}'), or -1. A hint is a complete JSON value, so where it matches it also ends: no walk.
 * (slice + === compares flat memory; startsWith at an offset is far slower.)
 */
function hintAt(text: string, v: number, end: number, hints: readonly string[]): number {
  for (let h = 0; h < hints.length; h++) {
    const t = hints[h]!;
    const e = v + t.length;
    if (e >= end) continue;
    const after = text.charCodeAt(e); // cheap: rejects most hints of another length
    if ((after === CLOSE || after === COMMA) && text.slice(v, e) === t) return h;
  }
  return -1;
}

/** Scans the `data` object at `i`; returns the index after it, or -1. */
function scanData(text: string, i: number, end: number, hints: ScanHints): number {
  if (text.charCodeAt(i) !== OPEN) return -1;
  i++;
  let seen = 0;
  scannedAt.tagsStart = -1; // a repeated "data" key replaces the whole object, as in JSON.parse
  scannedAt.tagsHint = -1;
  for (;;) {
    let v: number;
    if (matches(text, i, '"time":')) {
      v = i + 7;
      if (text.charCodeAt(v) !== QUOTE) return -1;
      const t = hints.time;
      // The hinted time came from an earlier scan, so it is a plain string: equal text, followed by its quote, needs no walk.
      const same = t !== '' && text.charCodeAt(v + 1 + t.length) === QUOTE && v + 2 + t.length <= end && text.slice(v + 1, v + 1 + t.length) === t;
      const e = same ? v + 2 + t.length : plainStringEnd(text, v, end);
      if (e < 0) return -1;
      scannedAt.timeIsHint = same;
      scannedAt.timeStart = v + 1;
      scannedAt.timeEnd = e - 1;
      v = e;
      seen |= 1;
    } else if (matches(text, i, '"value":')) {
      v = numberEnd(text, i + 8, end);
      if (v < 0) return -1;
      seen |= 2;
    } else if (matches(text, i, '"tags":')) {
      v = i + 7;
      let e: number;
      const hinted = hintAt(text, v, end, hints.tags);
      if (hinted >= 0) e = v + hints.tags[hinted]!.length;
      else if (matches(text, v, 'null')) e = v + 4;
      else if (text.charCodeAt(v) === OPEN) e = objectEnd(text, v, end);
      else return -1;
      if (e < 0 || e > end) return -1;
      scannedAt.tagsHint = hinted;
      scannedAt.tagsStart = v;
      scannedAt.tagsEnd = e;
      v = e;
    } else return -1;
    const c = text.charCodeAt(v);
    if (c === CLOSE) return (seen & 3) === 3 ? v + 1 : -1;
    if (c !== COMMA || v >= end) return -1;
    i = v + 1;
  }
}

/**
 * Scans a compact Point line occupying text[start, end) into `scannedAt`; false when it needs
 * JSON.parse. Where the line's tags or time equal a hint, scannedAt says which (see ScanHints).
 * With `toNewline`, `end` only bounds the scan: the Point must be followed by '\n', and
 * scannedAt.lineEnd is where it ended (so the caller need not search for the line's end first).
 */
export function scanPointAt(text: string, start: number, end: number, hints: ScanHints = NO_HINTS, toNewline = false): boolean {
  if (text.charCodeAt(start) !== OPEN) return false;
  let i = start + 1;
  let seen = 0;
  for (;;) {
    let v: number;
    if (matches(text, i, '"type":')) {
      if (!matches(text, i + 7, '"Point"')) return false;
      v = i + 14;
      seen |= 1;
    } else if (matches(text, i, '"metric":')) {
      v = i + 9;
      const e = text.charCodeAt(v) === QUOTE ? hashedStringEnd(text, v, end) : -1;
      if (e < 0) return false;
      scannedAt.metricStart = v + 1;
      scannedAt.metricEnd = e - 1;
      v = e;
      seen |= 2;
    } else if (matches(text, i, '"data":')) {
      v = scanData(text, i + 7, end, hints);
      if (v < 0) return false;
      seen |= 4;
    } else return false;
    if (v >= end) return false;
    const c = text.charCodeAt(v);
    if (c === CLOSE) {
      scannedAt.lineEnd = v + 1;
      return seen === 7 && (toNewline ? text.charCodeAt(v + 1) === 10 : v + 1 === end) && scannedAt.metricEnd > scannedAt.metricStart;
    }
    if (c !== COMMA) return false;
    i = v + 1;
  }
}

/** Scans a compact Point line into `scanned`; false when the line needs the full JSON.parse path. */
export function scanPointLine(line: string): boolean {
  if (!scanPointAt(line, 0, line.length)) return false;
  const a = scannedAt;
  scanned.metric = line.slice(a.metricStart, a.metricEnd);
  scanned.time = line.slice(a.timeStart, a.timeEnd);
  scanned.value = a.value;
  scanned.tagsText = a.tagsStart < 0 ? '' : line.slice(a.tagsStart, a.tagsEnd);
  return true;
}
