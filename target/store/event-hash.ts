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
