import type { Queryable } from './event-store.ts';

/** A `jobs` row as the API needs it. */
export interface JobRow {
  id: string;
  agent_id: string;
  goal: string;
  status: number;
  cursor: string;
  retry_count: number;
  tenant_id: string | null;
  session_id: string | null;
  cancel_requested_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const JOB_COLUMNS = 'id, agent_id, goal, status, cursor, retry_count, tenant_id, session_id, cancel_requested_at, created_at, updated_at';

/** Reads one job by id, or undefined. */
export async function getJob(db: Queryable, id: string): Promise<JobRow | undefined> {
  const res = await db.query<JobRow>({ name: 'get_job', text: `SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1`, values: [id] });
  return res.rows[0];
}

/**
 * The job's last event, or its last event of `type` with a non-NULL payload; the payload stays JSON
 * text. Long streams are read in batches elsewhere (event-batches.ts).
 */
export async function lastEventOfJob(db: Queryable, jobId: string, type?: string): Promise<{ type: string; payload: string | null } | undefined> {
  const res = await db.query<{ type: string; payload: string | null }>(
    type === undefined
      ? { name: 'last_event', text: 'SELECT type, payload::text AS payload FROM job_events WHERE job_id = $1 ORDER BY version DESC LIMIT 1', values: [jobId] }
      : {
          name: 'last_event_of_type',
          text: 'SELECT type, payload::text AS payload FROM job_events WHERE job_id = $1 AND type = $2 AND payload IS NOT NULL ORDER BY version DESC LIMIT 1',
          values: [jobId, type],
        },
  );
  return res.rows[0];
}

/** The job holding (agent_id, idempotency_key) in the given tenant (NULL tenant counts as "default"). */
export async function findByIdempotencyKey(db: Queryable, agentId: string, key: string, tenant: string): Promise<string | undefined> {
  const res = await db.query<{ id: string }>({
    name: 'find_idem',
    text: `SELECT id FROM jobs WHERE agent_id = $1 AND idempotency_key = $2 AND (tenant_id = $3 OR (tenant_id IS NULL AND $3 = 'default'))`,
    values: [agentId, key, tenant],
  });
  return res.rows[0]?.id;
}

/** Jobs of one agent in one tenant, newest first (ListByAgent). */
export async function listJobsByAgent(db: Queryable, agentId: string, tenant: string, status: number | null, limit: number): Promise<JobRow[]> {
  const res = await db.query<JobRow>({
    name: 'list_by_agent',
    text: `SELECT ${JOB_COLUMNS} FROM jobs WHERE agent_id = $1 AND (tenant_id = $2 OR (tenant_id IS NULL AND $2 = 'default'))
           AND ($3::int IS NULL OR status = $3) ORDER BY created_at DESC LIMIT $4`,
    values: [agentId, tenant, status, limit],
  });
  return res.rows;
}

/** Worker ids holding an unexpired claim (ListActiveWorkerIDs). */
export async function activeWorkerIds(db: Queryable): Promise<string[]> {
  const res = await db.query<{ worker_id: string }>({
    name: 'active_workers',
    text: 'SELECT DISTINCT worker_id FROM job_claims WHERE expires_at > now() ORDER BY worker_id',
  });
  return res.rows.map((r) => r.worker_id);
}

/** Global count of pending jobs (the "default" queue backlog). */
export async function pendingBacklog(db: Queryable): Promise<number> {
  const res = await db.query<{ n: string }>({ name: 'backlog', text: 'SELECT count(*) AS n FROM jobs WHERE status = 0' });
  return Number(res.rows[0]?.n ?? 0);
}

/** Ids of running jobs not updated for `olderThanMs`. */
export async function stuckJobIds(db: Queryable, olderThanMs: number): Promise<string[]> {
  const res = await db.query<{ id: string }>({
    name: 'stuck_jobs',
    text: `SELECT id FROM jobs WHERE status = 1 AND updated_at < now() - ($1::double precision * interval '1 millisecond') ORDER BY updated_at`,
    values: [olderThanMs],
  });
  return res.rows.map((r) => r.id);
}

/** Rows of `jobs` per status integer. */
export async function jobStatusCounts(db: Queryable): Promise<Map<number, number>> {
  const res = await db.query<{ status: number; n: string }>({ name: 'status_counts', text: 'SELECT status, count(*) AS n FROM jobs GROUP BY status' });
  return new Map(res.rows.map((r) => [r.status, Number(r.n)]));
}

/** Sets cancel_requested_at on a job (the API side of /stop). */
export async function requestCancel(db: Queryable, jobId: string): Promise<void> {
  await db.query({ name: 'request_cancel', text: 'UPDATE jobs SET cancel_requested_at = now(), updated_at = now() WHERE id = $1', values: [jobId] });
}
