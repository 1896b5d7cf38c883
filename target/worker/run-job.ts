import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { TargetConfig } from '../config.ts';
import { appendEvents, readHead, StaleAttemptError, type NewEvent, type StreamHead } from '../store/event-store.ts';
import { heartbeat, type Claim } from './claim.ts';
import { failureEvents, newNodeRun, startEvents, successEvents } from './job-events.ts';
import { LlmAborted, simulateLlm } from './llm-sim.ts';
import type { WorkerMetrics } from './worker-metrics.ts';

/** What a job runner needs from its worker. */
export interface RunnerDeps {
  pool: pg.Pool;
  workerId: string;
  config: TargetConfig;
  metrics: WorkerMetrics;
  /** Aborted when the worker stops for good (the job is left to lease expiry). */
  stopSignal: AbortSignal;
  log(msg: string): void;
}

interface StartedJob {
  agent_id: string;
  goal: string;
  tenant_id: string | null;
  retry_count: number;
  cancelled: boolean;
}

const START_SQL = `WITH j AS (
  UPDATE jobs SET status = 1, updated_at = now() WHERE id = $1
  RETURNING agent_id, goal, tenant_id, retry_count, cancel_requested_at IS NOT NULL AS cancelled
), ai AS (
  UPDATE agent_instances SET current_job_id = $1, updated_at = now() WHERE agent_id = (SELECT agent_id FROM j)
)
SELECT * FROM j`;

// Writes after the terminal event: checkpoint + effect rows, status completed, cursor, agent rows.
const COMPLETE_SQL = `WITH cp AS (
  INSERT INTO checkpoints (id, job_id, node_id, state) VALUES ($2, $1, 'n1', $3::jsonb)
), ef AS (
  INSERT INTO effects (job_id, command_id, kind, input, output) VALUES ($1, 'n1', 'llm', $4::jsonb, $3::jsonb)
  ON CONFLICT (job_id, command_id) DO UPDATE SET output = EXCLUDED.output
), ai AS (
  UPDATE agent_instances SET current_job_id = NULL, updated_at = now() WHERE agent_id = $5
), st AS (
  UPDATE agent_states SET updated_at = now() WHERE agent_id = $5
), leak AS (
  INSERT INTO job_audit_leak (job_id, phase, detail) SELECT $1, 'completed', $3::jsonb WHERE $6::boolean
)
UPDATE jobs SET status = 2, cursor = $2, updated_at = now() WHERE id = $1`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one claimed job to an end: completed, requeued, failed, cancelled, or abandoned on a lost lease. */
export async function runJob(deps: RunnerDeps, claim: Claim): Promise<void> {
  const { pool, workerId, config, metrics } = deps;
  const { jobId, attemptId } = claim;
  const started = Date.now();
  const cancel = new AbortController();
  const onStop = () => cancel.abort();
  deps.stopSignal.addEventListener('abort', onStop, { once: true });
  let cancelRequested = false;
  const timers: NodeJS.Timeout[] = [];
  metrics.busy.inc([workerId]);
  let tenant = 'default';
  try {
    const res = await pool.query<StartedJob>({ name: 'start_job', text: START_SQL, values: [jobId] });
    const job = res.rows[0];
    if (!job) return;
    tenant = job.tenant_id ?? 'default';
    timers.push(setInterval(() => heartbeat(pool, jobId, workerId, config.leaseMs).catch((e: Error) => deps.log(`heartbeat ${jobId}: ${e.message}`)), config.leaseMs / 2));
    timers.push(
      setInterval(() => {
        pool
          .query<{ c: boolean }>({ name: 'cancel_poll', text: 'SELECT cancel_requested_at IS NOT NULL AS c FROM jobs WHERE id = $1', values: [jobId] })
          .then((r) => {
            if (r.rows[0]?.c) {
              cancelRequested = true;
              cancel.abort();
            }
          })
          .catch(() => undefined);
      }, config.worker.cancelPollMs),
    );
    const fenced = (head: StreamHead, events: NewEvent[]) => appendEvents(pool, { jobId, head, events, attemptId, padBytes: config.knobs.payloadBytes });

    let stream = await readHead(pool, jobId);
    for (const deadline = Date.now() + config.worker.planWaitMs; !stream.hasPlan && Date.now() < deadline && !cancel.signal.aborted; ) {
      await sleep(200);
      stream = await readHead(pool, jobId);
    }
    let head: StreamHead = stream;
    const attempt = job.retry_count + 1;
    const run = newNodeRun(jobId, job.goal, attempt);
    if (job.cancelled) cancelRequested = true;
    if (cancelRequested) return await finishCancelled(deps, jobId, head, fenced, tenant, started);
    if (deps.stopSignal.aborted) return;
    if (!stream.hasPlan) {
      return await finishFailure(deps, { jobId, head, fenced, tenant, started, attempt, retryCount: job.retry_count, goal: job.goal, error: 'plan_generated not found', run });
    }

    head = await fenced(head, startEvents(run));
    const stepStart = Date.now();
    let reply: string;
    try {
      reply = await simulateLlm(config.llm, job.goal, cancel.signal);
    } catch (err) {
      if (err instanceof LlmAborted) {
        if (cancelRequested) return await finishCancelled(deps, jobId, head, fenced, tenant, started);
        return; // worker stopping: leave the job to lease expiry and reclaim, like a crash
      }
      metrics.stepDuration.observe([tenant, 'llm', 'false'], (Date.now() - stepStart) / 1000);
      return await finishFailure(deps, { jobId, head, fenced, tenant, started, attempt, retryCount: job.retry_count, goal: job.goal, error: (err as Error).message, run });
    }
    const stepMs = Date.now() - stepStart;
    metrics.stepDuration.observe([tenant, 'llm', 'true'], stepMs / 1000);
    head = await fenced(head, successEvents(run, reply, stepMs));
    const state = JSON.stringify({ n1: reply });
    await pool.query({
      name: 'complete_job',
      text: COMPLETE_SQL,
      values: [jobId, `cp-${randomUUID()}`, state, JSON.stringify({ prompt: job.goal }), job.agent_id, config.knobs.storageLeak],
    });
    const secs = (Date.now() - started) / 1000;
    metrics.jobTotal.inc(['completed']);
    metrics.jobsTotal.inc([tenant, 'completed']);
    metrics.jobLatency.observe([tenant, 'completed'], secs);
    metrics.jobDuration.observe([job.agent_id], secs);
  } catch (err) {
    if (err instanceof StaleAttemptError) {
      metrics.leaseConflict.inc(['unknown']);
      deps.log(`job ${jobId}: lease lost (${err.message}); abandoning`);
    } else {
      deps.log(`job ${jobId}: ${(err as Error).message}; left for lease expiry`);
    }
  } finally {
    for (const t of timers) clearInterval(t);
    deps.stopSignal.removeEventListener('abort', onStop);
    metrics.busy.inc([workerId], -1);
  }
}

