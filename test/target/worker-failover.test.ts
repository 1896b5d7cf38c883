import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../target/api/server.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../target/embedded-postgres.ts';
import { call, sql, submit, testConfig, waitFor, waitTerminal } from './target-harness.ts';
import { killWorker, spawnWorker, type WorkerProcess } from './worker-process.ts';

let db: EmbeddedPostgres;
let api: ApiServer;
const procs: WorkerProcess[] = [];
// LLM of 3 s so the job is surely mid-flight when worker A dies (even on a loaded machine); lease 2 s keeps the wait short.
const config = testConfig({ llm: { latencyMs: 3000 } });

beforeAll(async () => {
  db = await startEmbeddedPostgres();
  api = await startApiServer({ dsn: db.url, config });
});

afterAll(async () => {
  for (const p of procs) await killWorker(p);
  await api?.close();
  await db?.stop();
});

describe('worker failover (real processes)', () => {
  it('completes a job on another worker after the SIGKILLed worker’s lease expires', async () => {
    const a = await spawnWorker(db.url, 'worker-a', config);
    procs.push(a);
    const { jobId } = await submit(api.url, 'survive a crash');
    const claimA = await waitFor('worker-a to start the job', 10_000, async () => {
      const rows = await sql(db.url, `SELECT c.worker_id, c.attempt_id, c.expires_at FROM job_claims c
        WHERE c.job_id = $1 AND EXISTS (SELECT 1 FROM job_events e WHERE e.job_id = c.job_id AND e.type = 'node_started')`, [jobId]);
      return rows[0];
    }, 20);
    expect(claimA.worker_id).toBe('worker-a');
    a.proc.kill('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    const killedAt = await sql(db.url, 'SELECT expires_at FROM job_claims WHERE job_id = $1', [jobId]);
    expect((await call(api.url, 'GET', `/api/jobs/${jobId}`)).body.status).toBe('running');

    const b = await spawnWorker(db.url, 'worker-b', config);
    procs.push(b);
    const job = await waitTerminal(api.url, jobId, 20_000);
    expect(job.status).toBe('completed');
    expect(job.retry_count).toBe(0);
    const claim = (await sql(db.url, 'SELECT worker_id, attempt_id FROM job_claims WHERE job_id = $1', [jobId]))[0];
    expect(claim.worker_id).toBe('worker-b');
    expect(claim.attempt_id).not.toBe(claimA.attempt_id);
    const events = await sql(db.url, 'SELECT type, created_at FROM job_events WHERE job_id = $1 ORDER BY version', [jobId]);
    expect(events[0].type).toBe('job_created');
    expect(events.at(-1).type).toBe('job_completed');
    const starts = events.filter((e) => e.type === 'node_started');
    expect(starts).toHaveLength(2);
    // B only starts after A's lease (last heartbeat + 2 s) ran out. 50 ms covers DB now() vs JS clock rounding on one host.
    expect(starts[1].created_at.getTime()).toBeGreaterThanOrEqual(killedAt[0].expires_at.getTime() - 50);

    // The API's /metrics drops the dead worker and carries the live one's metrics.
    const metrics = await call(api.url, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^aetheris_worker_busy\{worker_id="worker-b"\} \d+$/m);
    expect(metrics.body).not.toContain('worker_id="worker-a"');
    expect(metrics.body).toMatch(/^aetheris_jobs_total\{tenant="default",status="completed"\} 1$/m);

    // SIGTERM: the worker stops claiming and exits cleanly.
    b.proc.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
  });
});
