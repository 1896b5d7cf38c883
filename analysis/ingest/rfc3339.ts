/**
 * Fast RFC 3339 → unix ms for k6's `--out json` times ("2023-09-08T21:03:10.549397854+02:00", "…Z").
 * Date.parse costs more than JSON.parse on the ingest hot path; consecutive samples share their
 * second and offset, so the whole-second part is cached and only the fraction is read per call.
 * Precision: microseconds (k6 prints up to nanoseconds; beyond µs does not change a 1 s bucket or a percentile).
 * Returns NaN for anything that is not RFC 3339 with seconds.
 */
let cachedHead = '';
let cachedOffset = '';
let cachedBase = Number.NaN;

const HEAD_RE = /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)$/;
const OFFSET_RE = /^(?:[Zz]|([+-])(\d\d):(\d\d))$/;

function baseMs(head: string, offset: string): number {
  const h = HEAD_RE.exec(head);
  const o = OFFSET_RE.exec(offset);
  if (!h || !o) return Number.NaN;
  const utc = Date.UTC(+h[1]!, +h[2]! - 1, +h[3]!, +h[4]!, +h[5]!, +h[6]!);
  const shift = o[1] ? (o[1] === '+' ? -1 : 1) * (+o[2]! * 60 + +o[3]!) * 60_000 : 0;
  return utc + shift;
}

/** True when text at `i` continues with `s` (a loop: startsWith at an offset is slow in V8). */
function sameChars(text: string, i: number, s: string): boolean {
  for (let k = 0; k < s.length; k++) if (text.charCodeAt(i + k) !== s.charCodeAt(k)) return false;
  return true;
}

/**
 * Unix milliseconds (fractional) of an RFC 3339 timestamp, or NaN. k6 stamps every metric of one
 * request with the same time, so the last text and its value are kept: one flat compare answers most calls.
 */
export function parseRfc3339Ms(text: string): number {
  if (text === lastText) return lastResult;
  lastText = text;
  lastResult = parseRfc3339At(text, 0, text.length);
  return lastResult;
}

let lastText = '';
let lastResult = Number.NaN;

/**
 * parseRfc3339Ms of text[start, end), read in place (the ingest hot path reads times inside a whole
 * read block, and keeps its own last time: see the NDJSON reader's hints). Only the second and
 * offset are cached here.
 */
export function parseRfc3339At(text: string, start: number, end: number): number {
  return end - start < 20 ? Number.NaN : parseFresh(text, start, end);
}

function parseFresh(text: string, start: number, end: number): number {
  let i = start + 19;
  let fraction = 0;
  if (text.charCodeAt(i) === 46) {
    // '.': read up to 6 digits as microseconds, skip the rest
    i++;
    const first = i;
    let scale = 100;
    while (i < end) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (scale >= 0.001) fraction += c * scale;
      scale /= 10;
      i++;
    }
    if (i === first) return Number.NaN;
  }
  const sameHead = cachedHead.length === 19 && sameChars(text, start, cachedHead);
  const sameOffset = end - i === cachedOffset.length && sameChars(text, i, cachedOffset);
  if (!sameHead || !sameOffset) {
    const head = text.slice(start, start + 19);
    const offset = text.slice(i, end);
    cachedBase = baseMs(head, offset);
    cachedHead = head;
    cachedOffset = offset;
  }
  return cachedBase + fraction;
}
