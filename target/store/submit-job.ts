import { prepareEvents, type NewEvent, type Queryable } from './event-store.ts';

/** What the submit path writes for one message (contract §1.4 side effects, §3.1 events). */
export interface SubmitJobInput {
  jobId: string;
  agentId: string;
  tenant: string;
  goal: string;
  sessionId: string;
  /** The whole in-memory session, upserted into agent_states (grows with every message, like Aetheris). */
  sessionState: unknown;
  idempotencyKey: string | null;
  /** v1..v3: job_created, plan_generated, decision_snapshot. */
  events: NewEvent[];
  padBytes: number;
  /** Knob: also write a row into job_audit_leak. */
  storageLeak: boolean;
}

// One statement, so a worker never sees the job row without its first three events and a failed
// INSERT (the cross-tenant idempotency 500) writes nothing at all. Aetheris uses several round trips.
const SUBMIT_SQL = `WITH st AS (
  INSERT INTO agent_states (agent_id, session_id, state, updated_at) VALUES ($2, $5, $6::jsonb, now())
  ON CONFLICT (agent_id, session_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()
), inst AS (
  INSERT INTO agent_instances (agent_id, tenant_id) VALUES ($2, $3) ON CONFLICT (agent_id) DO NOTHING
), j AS (
  INSERT INTO jobs (id, agent_id, goal, status, session_id, idempotency_key, tenant_id) VALUES ($1, $2, $4, 0, $5, $7, $3) RETURNING id
), leak AS (
  INSERT INTO job_audit_leak (job_id, phase, detail) SELECT id, 'submitted', jsonb_build_object('goal', $4::text) FROM j WHERE $14::boolean
)
INSERT INTO job_events (job_id, version, type, payload, created_at, prev_hash, hash)
SELECT j.id, v.version, v.type, v.payload, v.created_at, v.prev_hash, v.hash
FROM j, unnest($8::int[], $9::text[], $10::jsonb[], $11::timestamptz[], $12::text[], $13::text[]) AS v(version, type, payload, created_at, prev_hash, hash)`;

/** Inserts the job (status 0), its first events, the agent_states upsert and the agent_instances row, atomically. */
export async function submitJob(db: Queryable, input: SubmitJobInput): Promise<void> {
  const p = prepareEvents(input.jobId, { version: 0, hash: '' }, input.events, input.padBytes);
  await db.query({
    name: 'submit_job',
    text: SUBMIT_SQL,
    values: [
      input.jobId,
      input.agentId,
      input.tenant,
      input.goal,
      input.sessionId,
      JSON.stringify(input.sessionState),
      input.idempotencyKey,
      p.versions,
      p.types,
      p.payloads,
      p.times,
      p.prevs,
      p.hashes,
      input.storageLeak,
    ],
  });
}