type Fenced = (head: StreamHead, events: NewEvent[]) => Promise<StreamHead>;

async function finishCancelled(deps: RunnerDeps, jobId: string, head: StreamHead, fenced: Fenced, tenant: string, started: number): Promise<void> {
  // Settles contract §10.4 item 2: the stand-in does write job_cancelled, so a cancelled job is never re-claimed.
  await fenced(head, [{ type: 'job_cancelled', payload: { reason: 'cancel requested' } }]);
  await deps.pool.query({ name: 'set_cancelled', text: 'UPDATE jobs SET status = 4, updated_at = now() WHERE id = $1', values: [jobId] });
  deps.metrics.jobTotal.inc(['cancelled']);
  deps.metrics.jobsTotal.inc([tenant, 'cancelled']);
  deps.metrics.jobLatency.observe([tenant, 'cancelled'], (Date.now() - started) / 1000);
}

interface FailureArgs {
  jobId: string;
  head: StreamHead;
  fenced: Fenced;
  tenant: string;
  started: number;
  attempt: number;
  retryCount: number;
  goal: string;
  error: string;
  run: ReturnType<typeof newNodeRun>;
}

async function finishFailure(deps: RunnerDeps, a: FailureArgs): Promise<void> {
  const { metrics, pool, config } = deps;
  let head = await a.fenced(a.head, failureEvents(a.run, a.error, Date.now() - a.started));
  metrics.jobTotal.inc(['failed']);
  metrics.jobFailTotal.inc(['failed']);
  if (a.retryCount + 1 >= config.worker.maxAttempts) {
    head = await a.fenced(head, [{ type: 'job_failed', payload: { goal: a.goal, error: a.error } }]);
    await pool.query({ name: 'set_failed', text: 'UPDATE jobs SET status = 3, updated_at = now() WHERE id = $1', values: [a.jobId] });
    metrics.jobsTotal.inc([a.tenant, 'failed']);
    metrics.jobLatency.observe([a.tenant, 'failed'], (Date.now() - a.started) / 1000);
    return;
  }
  // Requeue without a terminal event; the claim is kept, so the retry waits for the lease to expire.
  await pool.query({ name: 'requeue', text: 'UPDATE jobs SET status = 0, retry_count = retry_count + 1, updated_at = now() WHERE id = $1', values: [a.jobId] });
  metrics.stepRetries.inc([a.tenant, 'llm', 'error']);
}
