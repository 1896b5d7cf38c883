/**
 * Sample times as k6's JSON output writes them: RFC 3339 in the host's local offset, up to nine
 * fractional digits with trailing zeros trimmed (Go time.RFC3339Nano). The part up to the second and
 * the offset are cached per second, so the hot path only formats the fraction.
 */

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function offsetText(offsetMin: number): string {
  if (offsetMin === 0) return 'Z';
  const east = -offsetMin;
  const sign = east >= 0 ? '+' : '-';
  const a = Math.abs(east);
  return `${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

/** Formats float unix milliseconds; keeps a one-entry cache of the last second seen. */
export class Rfc3339Formatter {
  private sec = Number.NaN;
  private head = '';
  private tail = '';
  private lastMs = Number.NaN;
  private lastText = '';

  /** The RFC 3339 text of `timeMs` (e.g. "2023-09-08T21:03:10.549397854+02:00"). */
  format(timeMs: number): string {
    // The samples of one response carry the same time: reuse the last result.
    if (timeMs === this.lastMs) return this.lastText;
    this.lastMs = timeMs;
    return (this.lastText = this.formatUncached(timeMs));
  }

  private formatUncached(timeMs: number): string {
    const sec = Math.floor(timeMs / 1000);
    if (sec !== this.sec) {
      const d = new Date(sec * 1000);
      // Local wall-clock fields, as Go prints a time in time.Local.
      this.head = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}T${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
      this.tail = offsetText(d.getTimezoneOffset());
      this.sec = sec;
    }
    let ns = Math.round((timeMs - sec * 1000) * 1e6);
    if (ns <= 0) return this.head + this.tail;
    if (ns > 999_999_999) ns = 999_999_999;
    const frac = String(ns).padStart(9, '0').replace(/0+$/, '');
    return `${this.head}.${frac}${this.tail}`;
  }
}
