import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../target/api/server.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../target/embedded-postgres.ts';
import { startWorker, type Worker } from '../../target/worker/worker.ts';
import { seedJob } from './seed.ts';
import { call, sql, submit, testConfig, waitTerminal } from './target-harness.ts';

let db: EmbeddedPostgres;
let api: ApiServer;
let worker: Worker;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const faulty = testConfig({
  knobs: { routeLatencyMs: { 'GET /api/jobs/:id': 300 }, payloadBytes: 2048, tenantLeak: true, storageLeak: true },
  snapshots: { enabled: false, periodMs: 100 },
  gc: { enabled: false, periodMs: 100 },
  agentStateMaxMessages: 2,
});

beforeAll(async () => {
  db = await startEmbeddedPostgres();
  await seedJob(db.url, 'job-big', { events: 1100, status: 2, terminal: 'job_completed' });
  await sql(db.url, `INSERT INTO tool_invocations (job_id, idempotency_key, created_at) VALUES ('job-big', 'ancient', now() - interval '400 days')`);
  api = await startApiServer({ dsn: db.url, config: faulty });
  worker = await startWorker({ dsn: db.url, workerId: 'faulty', config: faulty, log: () => undefined });
});

afterAll(async () => {
  await worker?.stop(500);
  await api?.close();
  await db?.stop();
});

describe('fault knobs', () => {
  it('routeLatencyMs delays the named route by at least its value', async () => {
    const t0 = performance.now();
    await call(api.url, 'GET', '/api/jobs/job-big');
    const delayed = performance.now() - t0;
    // A lower bound only: the knob sleeps 300 ms before handling, so the call cannot be faster.
    expect(delayed).toBeGreaterThanOrEqual(295);
  });

  it('tenantLeak lets another tenant read a job (Aetheris answers 404)', async () => {
    const { jobId } = await submit(api.url, 'leaky');
    const r = await call(api.url, 'GET', `/api/jobs/${jobId}`, { headers: { 'X-Tenant-ID': 'intruder' } });
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(jobId);
    expect((await call(api.url, 'GET', `/api/jobs/${jobId}/events`, { headers: { 'X-Tenant-ID': 'intruder' } })).status).toBe(200);
  });

  it('payloadBytes pads every event payload, API- and worker-written', async () => {
    const { jobId } = await submit(api.url, 'padded');
    expect((await waitTerminal(api.url, jobId, 15_000)).status).toBe('completed');
    const rows = await sql(db.url, `SELECT type, length(payload->>'padding') AS pad FROM job_events WHERE job_id = $1 ORDER BY version`, [jobId]);
    expect(rows.length).toBe(11);
    for (const r of rows) expect(r.pad).toBe(2048);
  });

  it('storageLeak adds job_audit_leak rows per job that nothing removes', async () => {
    const before = (await sql(db.url, 'SELECT count(*)::int AS n FROM job_audit_leak'))[0].n;
    const { jobId } = await submit(api.url, 'leak');
    await waitTerminal(api.url, jobId, 15_000);
    const rows = await sql(db.url, 'SELECT phase FROM job_audit_leak WHERE job_id = $1 ORDER BY id', [jobId]);
    expect(rows.map((r) => r.phase)).toEqual(['submitted', 'completed']);
    expect((await sql(db.url, 'SELECT count(*)::int AS n FROM job_audit_leak'))[0].n).toBe(before + 2);
  });

  it('agentStateMaxMessages caps the session stored in agent_states (Aetheris keeps every message)', async () => {
    const agent = await call(api.url, 'POST', '/api/agents', { body: { name: 'chatty' } });
    for (const m of ['one', 'two', 'three']) await call(api.url, 'POST', `/api/agents/${agent.body.id}/message`, { body: { message: m } });
    const rows = await sql(db.url, `SELECT state->'messages' AS messages FROM agent_states WHERE agent_id = $1`, [agent.body.id]);
    expect(rows[0].messages.map((m: { content: string }) => m.content)).toEqual(['two', 'three']);
  });

  it('snapshots off and GC off: ten periods pass without a snapshot or a deleted invocation', async () => {
    await sleep(1000); // 10 × the 100 ms periods configured above
    expect((await sql(db.url, 'SELECT count(*)::int AS n FROM job_snapshots'))[0].n).toBe(0);
    expect((await sql(db.url, `SELECT count(*)::int AS n FROM tool_invocations WHERE idempotency_key = 'ancient'`))[0].n).toBe(1);
  });

  it('dropInflightOnWorkerDeath: a job whose worker died is dropped with its events; without the knob it is retried', async () => {
    // A dead worker: the job is running under an expired claim, exactly what a SIGKILL leaves behind.
    const { jobId } = await submit(api.url, 'orphan');
    const { jobId: keptId } = await submit(api.url, 'orphan-kept');
    await waitTerminal(api.url, jobId, 15_000);
    await waitTerminal(api.url, keptId, 15_000);
    const orphan = async (id: string) => {
      await sql(db.url, `DELETE FROM job_events WHERE job_id = $1 AND version > 3`, [id]);
      await sql(db.url, `UPDATE jobs SET status = 1 WHERE id = $1`, [id]);
      await sql(db.url, `UPDATE job_claims SET worker_id = 'dead', attempt_id = 'attempt-dead', expires_at = now() - interval '1 second' WHERE job_id = $1`, [id]);
    };
    // The healthy worker stops first, or it would reclaim the orphan before the knob's worker sees it.
    await worker.stop(500);
    await orphan(jobId);
    const dropConfig = testConfig({ knobs: { dropInflightOnWorkerDeath: true } });
    const dropper = await startWorker({ dsn: db.url, workerId: 'dropper', config: dropConfig, log: () => undefined });
    try {
      await sleep(1000); // 10 poll intervals of 100 ms
      for (const table of ['jobs', 'job_events', 'job_claims']) {
        expect(await sql(db.url, `SELECT 1 FROM ${table} WHERE ${table === 'jobs' ? 'id' : 'job_id'} = $1`, [jobId]), table).toHaveLength(0);
      }
      // A finished job is not an orphan: the knob leaves it alone.
      expect((await sql(db.url, 'SELECT status FROM jobs WHERE id = $1', [keptId]))[0].status).toBe(2);
    } finally {
      await dropper.stop(500);
    }
    await orphan(keptId);
    worker = await startWorker({ dsn: db.url, workerId: 'healthy', config: testConfig(), log: () => undefined });
    expect((await waitTerminal(api.url, keptId, 15_000)).status).toBe('completed');
  });
});
