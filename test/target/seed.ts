// Direct SQL seeding for lifecycle tests: long event streams, old tool invocations, old terminal jobs.
import { sql } from './target-harness.ts';

/** Inserts a job row and `events` contiguous events (job_created, plan_generated, then filler, optional terminal). */
export async function seedJob(
  url: string,
  jobId: string,
  opts: { events: number; status: number; ageDays?: number; terminal?: string; tenant?: string },
): Promise<void> {
  const age = `${opts.ageDays ?? 0} days`;
  await sql(url, `INSERT INTO jobs (id, agent_id, goal, status, tenant_id, created_at, updated_at) VALUES ($1, 'agent-seed', 'seeded', $2, $3, now() - $4::interval, now() - $4::interval)`, [
    jobId, opts.status, opts.tenant ?? 'default', age,
  ]);
  await sql(
    url,
    `INSERT INTO job_events (job_id, version, type, payload, created_at, prev_hash, hash)
     SELECT $1, v, CASE WHEN v = 1 THEN 'job_created' WHEN v = 2 THEN 'plan_generated' WHEN v = $2 AND $3 <> '' THEN $3 ELSE 'agent_message' END,
            jsonb_build_object('seq', v), now() - $4::interval, md5(($1 || (v - 1))::text), md5(($1 || v)::text)
     FROM generate_series(1, $2::int) AS v`,
    [jobId, opts.events, opts.terminal ?? '', age],
  );
}
