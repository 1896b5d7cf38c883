import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../target/api/server.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../target/embedded-postgres.ts';
import { startWorker, type Worker } from '../../target/worker/worker.ts';
import { call, sql, submit, testConfig, waitFor, waitTerminal } from './target-harness.ts';

let db: EmbeddedPostgres;
let api: ApiServer;
const workers: Worker[] = [];

beforeAll(async () => {
  db = await startEmbeddedPostgres();
  const config = testConfig();
  api = await startApiServer({ dsn: db.url, config });
  for (const id of ['w-1', 'w-2']) workers.push(await startWorker({ dsn: db.url, workerId: id, config, metricsPort: 0, log: () => undefined }));
});

afterAll(async () => {
  const stops = await Promise.allSettled(workers.map((w) => w.stop(1000)));
  for (const s of stops) if (s.status === "rejected") console.error("worker stop failed", s.reason);
  await api?.close();
  await db?.stop();
});

describe('reference target: submit to completion', () => {
  it('runs a job to completed with ≥10 events, job_created first, job_completed last, hashes linked', async () => {
    const { agentId, jobId } = await submit(api.url, 'hello world');
    expect(jobId).toMatch(/^job-[0-9a-f-]{36}$/);
    const job = await waitTerminal(api.url, jobId, 15_000);
    expect(job.status).toBe('completed');
    expect(Object.keys(job).sort()).toEqual(['agent_id', 'created_at', 'cursor', 'goal', 'id', 'retry_count', 'status', 'updated_at']);
    expect(job.agent_id).toBe(agentId);
    expect(job.cursor).toMatch(/^cp-[0-9a-f-]{36}$/);
    const ev = await call(api.url, 'GET', `/api/jobs/${jobId}/events`);
    expect(ev.status).toBe(200);
    expect(ev.body.job_id).toBe(jobId);
    const types = ev.body.events.map((e: any) => e.type);
    expect(types.length).toBeGreaterThanOrEqual(10);
    expect(types[0]).toBe('job_created');
    expect(types.at(-1)).toBe('job_completed');
    expect(types).toEqual([
      'job_created', 'plan_generated', 'decision_snapshot', 'node_started', 'command_emitted', 'command_committed',
      'node_finished', 'step_committed', 'state_checkpointed', 'reasoning_snapshot', 'job_completed',
    ]);
    expect(typeof ev.body.events[0].id).toBe('string');
    expect(ev.body.events[0].payload).toEqual({ agent_id: agentId, goal: 'hello world' });
    expect(ev.body.events[0]).not.toHaveProperty('hash');
    const rows = await sql(db.url, 'SELECT version, prev_hash, hash FROM job_events WHERE job_id = $1 ORDER BY version', [jobId]);
    expect(rows.map((r) => r.version)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0].prev_hash).toBe('');
    for (let i = 0; i < rows.length; i++) {
      expect(rows[i].hash).toMatch(/^[0-9a-f]{64}$/);
      if (i > 0) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    }
    const side = await sql(db.url, `SELECT (SELECT count(*) FROM checkpoints WHERE job_id = $1)::int AS cp, (SELECT count(*) FROM effects WHERE job_id = $1)::int AS ef,
      (SELECT count(*) FROM job_claims WHERE job_id = $1)::int AS cl, (SELECT count(*) FROM agent_states WHERE agent_id = $2)::int AS st,
      (SELECT count(*) FROM job_audit_leak)::int AS leak`, [jobId, agentId]);
    // job_audit_leak is the storageLeak knob's table: empty when the knob is off.
    expect(side[0]).toEqual({ cp: 1, ef: 1, cl: 1, st: 1, leak: 0 });
  });

  it('serves replay, trace, verify, export and the agent job list', async () => {
    const { agentId, jobId } = await submit(api.url, 'views');
    await waitTerminal(api.url, jobId, 15_000);
    const replay = await call(api.url, 'GET', `/api/jobs/${jobId}/replay`);
    expect(replay.status).toBe(200);
    expect(replay.body.read_only).toBe(true);
    expect(replay.body.timeline.length).toBe(11);
    expect(replay.body.current_state).toEqual({ completed_node_ids: ['n1'], cursor_node: 'n1', phase: 'completed' });
    const trace = await call(api.url, 'GET', `/api/jobs/${jobId}/trace`);
    expect(trace.status).toBe(200);
    expect(Array.isArray(trace.body.timeline)).toBe(true);
    expect(trace.body.node_durations[0].node_id).toBe('n1');
    expect(trace.body.decision_snapshot.plan_hash).toMatch(/^[0-9a-f]{64}$/);
    const page = await call(api.url, 'GET', `/api/jobs/${jobId}/trace/page`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('job_completed');
    const verify = await call(api.url, 'GET', `/api/jobs/${jobId}/verify`);
    expect(verify.status).toBe(200);
    expect(verify.body.execution_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verify.body.replay_proof_result.ok).toBe(true);
    const zip = await call(api.url, 'POST', `/api/jobs/${jobId}/export`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(zip.raw.subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(zip.raw.subarray(-22, -18).toString('hex')).toBe('504b0506');
    const list = await call(api.url, 'GET', `/api/agents/${agentId}/jobs?status=completed&limit=500`);
    expect(list.body.total).toBe(1);
    expect(list.body.jobs[0].id).toBe(jobId);
    const unknownAgent = await call(api.url, 'GET', '/api/agents/agent-nope/jobs');
    expect(unknownAgent.status).toBe(200);
    expect(unknownAgent.body).toEqual({ jobs: [], total: 0 });
  });

  it('returns 404 for another tenant and for an unknown job, with the same body', async () => {
    const { jobId } = await submit(api.url, 'tenant scoped');
    const other = await call(api.url, 'GET', `/api/jobs/${jobId}`, { headers: { 'X-Tenant-ID': 'tenant-b' } });
    const unknown = await call(api.url, 'GET', '/api/jobs/job-does-not-exist');
    expect(other.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(other.body).toEqual(unknown.body);
    for (const sub of ['events', 'replay', 'trace', 'verify']) {
      expect((await call(api.url, 'GET', `/api/jobs/${jobId}/${sub}`, { headers: { 'X-Tenant-ID': 'tenant-b' } })).status).toBe(404);
    }
    expect((await call(api.url, 'GET', `/api/jobs/${jobId}`)).status).toBe(200);
  });

  it('applies Idempotency-Key: same tenant gets the same job, another tenant gets 500', async () => {
    const agent = await call(api.url, 'POST', '/api/agents', { body: { name: 'idem' } });
    const path = `/api/agents/${agent.body.id}/message`;
    const first = await call(api.url, 'POST', path, { body: { message: 'once' }, headers: { 'Idempotency-Key': ' key-1 ' } });
    const again = await call(api.url, 'POST', path, { body: { message: 'once' }, headers: { 'Idempotency-Key': 'key-1' } });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    const cross = await call(api.url, 'POST', path, { body: { message: 'once' }, headers: { 'Idempotency-Key': 'key-1', 'X-Tenant-ID': 'tenant-b' } });
    expect(cross.status).toBe(500);
    const count = await sql(db.url, 'SELECT count(*)::int AS n FROM jobs WHERE agent_id = $1', [agent.body.id]);
    expect(count[0].n).toBe(1);
    // Aetheris default: the session in agent_states keeps every message: "once", the cross-tenant
    // attempt (appended to the session before its INSERT failed) and "twice"; the replay added none.
    await call(api.url, 'POST', path, { body: { message: 'twice' } });
    const st = await sql(db.url, `SELECT jsonb_array_length(state->'messages') AS n FROM agent_states WHERE agent_id = $1`, [agent.body.id]);
    expect(st[0].n).toBe(3);
  });

  it('answers 400 to /stop on a terminal job and to /signal on a job that is not waiting', async () => {
    const { jobId } = await submit(api.url, 'terminal');
    await waitTerminal(api.url, jobId, 15_000);
    const stop = await call(api.url, 'POST', `/api/jobs/${jobId}/stop`);
    expect(stop.status).toBe(400);
    expect(stop.body).toHaveProperty('error');
    const signal = await call(api.url, 'POST', `/api/jobs/${jobId}/signal`, { body: { correlation_key: 'k', payload: {} } });
    expect(signal.status).toBe(400);
  });

  it('reports live workers, the observability summary and Prometheus metrics', async () => {
    const { jobId } = await submit(api.url, 'metrics');
    await waitTerminal(api.url, jobId, 15_000);
    const ws = await call(api.url, 'GET', '/api/system/workers');
    expect(ws.status).toBe(200);
    expect(ws.body.total).toBeGreaterThanOrEqual(1);
    expect(ws.body.workers.every((w: string) => w === 'w-1' || w === 'w-2')).toBe(true);
    const sum = await call(api.url, 'GET', '/api/observability/summary?older_than=bogus');
    expect(sum.body.stuck_threshold_seconds).toBe(3600);
    expect(typeof sum.body.queue_backlog.default).toBe('number');
    const stuck = await call(api.url, 'GET', '/api/observability/stuck?older_than=1ms');
    expect(stuck.body.stuck_threshold_seconds).toBe(0);
    const m = await call(api.url, 'GET', '/metrics');
    expect(m.status).toBe(200);
    expect(m.headers.get('content-type')).toContain('text/plain');
    expect(m.body).toMatch(/^aetheris_jobs_total\{tenant="default",status="pending"\} \d+$/m);
    expect(m.body).toMatch(/^aetheris_job_state\{state="completed"\} [1-9]\d*$/m);
    expect(m.body).toMatch(/^aetheris_queue_backlog\{queue="default"\} \d+$/m);
    expect(m.body).toMatch(/^aetheris_stuck_job_count \d+$/m);
    const wm = await waitFor('worker metrics to show a completed job', 5000, async () => {
      for (const w of workers) {
        const r = await call(w.metricsUrl!, 'GET', '/metrics');
        if (/^aetheris_job_total\{status="completed"\} [1-9]/m.test(r.body)) return r.body as string;
      }
      return undefined;
    });
    expect(wm).toMatch(/^aetheris_worker_busy\{worker_id="w-[12]"\} \d+$/m);
    expect(wm).toMatch(/^aetheris_jobs_total\{tenant="default",status="completed"\} [1-9]/m);
    expect(wm).toMatch(/^aetheris_job_latency_seconds_bucket\{tenant="default",status="completed",le="\+Inf"\} [1-9]/m);
    // The API's /metrics also carries the workers' metrics, summed across workers, in one family per name.
    const merged = (await call(api.url, 'GET', '/metrics')).body as string;
    expect(merged).toMatch(/^aetheris_worker_busy\{worker_id="w-1"\} \d+$/m);
    expect(merged).toMatch(/^aetheris_worker_busy\{worker_id="w-2"\} \d+$/m);
    expect(merged).toMatch(/^aetheris_jobs_total\{tenant="default",status="completed"\} [1-9]\d*$/m);
    expect(merged).toMatch(/^aetheris_jobs_total\{tenant="default",status="pending"\} [1-9]\d*$/m);
    expect(merged.match(/^# TYPE aetheris_jobs_total counter$/gm)).toHaveLength(1);
    const perWorker = await Promise.all(workers.map(async (w) => Number(/^aetheris_job_total\{status="completed"\} (\d+)$/m.exec((await call(w.metricsUrl!, 'GET', '/metrics')).body)?.[1] ?? 0)));
    const summed = Number(/^aetheris_job_total\{status="completed"\} (\d+)$/m.exec(merged)?.[1]);
    expect(summed).toBe(perWorker[0]! + perWorker[1]!);
  });
});
