import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../target/api/server.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../target/embedded-postgres.ts';
import { startWorker, type Worker } from '../../target/worker/worker.ts';
import { call, sql, submit, testConfig, waitFor, waitTerminal } from './target-harness.ts';

let db: EmbeddedPostgres;
const stops: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  db = await startEmbeddedPostgres();
});

afterAll(async () => {
  for (const s of stops.reverse()) await s().catch(() => undefined);
  await db?.stop();
});

// Each test gets its own API and worker on the shared database, stopped when the test ends so a
// worker configured to fail cannot pick up the next test's jobs.
async function withStack(overrides: Record<string, unknown>, body: (s: { api: ApiServer; worker: Worker }) => Promise<void>): Promise<void> {
  const config = testConfig(overrides);
  const api = await startApiServer({ dsn: db.url, config });
  stops.push(() => api.close());
  const worker = await startWorker({ dsn: db.url, workerId: `w-${stops.length}`, config, log: () => undefined });
  try {
    await body({ api, worker });
  } finally {
    await worker.stop(500);
    await api.close();
    stops.pop();
  }
}

describe('worker retry, failure and cancel', () => {
  it('requeues a failed attempt, retries only after the lease, and fails after max attempts', async () => {
    await withStack({ llm: { failureRate: 1 }, worker: { maxAttempts: 2 } }, async ({ api, worker }) => {
    const { jobId } = await submit(api.url, 'always fails');
    const job = await waitTerminal(api.url, jobId, 15_000);
    expect(job.status).toBe('failed');
    expect(job.retry_count).toBe(1);
    const events = await sql(db.url, 'SELECT type, created_at, payload FROM job_events WHERE job_id = $1 ORDER BY version', [jobId]);
    expect(events.at(-1).type).toBe('job_failed');
    expect(events.filter((e) => e.type === 'job_failed')).toHaveLength(1);
    const starts = events.filter((e) => e.type === 'node_started');
    expect(starts.map((e) => e.payload.attempt)).toEqual([1, 2]);
    // The retry waits for the 2 s lease taken just before the first node_started. 500 ms of slack
    // covers a slow claim-to-start on a loaded machine; a retry that ignored the lease would come
    // one 100 ms poll later.
    expect(starts[1].created_at.getTime() - starts[0].created_at.getTime()).toBeGreaterThanOrEqual(1500);
    const text = worker.metrics.registry.render();
    expect(text).toMatch(/^aetheris_job_fail_total\{status="failed"\} 2$/m);
    expect(text).toMatch(/^aetheris_jobs_total\{tenant="default",status="failed"\} 1$/m);
    });
  });

  it('cancels a running job after /stop and writes job_cancelled', async () => {
    await withStack({ llm: { latencyMs: 10_000 } }, async ({ api }) => {
    const { jobId } = await submit(api.url, 'long running');
    await waitFor('the job to run', 10_000, async () => ((await call(api.url, 'GET', `/api/jobs/${jobId}`)).body.status === 'running' ? true : undefined));
    const stop = await call(api.url, 'POST', `/api/jobs/${jobId}/stop`);
    expect(stop.status).toBe(200);
    expect(stop.body).toMatchObject({ job_id: jobId, status: 'cancelling' });
    // Far below the 10 s LLM call: the cancel poll (100 ms in tests) must interrupt it.
    const job = await waitTerminal(api.url, jobId, 5000);
    expect(job.status).toBe('cancelled');
    const last = await sql(db.url, 'SELECT type FROM job_events WHERE job_id = $1 ORDER BY version DESC LIMIT 1', [jobId]);
    expect(last[0].type).toBe('job_cancelled');
    expect((await call(api.url, 'POST', `/api/jobs/${jobId}/stop`)).status).toBe(400);
    });
  });

  it('fences a write from a stale attempt and counts a lease conflict', async () => {
    await withStack({ llm: { latencyMs: 1500 } }, async ({ api, worker }) => {
    const { jobId } = await submit(api.url, 'stolen lease');
    await waitFor('the job to run', 10_000, async () => ((await call(api.url, 'GET', `/api/jobs/${jobId}`)).body.status === 'running' ? true : undefined), 20);
    // Another attempt takes over the claim while the LLM call is in flight.
    await sql(db.url, "UPDATE job_claims SET attempt_id = 'attempt-thief', worker_id = 'thief' WHERE job_id = $1", [jobId]);
    await waitFor('a lease conflict', 10_000, async () => (worker.metrics.leaseConflict.get(['unknown']) >= 1 ? true : undefined));
    const types = (await sql(db.url, 'SELECT type FROM job_events WHERE job_id = $1 ORDER BY version', [jobId])).map((r) => r.type);
    expect(types).not.toContain('command_committed');
    expect(types).not.toContain('job_completed');
    });
  });
});
