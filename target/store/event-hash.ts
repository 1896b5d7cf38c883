import { createHash } from 'node:crypto';

/** Formats a time the way Go's time.RFC3339Nano does for UTC: fraction without trailing zeros. */
export function rfc3339Nano(d: Date): string {
  const iso = d.toISOString(); // 2026-01-02T03:04:05.120Z
  const [main, frac = ''] = iso.slice(0, -1).split('.');
  const trimmed = frac.replace(/0+$/, '');
  return `${main}${trimmed ? `.${trimmed}` : ''}Z`;
}

/**
 * Aetheris's event hash (contract §3.5): lowercase hex SHA-256 of job_id, type, the raw payload
 * bytes, created_at (RFC3339Nano) and prev_hash joined with "|". Computed at write time because
 * JSONB normalisation makes it impossible to recompute from stored rows.
 */
export function eventHash(jobId: string, type: string, payloadJson: string, createdAt: Date, prevHash: string): string {
  return createHash('sha256').update(`${jobId}|${type}|${payloadJson}|${rfc3339Nano(createdAt)}|${prevHash}`).digest('hex');
}

// Go trims trailing zeros of the fraction: ".120" → ".12", ".000" → "".
const MS_FRACTIONS = Array.from({ length: 1000 }, (_, i) => (i === 0 ? '' : `.${String(i).padStart(3, '0').replace(/0+$/, '')}`));
let cachedSecond = Number.NaN;
let cachedPrefix = '';

/**
 * rfc3339Nano(new Date(ms)) without a Date per call: long streams hold many events per second,
 * so the "YYYY-MM-DDTHH:MM:SS" prefix is formatted once per second and reused.
 */
export function rfc3339NanoMs(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, -5);
    cachedSecond = second;
  }
  return `${cachedPrefix}${MS_FRACTIONS[ms - second * 1000]}Z`;
}
