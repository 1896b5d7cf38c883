/** Number formatting of k6's text summary (k6 summary.js humanize* helpers). */

const TIME_UNITS: Record<string, { coef: number; unit: string }> = { s: { coef: 0.001, unit: 's' }, ms: { coef: 1, unit: 'ms' }, us: { coef: 1000, unit: 'µs' } };

/** toFixed(n) without trailing zeros ("1.50" → "1.5", "2.00" → "2"). */
export function toFixedNoTrailingZeros(v: number, digits: number): string {
  return String(Number.parseFloat(v.toFixed(digits)));
}

/** A duration given in ms, as k6 prints it ("165µs", "140.36ms", "6.45s", "1m3s"), or in a fixed summaryTimeUnit. */
export function humanizeDuration(ms: number, timeUnit: string): string {
  const fixed = TIME_UNITS[timeUnit];
  if (fixed) return `${(ms * fixed.coef).toFixed(2)}${fixed.unit}`;
  if (ms === 0) return '0s';
  if (ms < 0.001) return `${Math.trunc(ms * 1e6)}ns`;
  if (ms < 1) return `${toFixedNoTrailingZeros(ms * 1000, 2)}µs`;
  if (ms < 1000) return `${toFixedNoTrailingZeros(ms, 2)}ms`;
  let out = `${toFixedNoTrailingZeros((ms % 60000) / 1000, ms > 60000 ? 0 : 2)}s`;
  let rest = Math.trunc(ms / 60000);
  if (rest < 1) return out;
  out = `${rest % 60}m${out}`;
  rest = Math.trunc(rest / 60);
  return rest < 1 ? out : `${rest}h${out}`;
}

/** Bytes in decimal units ("519 kB", "4.9 kB", "718 B"). */
export function humanizeBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  if (bytes < 10) return `${bytes} B`;
  const e = Math.min(Math.floor(Math.log(bytes) / Math.log(1000)), units.length - 1);
  const val = Math.floor((bytes / 1000 ** e) * 10 + 0.5) / 10;
  return `${val.toFixed(val < 10 ? 1 : 0)} ${units[e]}`;
}

/** One value of a metric in its unit: time → duration, data → bytes, rate → percent, else up to 6 decimals. */
export function humanizeValue(v: number, contains: string, type: string, timeUnit: string): string {
  if (type === 'rate') return `${(Math.trunc(v * 1e4) / 100).toFixed(2)}%`;
  if (contains === 'time') return humanizeDuration(v, timeUnit);
  if (contains === 'data') return humanizeBytes(v);
  return toFixedNoTrailingZeros(v, 6);
}
