import type { Queryable } from '../store/event-store.ts';
import { buildSnapshotPayload, type SnapshotEvent } from './snapshot-payload.ts';

/** Options of one snapshot pass. */
export interface SnapshotOptions {
  eventThreshold: number;
  topN: number;
}

/**
 * One tick of runSnapshotLoop: for the topN jobs with the most events (at least eventThreshold),
 * rebuild the state from all events, upsert (job_id, version = event count) and delete older
 * snapshots of that job. Events are never deleted. Returns the job ids snapshotted.
 */
export async function runSnapshotPass(db: Queryable, opts: SnapshotOptions): Promise<string[]> {
  const candidates = await db.query<{ job_id: string; n: string }>({
    text: 'SELECT job_id, count(*) AS n FROM job_events GROUP BY job_id HAVING count(*) >= $1 ORDER BY count(*) DESC LIMIT $2',
    values: [opts.eventThreshold, opts.topN],
  });
  const done: string[] = [];
  for (const { job_id: jobId } of candidates.rows) {
    const events = await db.query<SnapshotEvent & { version: number }>({
      text: 'SELECT version, type, payload FROM job_events WHERE job_id = $1 ORDER BY version',
      values: [jobId],
    });
    const version = events.rows.length;
    const snapshot = Buffer.from(JSON.stringify(buildSnapshotPayload(events.rows)), 'utf8');
    await db.query({
      text: `INSERT INTO job_snapshots (job_id, version, snapshot) VALUES ($1, $2, $3)
             ON CONFLICT (job_id, version) DO UPDATE SET snapshot = EXCLUDED.snapshot, created_at = now()`,
      values: [jobId, version, snapshot],
    });
    await db.query({ text: 'DELETE FROM job_snapshots WHERE job_id = $1 AND version < $2', values: [jobId, version] });
    done.push(jobId);
  }
  return done;
}
