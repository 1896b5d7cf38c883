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

/** Unix milliseconds (fractional) of an RFC 3339 timestamp, or NaN. */
export function parseRfc3339Ms(text: string): number {
  if (text.length < 20) return Number.NaN;
  let i = 19;
  let fraction = 0;
  if (text.charCodeAt(19) === 46) {
    // '.': read up to 6 digits as microseconds, skip the rest
    i = 20;
    let scale = 100;
    while (i < text.length) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (scale >= 0.001) fraction += c * scale;
      scale /= 10;
      i++;
    }
    if (i === 20) return Number.NaN;
  }
  const head = text.slice(0, 19);
  const offset = text.slice(i);
  if (head !== cachedHead || offset !== cachedOffset) {
    cachedBase = baseMs(head, offset);
    cachedHead = head;
    cachedOffset = offset;
  }
  return cachedBase + fraction;
}
