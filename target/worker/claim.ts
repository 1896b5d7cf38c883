import { randomUUID } from 'node:crypto';
import type { Queryable } from '../store/event-store.ts';

/** A job this worker holds a lease on, under a fresh attempt id. */
export interface Claim {
  jobId: string;
  attemptId: string;
}

// The event-stream claim of contract §3.2: the job's latest event is not terminal, no live claim,
// lock that event row with SKIP LOCKED, upsert job_claims with a new attempt id.
// Deviations, for speed that does not decay as history grows: Aetheris aggregates all of
// job_events per claim and orders by the latest event's time; here candidates are the 64 oldest
// pending jobs without a live claim (index idx_jobs_pending_created_at), then running jobs whose
// claim expired (orphans; skipped when $4 is false), and only those get the latest-event check.
// The upsert only replaces an expired claim, so two workers whose snapshots both missed the
// other's claim cannot both take the job.
const CLAIM_SQL = `WITH cand AS MATERIALIZED (
  (SELECT j.id, 0 AS pri, j.created_at FROM jobs j
   WHERE j.status = 0 AND NOT EXISTS (SELECT 1 FROM job_claims k WHERE k.job_id = j.id AND k.expires_at > now())
   ORDER BY j.created_at LIMIT 64)
  UNION ALL
  (SELECT j.id, 1 AS pri, j.created_at FROM jobs j
   WHERE j.status = 1 AND $4::boolean AND NOT EXISTS (SELECT 1 FROM job_claims k WHERE k.job_id = j.id AND k.expires_at > now())
   ORDER BY j.created_at LIMIT 64)
), c AS (
  SELECT e.job_id FROM cand j
  JOIN job_events e ON e.job_id = j.id AND e.version = (SELECT max(m.version) FROM job_events m WHERE m.job_id = j.id)
  WHERE e.type NOT IN ('job_completed', 'job_failed', 'job_cancelled')
  ORDER BY j.pri, j.created_at
  LIMIT 1
  FOR UPDATE OF e SKIP LOCKED
)
INSERT INTO job_claims (job_id, worker_id, expires_at, attempt_id)
SELECT job_id, $1, now() + $2::double precision * interval '1 millisecond', $3 FROM c
ON CONFLICT (job_id) DO UPDATE SET worker_id = EXCLUDED.worker_id, expires_at = EXCLUDED.expires_at, attempt_id = EXCLUDED.attempt_id
WHERE job_claims.expires_at <= now()
RETURNING job_id`;

// Orphan reclaim (reclaim.go): running jobs whose claim expired go back to pending, unless blocked
// on job_waiting. Driven from the (small) set of running jobs rather than every expired claim.
const RECLAIM_SQL = `UPDATE jobs j SET status = 0, updated_at = now()
WHERE j.status = 1
  AND EXISTS (SELECT 1 FROM job_claims c WHERE c.job_id = j.id AND c.expires_at <= now())
  AND NOT EXISTS (SELECT 1 FROM job_events e WHERE e.job_id = j.id AND e.type = 'job_waiting'
                  AND e.version = (SELECT max(m.version) FROM job_events m WHERE m.job_id = j.id))`;

// The dropInflightOnWorkerDeath knob: a runtime that loses what a dead worker held. Running jobs
// whose claim expired vanish with their events and claim, so the loss audit must find them missing.
const DROP_ORPHANS_SQL = `WITH orphans AS (
  SELECT j.id FROM jobs j JOIN job_claims c ON c.job_id = j.id WHERE j.status = 1 AND c.expires_at <= now()
), gone_events AS (DELETE FROM job_events WHERE job_id IN (SELECT id FROM orphans)),
   gone_claims AS (DELETE FROM job_claims WHERE job_id IN (SELECT id FROM orphans))
DELETE FROM jobs WHERE id IN (SELECT id FROM orphans)`;

/** Claims the next runnable job, or returns undefined. `orphans` false skips running jobs whose worker died. */
export async function claimNext(db: Queryable, workerId: string, leaseMs: number, orphans: boolean): Promise<Claim | undefined> {
  const attemptId = `attempt-${randomUUID()}`;
  const res = await db.query<{ job_id: string }>({ name: 'claim_next', text: CLAIM_SQL, values: [workerId, leaseMs, attemptId, orphans] });
  const row = res.rows[0];
  return row ? { jobId: row.job_id, attemptId } : undefined;
}

/** Sets running jobs with an expired claim back to pending; returns how many. */
export async function reclaimOrphans(db: Queryable): Promise<number> {
  const res = await db.query({ name: 'reclaim_orphans', text: RECLAIM_SQL });
  return res.rowCount ?? 0;
}

/** Deletes running jobs whose worker died (expired claim), with their events and claims; returns how many. */
export async function dropOrphans(db: Queryable): Promise<number> {
  const res = await db.query({ name: 'drop_orphans', text: DROP_ORPHANS_SQL });
  return res.rowCount ?? 0;
}

/** Extends this worker's lease on a job (the heartbeat, every lease/2). */
export async function heartbeat(db: Queryable, jobId: string, workerId: string, leaseMs: number): Promise<void> {
  await db.query({
    name: 'heartbeat',
    text: `UPDATE job_claims SET expires_at = now() + $3::double precision * interval '1 millisecond' WHERE job_id = $1 AND worker_id = $2`,
    values: [jobId, workerId, leaseMs],
  });
}
