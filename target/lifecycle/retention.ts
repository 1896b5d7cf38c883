import type { Queryable } from '../store/event-store.ts';

/** Options of one retention pass. */
export interface RetentionOptions {
  windowMs: number;
  batch: number;
}

// Beyond Aetheris (whose retention engine is never wired): a terminal job created before the window
// loses its events and rows, and a job_tombstones row records what was deleted. job_audit_leak is
// deliberately untouched: that leak must survive retention.
const RETENTION_SQL = `WITH victims AS (
  SELECT id, tenant_id, agent_id, status FROM jobs
  WHERE status IN (2, 3, 4) AND created_at < now() - $1::double precision * interval '1 millisecond'
  ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
), ev AS (
  DELETE FROM job_events WHERE job_id IN (SELECT id FROM victims) RETURNING job_id
), counts AS (
  SELECT job_id, count(*) AS n FROM ev GROUP BY job_id
), tomb AS (
  INSERT INTO job_tombstones (job_id, tenant_id, agent_id, deleted_by, reason, event_count, retention_days, archive_ref, metadata_json)
  SELECT v.id, v.tenant_id, v.agent_id, 'aetheris-bench-retention', 'retention window exceeded', COALESCE(c.n, 0)::int, $3, '',
         jsonb_build_object('status', v.status)
  FROM victims v LEFT JOIN counts c ON c.job_id = v.id
  ON CONFLICT (job_id) DO NOTHING
), d_claims AS (DELETE FROM job_claims WHERE job_id IN (SELECT id FROM victims)
), d_snap AS (DELETE FROM job_snapshots WHERE job_id IN (SELECT id FROM victims)
), d_cp AS (DELETE FROM checkpoints WHERE job_id IN (SELECT id FROM victims)
), d_eff AS (DELETE FROM effects WHERE job_id IN (SELECT id FROM victims)
), d_tool AS (DELETE FROM tool_invocations WHERE job_id IN (SELECT id FROM victims)
)
DELETE FROM jobs WHERE id IN (SELECT id FROM victims)`;

/** Deletes terminal jobs older than the window, batch by batch, writing tombstones; returns jobs deleted. */
export async function runRetentionPass(db: Queryable, opts: RetentionOptions): Promise<number> {
  const days = Math.round(opts.windowMs / 86_400_000);
  let total = 0;
  for (;;) {
    const res = await db.query({ text: RETENTION_SQL, values: [opts.windowMs, opts.batch, days] });
    const n = res.rowCount ?? 0;
    total += n;
    if (n < opts.batch) return total;
  }
}
